#!/usr/bin/env bash
# Unit-tests the alert rules with promtool, against the rule groups of k8s/base/prometheusrule.yaml exactly as
# Kustomize deploys them (no copy of the rules is kept): checks them, then runs deploy/alerts/rules.test.yaml;
# and checks that the Grafana dashboard k8s/grafana-dashboard.json parses.
#
#   deploy/test-alerts.sh
#
# Needs promtool (Debian package prometheus) and Debian's python3 with PyYAML (python3-yaml).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v promtool >/dev/null || { echo "test-alerts: promtool is required (apt-get install prometheus)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# promtool reads plain rule files; the PrometheusRule's spec is one.
/usr/bin/python3 - k8s/base/prometheusrule.yaml "$work/rules.yaml" <<'PY'
import sys, yaml
with open(sys.argv[1]) as source:
    rule = yaml.safe_load(source)
assert rule["kind"] == "PrometheusRule", "not a PrometheusRule: " + sys.argv[1]
with open(sys.argv[2], "w") as target:
    yaml.safe_dump(rule["spec"], target, sort_keys=False)
PY
cp deploy/alerts/rules.test.yaml "$work/"
promtool check rules "$work/rules.yaml"
promtool test rules "$work/rules.test.yaml"
# The dashboard of the same signals must at least parse (MetricsTest checks the series it reads are exported).
/usr/bin/python3 -m json.tool k8s/grafana-dashboard.json >/dev/null
echo "test-alerts: k8s/grafana-dashboard.json parses"
