import { command, flag, option } from '../command.js';
import { goDurationMs, nonNegativeNumber, wholeNumber } from '../values.js';

const explain = command({
  name: 'explain',
  description: 'What will my HPA do next, and why (from a cluster snapshot)',
  example: 'capsim hpa explain --hpa hpa.yaml --pods pods.json --metrics podmetrics.json --deployment deploy.yaml',
  options: {
    hpa: option('file', 'HPA manifest (autoscaling/v2 or v1)', { required: true }),
    pods: option('file', 'kubectl get pods -o json', { required: true }),
    metrics: option('file', 'metrics.k8s.io/v1beta1 PodMetricsList JSON', { required: true }),
    history: option('file', 'Controller history JSON (recommendations, scale events)', { defaultText: 'none: the current size is the only recommendation' }),
    now: option('time', 'RFC3339 time of the reconcile', { defaultText: 'the newest metric timestamp' }),
    replicas: option('n', 'Current replicas of the scale target', { parse: wholeNumber, defaultText: "the Deployment's spec.replicas, else the count of its pods" }),
    deployment: option('file', 'Deployment manifest of the scale target', { defaultText: 'none' }),
    json: flag('Print JSON'),
    'horizontal-pod-autoscaler-tolerance': option('ratio', 'kube-controller-manager flag of the same name', { parse: nonNegativeNumber, default: '0.1' }),
    'horizontal-pod-autoscaler-cpu-initialization-period': option('duration', 'kube-controller-manager flag of the same name', { parse: goDurationMs, default: '5m' }),
    'horizontal-pod-autoscaler-initial-readiness-delay': option('duration', 'kube-controller-manager flag of the same name', { parse: goDurationMs, default: '30s' }),
    'horizontal-pod-autoscaler-downscale-stabilization': option('duration', 'kube-controller-manager flag of the same name', { parse: goDurationMs, default: '5m' }),
  },
  async run(_args, o, io) {
    const { explainFiles } = await import('../../k8s/hpaExplainFiles.js');
    const { explanationJson, formatExplanation } = await import('../../k8s/hpaExplain.js');
    const e = explainFiles({
      hpa: o.hpa, pods: o.pods, metrics: o.metrics,
      ...(o.history !== undefined ? { history: o.history } : {}),
      ...(o.deployment !== undefined ? { deployment: o.deployment } : {}),
      ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
      ...(o.now !== undefined ? { now: o.now } : {}),
      controller: {
        tolerance: o['horizontal-pod-autoscaler-tolerance'],
        cpuInitializationPeriodMs: o['horizontal-pod-autoscaler-cpu-initialization-period'],
        initialReadinessDelayMs: o['horizontal-pod-autoscaler-initial-readiness-delay'],
        downscaleStabilizationMs: o['horizontal-pod-autoscaler-downscale-stabilization'],
      },
    });
    io.out(o.json ? JSON.stringify(explanationJson(e), null, 2) + '\n' : formatExplanation(e));
  },
});

/** `capsim hpa …` command group. */
export default command({
  name: 'hpa',
  description: 'HorizontalPodAutoscaler tools',
  example: 'capsim hpa explain --hpa hpa.yaml --pods pods.json --metrics podmetrics.json --replicas 4',
  subcommands: [explain],
});
