#!/usr/bin/env node
// Strict schema validation of rendered Kubernetes manifests.
//
//   node validate.mjs [--label NAME] [FILE ...]      (no FILE, or "-": read standard input)
//
// Every YAML document must be a resource whose apiVersion/kind is a built-in Kubernetes type known to
// the `kubernetes-models` package (JSON schemas generated from the Kubernetes OpenAPI definitions, checked by
// compiled ajv validators from `@kubernetes-models/validate`), or a Prometheus Operator type known to
// `@kubernetes-models/prometheus-operator` (the same, generated from the operator's CRDs). A resource fails on:
//   - a wrong type, a missing required field, a value outside an enum or format (the schema itself);
//   - a field the schema does not define, at any depth (see `unknownFields`);
//   - a missing metadata.name, a duplicate kind/namespace/name, a YAML error or duplicate YAML key.
// Prints one line per resource ("ok" or "FAIL" with the reasons below it) and exits 1 on any failure,
// 2 when the input holds no resource at all.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const args = { label: "", files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--label") args.label = argv[++i] ?? "";
    else args.files.push(argv[i]);
  }
  if (args.files.length === 0) args.files.push("-");
  return args;
}

// The model class for apiVersion/kind: kubernetes-models/<group>/<version> exports one class per kind.
function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9.\-/]+$/.test(apiVersion)) {
    return undefined;
  }
  // Built-in types first, then the Prometheus Operator's (PodMonitor, PrometheusRule), generated from its CRDs.
  for (const models of ["kubernetes-models", "@kubernetes-models/prometheus-operator"]) {
    let mod;
    try {
      mod = require(`${models}/${apiVersion}`);
    } catch {
      continue;
    }
    const model = mod[kind];
    if (typeof model === "function" && model.apiVersion === apiVersion && model.kind === kind) return model;
  }
  return undefined;
}

const pointer = (path, key) => `${path}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

// Wraps the resource so that every property the schema validator reads is recorded by its JSON pointer.
// The compiled validators read each property their schema defines (to check it), and every entry of a
// map-typed field (labels, data, ...), so a property that was never read is one the schema does not define.
function tracked(value, path, seen) {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const result = Reflect.get(target, key, receiver);
      if (typeof key === "string" && Object.prototype.hasOwnProperty.call(target, key)) {
        const at = pointer(path, key);
        seen.add(at);
        return tracked(result, at, seen);
      }
      return result;
    },
  });
}

function unknownFields(value, path, seen, found) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => unknownFields(item, pointer(path, index), seen, found));
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      const at = pointer(path, key);
      if (seen.has(at)) unknownFields(value[key], at, seen, found);
      else found.push(at);
    }
  }
  return found;
}

function describe(error) {
  const where = error.instancePath || "/";
  const params = error.params ?? {};
  let detail = error.message ?? error.keyword;
  if (params.allowedValues) detail += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  if (params.missingProperty) detail = `required field "${params.missingProperty}" is missing`;
  return `${where} ${detail}`;
}

function validate(resource) {
  const problems = [];
  if (resource === null || typeof resource !== "object" || Array.isArray(resource)) {
    return ["/ document is not a mapping (a Kubernetes resource)"];
  }
  const { apiVersion, kind } = resource;
  const model = modelFor(apiVersion, kind);
  if (!model) {
    return [`/ unknown apiVersion/kind ${JSON.stringify(apiVersion)}/${JSON.stringify(kind)}: not a built-in Kubernetes or Prometheus Operator type`];
  }
  if (typeof resource.metadata?.name !== "string" || resource.metadata.name === "") {
    problems.push("/metadata/name is missing");
  }
  const seen = new Set();
  try {
    model.prototype.validate.call(tracked(resource, "", seen));
  } catch (error) {
    if (!Array.isArray(error.errors)) throw error;
    problems.push(...error.errors.map(describe));
  }
  for (const field of unknownFields(resource, "", seen, [])) {
    problems.push(`${field} unknown field (not in the ${apiVersion} ${kind} schema)`);
  }
  return problems;
}

function main() {
  const { label, files } = parseArgs(process.argv.slice(2));
  const prefix = label ? `${label}: ` : "";
  const identities = new Set();
  let resources = 0;
  let failures = 0;

  for (const file of files) {
    const text = readFileSync(file === "-" ? 0 : file, "utf8");
    const documents = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true });
    for (const [index, document] of documents.entries()) {
      const yamlErrors = [...document.errors, ...document.warnings];
      const resource = yamlErrors.length === 0 ? document.toJS({ maxAliasCount: 100 }) : undefined;
      if (yamlErrors.length === 0 && (resource === null || resource === undefined)) continue; // empty document
      resources++;
      const kind = String(resource?.kind ?? "?");
      const apiVersion = String(resource?.apiVersion ?? "?");
      const namespace = resource?.metadata?.namespace;
      const name = String(resource?.metadata?.name ?? "?");
      const id = resource ? `${apiVersion} ${kind} ${namespace ? `${namespace}/` : ""}${name}` : `${file === "-" ? "<stdin>" : file} document ${index + 1}`;
      const problems = yamlErrors.length > 0 ? yamlErrors.map((e) => `YAML: ${e.message.split("\n")[0]}`) : validate(resource);
      const identity = `${apiVersion.split("/").length > 1 ? apiVersion.split("/")[0] : ""}/${kind}/${namespace ?? ""}/${name}`;
      if (yamlErrors.length === 0 && identities.has(identity)) problems.push("/ duplicate resource (same kind, namespace and name)");
      identities.add(identity);
      if (problems.length === 0) {
        console.log(`${prefix}ok    ${id}`);
      } else {
        failures++;
        console.log(`${prefix}FAIL  ${id}`);
        for (const problem of problems) console.log(`        ${problem}`);
      }
    }
  }

  if (resources === 0) {
    console.log(`${prefix}FAIL  no Kubernetes resource in the input`);
    process.exit(2);
  }
  console.log(`${prefix}${resources - failures} resources valid, ${failures} invalid`);
  process.exit(failures === 0 ? 0 : 1);
}

main();
