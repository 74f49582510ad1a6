import { defineCommand } from 'citty';
import { durationFlag, loadKubeConfig, record, stopSignal, type RecordSummary } from '../../calibration/recorder/index.js';
import { ioOf } from '../io.js';

/** `capsim record`: watch a deployment while a load test runs and write its timeline (NDJSON). */
export default defineCommand({
  meta: {
    name: 'record',
    description: 'Record a deployment, its pods, HPA, nodes and pod metrics to a timeline file until Ctrl-C or --duration',
  },
  args: {
    namespace: { type: 'string', required: true, description: 'Namespace of the deployment' },
    deployment: { type: 'string', required: true, description: 'Deployment to record (its pods are found by its selector)' },
    hpa: { type: 'string', description: 'HorizontalPodAutoscaler to record' },
    out: { type: 'string', required: true, description: 'Timeline file to write (NDJSON, truncated)' },
    kubeconfig: { type: 'string', description: 'Kubeconfig file (default: $KUBECONFIG, ~/.kube/config)' },
    context: { type: 'string', description: 'Kubeconfig context (default: current-context)' },
    'metrics-interval': { type: 'string', default: '15s', description: 'Pod metrics polling period' },
    duration: { type: 'string', description: 'Stop after this long (e.g. 10m); default: until Ctrl-C' },
  },
  async run(ctx) {
    const io = ioOf(ctx);
    const a = ctx.args;
    const metricsIntervalMs = durationFlag(a['metrics-interval'], '--metrics-interval');
    const durationMs = a.duration === undefined ? undefined : durationFlag(a.duration, '--duration');
    const kubeConfig = loadKubeConfig({ file: a.kubeconfig, context: a.context });
    const stop = stopSignal({ durationMs });
    try {
      io.err(`capsim record: ${a.namespace}/${a.deployment} -> ${a.out} (Ctrl-C to stop)\n`);
      const summary = await record({ kubeConfig, namespace: a.namespace, deployment: a.deployment, hpa: a.hpa, out: a.out, metricsIntervalMs, signal: stop.signal });
      io.out(describe(summary));
    } finally {
      stop.dispose();
    }
  },
});

function describe(s: RecordSummary): string {
  const counts = Object.entries(s.lines)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return `wrote ${s.out} (pods selected by ${s.selector}): ${counts}\n`;
}
