#!/usr/bin/env bash
# Compare two HPA configurations on the Black Friday scenario (24 simulated hours each): CPU
# target 80% with minReplicas 4 against 50% with minReplicas 8. The two runs go in parallel, one
# per core; each prints its progress.
# Usage: npm run build && bash docs/compare-black-friday.sh   -> out/black-friday-compare/compare.html
set -euo pipefail
cd "$(dirname "$0")/.."
capsim() { node dist/cli/bin.js "$@"; }
pids=()
for t in 80 50; do
  capsim run black-friday --manifests "docs/examples/black-friday/hpa-$t.yaml" --out "out/black-friday-hpa-$t" &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ "$status" -eq 0 ] || { echo "compare-black-friday: a run failed" >&2; exit 1; }
capsim report --compare out/black-friday-hpa-80 out/black-friday-hpa-50 --out out/black-friday-compare
