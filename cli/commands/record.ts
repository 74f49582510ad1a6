import { durationFlag } from '../../calibration/recorder/stopSignal.js';
import { command, option } from '../command.js';

/** `capsim record`: watch a deployment while a load test runs and write its timeline (NDJSON). */
export default command({
  name: 'record',
  description: 'Record a deployment, its pods, HPA, nodes and pod metrics to a timeline file until Ctrl-C or --duration',
  example: 'capsim record --namespace payments --deployment payment-service --hpa payment-service --out timeline.ndjson --duration 10m',
  options: {
    namespace: option('ns', 'Namespace of the deployment', { required: true }),
    deployment: option('name', 'Deployment to record (its pods are found by its selector)', { required: true }),
    hpa: option('name', 'HorizontalPodAutoscaler to record', { defaultText: 'none' }),
    out: option('file', 'Timeline file to write (NDJSON, truncated)', { required: true }),
    kubeconfig: option('file', 'Kubeconfig file', { defaultText: '$KUBECONFIG, else ~/.kube/config' }),
    context: option('name', 'Kubeconfig context', { defaultText: 'current-context' }),
    'metrics-interval': option('duration', 'Pod metrics polling period', { parse: durationFlag, default: '15s' }),
    duration: option('duration', 'Stop after this long (e.g. 10m)', { parse: durationFlag, defaultText: 'until Ctrl-C' }),
  },
  async run(_args, o, io) {
    const { loadKubeConfig, record, stopSignal } = await import('../../calibration/recorder/index.js');
    const { openOutputFile } = await import('../../reports/runFolder.js');
    const kubeConfig = loadKubeConfig({ file: o.kubeconfig, context: o.context });
    // Checked and locked before connecting; the recorder appends to it line by line.
    const out = openOutputFile(o.out);
    const stop = stopSignal({ durationMs: o.duration });
    try {
      io.err(`capsim record: ${o.namespace}/${o.deployment} -> ${o.out} (Ctrl-C to stop)\n`);
      const s = await record({ kubeConfig, namespace: o.namespace, deployment: o.deployment, hpa: o.hpa, out: o.out, metricsIntervalMs: o['metrics-interval'], signal: stop.signal });
      const counts = Object.entries(s.lines).map(([kind, n]) => `${kind} ${n}`).join(', ');
      io.out(`wrote ${s.out} (pods selected by ${s.selector}): ${counts}\n`);
    } finally {
      stop.dispose();
      out.release();
    }
  },
});
