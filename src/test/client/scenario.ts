// What the ERP frontend does with the API, written against the client generated from /q/openapi: compiled with
// tsc --strict and linted (no any, no casts, no non-null assertions), then run against a service. Every operation
// of the document is called once at least; a response other than the one typed stops the run.
//
//   node dist/scenario.js BASE_URL      (check.sh generates, compiles, lints and runs it)
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/provisioning.js";

type Problem = components["schemas"]["Problem"];
type DealStage = components["schemas"]["DealStage"];

const baseUrl = process.argv[2];
if (baseUrl === undefined) {
  throw new Error("usage: node dist/scenario.js BASE_URL");
}
// The JSON API, as the ERP frontend uses it: listAccounts also answers NDJSON (an export, for the ERP backend), which
// a browser client leaves out by naming the media types it reads and sends.
type Json = "application/json" | "application/problem+json" | "application/merge-patch+json";
const api = createClient<paths, Json>({ baseUrl });
const mergePatch = { "Content-Type": "application/merge-patch+json" };

function check(condition: boolean, what: string): asserts condition {
  if (!condition) {
    throw new Error(`not as typed: ${what}`);
  }
}

/** A problem the way a screen shows it: its code, each field at fault, and who holds a taken value. */
function show(problem: Problem): string {
  const fields = (problem.errors ?? []).map((error) => `${error.field} ${error.code}`).join(", ");
  const holder = problem.existing === undefined ? "" : ` (held by ${problem.existing})`;
  return `${problem.status} ${problem.code}${fields === "" ? "" : `: ${fields}`}${holder}`;
}

function log(step: string): void {
  console.log(`ok    ${step}`);
}

const slug = `frontend-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

// The dropdowns: every enum field's labels, as the database has them now.
const enums = await api.GET("/api/v1/enums");
check(enums.data !== undefined, "GET /api/v1/enums answers the labels");
const stages: DealStage[] = enums.data.dealStage;
check(stages.includes("closed-won"), "dealStage lists closed-won");
log(`listEnums: ${stages.length} deal stages, ${enums.data.planTier.length} plan tiers`);

// Create an account with its domains.
const created = await api.POST("/api/v1/accounts", {
  body: {
    name: "Frontend Check GmbH",
    slug,
    ownerEmail: `ops@${slug}.example`,
    subscriptionStatus: "trialing",
    planTier: "growth",
    billingInterval: "annual",
    domains: [`${slug}.example`, `shop.${slug}.example`],
  },
});
check(created.data !== undefined && created.response.status === 201, "createAccount answers 201 with the account");
const account = created.data;
check(created.response.headers.get("Location")?.endsWith(`/api/v1/accounts/${account.id}`) === true, "Location names the account");
check(account.trialEndsAt !== null, "a trialing account gets a trial end");
check(account.planTier === "growth" && account.billingInterval === "annual", "labels come back as sent");
log(`createAccount: ${account.slug} (${account.id}), trial until ${account.trialEndsAt}`);

// A dry run writes nothing.
const dryRun = await api.POST("/api/v1/accounts", {
  params: { query: { dryRun: true } },
  body: { name: "Frontend Dry Run", ownerEmail: "dry@run.example" },
});
check(dryRun.data !== undefined && dryRun.response.status === 200, "a dry run answers 200");
log(`createAccount dryRun: would be ${dryRun.data.slug}`);

// A taken slug: the 409 names the account that holds it.
const taken = await api.POST("/api/v1/accounts", { body: { name: "Again", slug, ownerEmail: "again@example.com" } });
check(taken.error !== undefined && taken.response.status === 409, "a taken slug is a 409");
check(taken.error.code === "slug-taken" && taken.error.existing === `/api/v1/accounts/${account.id}`, "the 409 names the holder");
log(`createAccount again: ${show(taken.error)}`);

// A form with two fields at fault: the 400 names each.
const invalid = await api.POST("/api/v1/accounts", { body: { name: " ", ownerEmail: "ops@" } });
check(invalid.error !== undefined && invalid.response.status === 400, "invalid fields are a 400");
const faults = (invalid.error.errors ?? []).map((error) => error.field).sort();
check(invalid.error.code === "validation-failed" && faults.join() === "name,ownerEmail", "the 400 names both fields");
log(`createAccount invalid: ${show(invalid.error)}`);

// Page through every account, two at a time, in slug order.
let cursor: string | undefined;
let pages = 0;
const slugs: string[] = [];
do {
  const page = await api.GET("/api/v1/accounts", { params: { query: { limit: 2, cursor } } });
  check(page.data !== undefined, "listAccounts answers a page");
  slugs.push(...page.data.items.map((item) => item.slug));
  cursor = page.data.nextCursor ?? undefined;
  pages++;
} while (cursor !== undefined && pages < 500);
check(slugs.includes(slug), "paging reaches the new account");
check(slugs.every((value, i) => i === 0 || (slugs[i - 1] ?? "") < value), "pages come in slug order");
log(`listAccounts: ${slugs.length} accounts in ${pages} pages`);

const filtered = await api.GET("/api/v1/accounts", {
  params: { query: { q: slug, subscriptionStatus: "trialing", planTier: "growth" } },
});
check(filtered.data !== undefined && filtered.data.items.length === 1 && filtered.data.nextCursor === null, "filters find it alone");
log("listAccounts filtered: 1 account, no next page");

// Patch a field to null (merge patch), then read it back.
const patched = await api.PATCH("/api/v1/accounts/{accountId}", {
  params: { path: { accountId: account.id } },
  headers: mergePatch,
  body: { planTier: null, billingInterval: "monthly" },
});
check(patched.data !== undefined, "updateAccount answers the account");
check(patched.data.planTier === null && patched.data.billingInterval === "monthly", "null cleared the plan tier");
const read = await api.GET("/api/v1/accounts/{accountId}", { params: { path: { accountId: account.id } } });
check(read.data !== undefined && read.data.planTier === null && read.data.name === account.name, "getAccount reads the patch");
log(`updateAccount: planTier ${read.data.planTier}, billingInterval ${read.data.billingInterval}`);

// Domains: the two created with the account, one more, verified, and deleted.
const accountPath = { accountId: account.id };
const domains = await api.GET("/api/v1/accounts/{accountId}/domains", { params: { path: accountPath } });
check(domains.data !== undefined && domains.data.items.length === 2, "listDomains lists both");
check(domains.data.items.every((domain) => domain.status === "pending" && domain.verifiedAt === null), "new domains are pending");
const addedDomain = await api.POST("/api/v1/accounts/{accountId}/domains", {
  params: { path: accountPath },
  body: { domain: `Extra.${slug}.Example.` },
});
check(addedDomain.data !== undefined && addedDomain.response.status === 201, "createDomain answers 201");
const domain = addedDomain.data;
check(domain.domain === `extra.${slug}.example`, "the name is stored normalised");
const domainPath = { accountId: account.id, domainId: domain.id };
const verified = await api.PATCH("/api/v1/accounts/{accountId}/domains/{domainId}", {
  params: { path: domainPath },
  headers: mergePatch,
  body: { status: "verified" },
});
check(verified.data !== undefined && verified.data.status === "verified" && verified.data.verifiedAt !== null, "verifying sets verifiedAt");
const heldDomain = await api.POST("/api/v1/accounts/{accountId}/domains", {
  params: { path: accountPath },
  body: { domain: `shop.${slug}.example` },
});
check(heldDomain.error !== undefined && heldDomain.error.code === "domain-taken", "a held domain is a 409 domain-taken");
log(`createDomain again: ${show(heldDomain.error)}`);
const deletedDomain = await api.DELETE("/api/v1/accounts/{accountId}/domains/{domainId}", { params: { path: domainPath } });
check(deletedDomain.response.status === 204, "deleteDomain answers 204");
const goneDomain = await api.GET("/api/v1/accounts/{accountId}/domains/{domainId}", { params: { path: domainPath } });
check(goneDomain.error !== undefined && goneDomain.error.code === "domain-not-found", "a deleted domain is gone");
log(`domains: listed 2, added, verified at ${verified.data.verifiedAt}, deleted (then ${show(goneDomain.error)})`);

// Deals: one created, moved to closed-won, its close date cleared, and deleted.
const addedDeal = await api.POST("/api/v1/accounts/{accountId}/deals", {
  params: { path: accountPath },
  body: { title: "Annual renewal", amountCents: 1200000, currency: "eur", expectedCloseDate: "2026-12-31" },
});
check(addedDeal.data !== undefined && addedDeal.response.status === 201, "createDeal answers 201");
const deal = addedDeal.data;
check(deal.stage === "prospecting" && deal.closedAt === null && deal.currency === "EUR", "a new deal is prospecting, open");
const dealPath = { accountId: account.id, dealId: deal.id };
const won: DealStage = "closed-won";
const closed = await api.PATCH("/api/v1/accounts/{accountId}/deals/{dealId}", {
  params: { path: dealPath },
  headers: mergePatch,
  body: { stage: won, expectedCloseDate: null },
});
check(closed.data !== undefined && closed.data.stage === won && closed.data.closedAt !== null, "closing sets closedAt");
check(closed.data.expectedCloseDate === null, "null cleared the expected close date");
const wonDeals = await api.GET("/api/v1/accounts/{accountId}/deals", { params: { path: accountPath, query: { stage: won } } });
check(wonDeals.data !== undefined && wonDeals.data.items.some((item) => item.id === deal.id), "listDeals filters by stage");
const readDeal = await api.GET("/api/v1/accounts/{accountId}/deals/{dealId}", { params: { path: dealPath } });
check(readDeal.data !== undefined && readDeal.data.closedAt === closed.data.closedAt, "getDeal reads the change");
const deletedDeal = await api.DELETE("/api/v1/accounts/{accountId}/deals/{dealId}", { params: { path: dealPath } });
check(deletedDeal.response.status === 204, "deleteDeal answers 204");
log(`deals: created, ${readDeal.data.stage} at ${readDeal.data.closedAt}, deleted`);

// The operations routes.
const probes = [
  await api.GET("/q/health"),
  await api.GET("/q/health/live"),
  await api.GET("/q/health/ready"),
  await api.GET("/q/health/started"),
];
for (const health of probes) {
  check(health.data !== undefined && health.data.status === "UP", `${health.response.url} is UP`);
}
const metrics = await api.GET("/q/metrics", { parseAs: "text" });
check(metrics.data !== undefined && metrics.data.includes("erp_problems_total"), "metrics are Prometheus text");
const document = await api.GET("/q/openapi", { params: { query: { format: "json" } } });
check(document.data !== undefined && document.response.status === 200, "the document is served");
log("health, metrics and the document answer");
