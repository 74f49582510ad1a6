#!/usr/bin/env bash
# Compare two HPA configurations on the Black Friday scenario (24 simulated hours each, a few
# minutes of work): CPU target 80% with minReplicas 4 against 50% with minReplicas 8.
# Usage: npm run build && bash docs/compare-black-friday.sh   -> out/black-friday-compare/compare.html
set -euo pipefail
cd "$(dirname "$0")/.."
capsim() { node dist/cli/bin.js "$@"; }
for t in 80 50; do
  capsim run black-friday --manifests "docs/examples/black-friday/hpa-$t.yaml" --out "out/black-friday-hpa-$t"
done
capsim report --compare out/black-friday-hpa-80 out/black-friday-hpa-50 --out out/black-friday-compare
