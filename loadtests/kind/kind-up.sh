#!/usr/bin/env bash
# Stand up the kind cluster for capsim's load tests (npm run kind:up):
#   1. create the cluster (one control-plane, two workers) unless it exists;
#   2. build the payment-service image and load it into the cluster's nodes;
#   3. apply metrics-server, the recorder's RBAC, the service, its HPA (and its VPA when the
#      VPA CRDs are installed);
#   4. wait, with bounded timeouts, for the rollouts and for the first pod metrics.
# Needs docker, kind and kubectl on PATH. Environment: KIND_CLUSTER (capsim), IMAGE
# (capsim/payment-service:dev, the image payment-service.yaml names), WAIT (180s per rollout).
set -euo pipefail

CLUSTER="${KIND_CLUSTER:-capsim}"
IMAGE="${IMAGE:-capsim/payment-service:dev}"
WAIT="${WAIT:-180s}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIND_DIR="$ROOT/loadtests/kind"
cd "$ROOT"

log() { printf 'kind-up: %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { log "$1 is not on PATH ($2)"; exit 1; }; }
need docker "https://docs.docker.com/engine/install/"
need kind "https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
need kubectl "https://kubernetes.io/docs/tasks/tools/"

if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  log "cluster $CLUSTER exists; reusing it"
else
  log "creating cluster $CLUSTER"
  kind create cluster --name "$CLUSTER" --config "$KIND_DIR/kind-config.yaml" --wait "$WAIT"
fi
KUBECTL=(kubectl --context "kind-$CLUSTER")

log "building $IMAGE"
docker build -f loadtests/service/Dockerfile -t "$IMAGE" .
log "loading $IMAGE into the nodes"
kind load docker-image "$IMAGE" --name "$CLUSTER"

# Whether this is a re-run: then the pods must be restarted to pick up the rebuilt image.
EXISTED=no
"${KUBECTL[@]}" -n payments get deployment/payment-service >/dev/null 2>&1 && EXISTED=yes

log "applying metrics-server, recorder RBAC, payment service, HPA"
"${KUBECTL[@]}" apply -f "$KIND_DIR/metrics-server.yaml"
"${KUBECTL[@]}" apply -f "$KIND_DIR/payment-service.yaml"
"${KUBECTL[@]}" apply -f "$KIND_DIR/recorder-rbac.yaml"
"${KUBECTL[@]}" apply -f "$KIND_DIR/hpa.yaml"
if "${KUBECTL[@]}" get crd verticalpodautoscalers.autoscaling.k8s.io >/dev/null 2>&1; then
  "${KUBECTL[@]}" apply -f "$KIND_DIR/vpa.yaml"
else
  log "VPA CRDs not installed: skipping vpa.yaml (install with kubernetes/autoscaler vertical-pod-autoscaler/hack/vpa-up.sh)"
fi

# Same tag, new image: the Deployment spec did not change, so only a restart replaces the pods.
if [ "$EXISTED" = yes ]; then
  "${KUBECTL[@]}" -n payments rollout restart deployment/payment-service >/dev/null
fi

log "waiting for rollouts (at most $WAIT each)"
"${KUBECTL[@]}" -n kube-system rollout status deployment/metrics-server --timeout="$WAIT"
"${KUBECTL[@]}" -n payments rollout status deployment/payment-service --timeout="$WAIT"

# metrics-server needs one or two scrapes (15 s resolution) before the HPA sees cpu.
log "waiting for pod metrics (at most 24 x 5 s)"
for _ in $(seq 1 24); do
  if "${KUBECTL[@]}" -n payments top pods >/dev/null 2>&1; then
    "${KUBECTL[@]}" -n payments top pods
    log "ready: http://127.0.0.1:30080 (then: npm run kind:load)"
    exit 0
  fi
  sleep 5
done
log "pod metrics still unavailable after 120 s: check 'kubectl -n kube-system logs deploy/metrics-server'"
exit 1
