#!/usr/bin/env bash
# Run one k6 scenario against the kind cluster and record the cluster meanwhile (npm run kind:load).
#   k6 (on the host)  -> http://127.0.0.1:30080 (NodePort mapped by kind-config.yaml; kube-proxy
#                        balances over all ready pods, unlike a port-forward)
#   capsim record     -> a timeline of the Deployment, its pods, the HPA, nodes and pod metrics
#                        (cli/commands/record.ts; stopped with SIGINT when k6 ends)
# Outputs, in OUT_DIR (default out/kind/<scenario>-<UTC time>):
#   k6.ndjson (--out json), summary.json (--summary-export), timeline.ndjson, k6.log, record.log
# Environment: SCENARIO (steady-authorize), BASE_URL (http://127.0.0.1:30080),
# TIME_COMPRESSION (1 = real time), KIND_CLUSTER (capsim), NAMESPACE (payments), OUT_DIR.
# Exit code: k6's (99 = thresholds crossed; the outputs are complete and usable for calibration).
set -euo pipefail

SCENARIO="${SCENARIO:-steady-authorize}"
BASE_URL="${BASE_URL:-http://127.0.0.1:30080}"
TIME_COMPRESSION="${TIME_COMPRESSION:-1}"
CLUSTER="${KIND_CLUSTER:-capsim}"
NAMESPACE="${NAMESPACE:-payments}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT_DIR="${OUT_DIR:-out/kind/${SCENARIO}-$(date -u +%Y%m%dT%H%M%SZ)}"
cd "$ROOT"

log() { printf 'kind-load: %s\n' "$*" >&2; }
command -v k6 >/dev/null 2>&1 || { log "k6 is not on PATH (https://grafana.com/docs/k6/latest/set-up/install-k6/)"; exit 1; }
[ -f dist/cli/bin.js ] || { log "dist/cli/bin.js missing: run npm run build first"; exit 1; }
mkdir -p "$OUT_DIR"

log "checking $BASE_URL/readyz (at most 30 x 1 s)"
for i in $(seq 1 30); do
  if curl -fsS -o /dev/null "$BASE_URL/readyz"; then break; fi
  [ "$i" -eq 30 ] && { log "$BASE_URL is not ready: run npm run kind:up"; exit 1; }
  sleep 1
done

log "recording namespace $NAMESPACE to $OUT_DIR/timeline.ndjson"
node dist/cli/bin.js record --context "kind-$CLUSTER" --namespace "$NAMESPACE" \
  --deployment payment-service --hpa payment-service --out "$OUT_DIR/timeline.ndjson" >"$OUT_DIR/record.log" 2>&1 &
RECORDER_PID=$!
stop_recorder() {
  if kill -0 "$RECORDER_PID" 2>/dev/null; then
    kill -INT "$RECORDER_PID" 2>/dev/null || true
    # bounded: 10 x 1 s for the recorder to flush, then it is stopped hard
    for _ in $(seq 1 10); do kill -0 "$RECORDER_PID" 2>/dev/null || return 0; sleep 1; done
    kill -KILL "$RECORDER_PID" 2>/dev/null || true
  fi
}
trap stop_recorder EXIT

log "k6 scenario $SCENARIO (time compression $TIME_COMPRESSION) against $BASE_URL"
rc=0
k6 run \
  -e SCENARIO="$SCENARIO" \
  -e BASE_URL="$BASE_URL" \
  -e TIME_COMPRESSION="$TIME_COMPRESSION" \
  --out json="$OUT_DIR/k6.ndjson" \
  --summary-export="$OUT_DIR/summary.json" \
  loadtests/payments.ts 2>&1 | tee "$OUT_DIR/k6.log" || rc=${PIPESTATUS[0]}

stop_recorder
log "k6 exit code $rc; outputs in $OUT_DIR"
log "next: capsim calibrate / validate with $OUT_DIR (see loadtests/kind/README.md)"
exit "$rc"
