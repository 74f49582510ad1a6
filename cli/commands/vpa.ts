import { command, flag, option } from '../command.js';
import { nonNegativeNumber, positiveGoDurationMs } from '../values.js';

const recommend = command({
  name: 'recommend',
  description: 'Dry-run the VPA recommender on recorded usage: target, bounds and the history it had',
  example: 'capsim vpa recommend --vpa vpa.yaml --usage usage.csv --oom-events oom.csv',
  options: {
    vpa: option('file', 'VerticalPodAutoscaler manifest (autoscaling.k8s.io/v1)', { required: true }),
    usage: option('file', 'Usage CSV: time,pod,container,cpu_cores,memory_bytes (read as the recommender loop would: the latest row per container each interval)', { required: true }),
    'oom-events': option('file', 'OOM events CSV: time,pod,container,memory_bytes (the memory request)', { defaultText: 'none' }),
    json: flag('Print JSON (cpu in millicores, memory in bytes)'),
    'recommender-interval': option('duration', 'How often the recommender loop reads the latest sample', { parse: positiveGoDurationMs, default: '1m' }),
    'recommendation-margin-fraction': option('fraction', 'Recommender flag of the same name', { parse: nonNegativeNumber, default: '0.15' }),
    'pod-recommendation-min-cpu-millicores': option('m', 'Recommender flag of the same name', { parse: nonNegativeNumber, default: '25' }),
    'pod-recommendation-min-memory-mb': option('mb', 'Recommender flag of the same name', { parse: nonNegativeNumber, default: '250' }),
    'memory-aggregation-interval': option('duration', 'Recommender flag of the same name', { parse: positiveGoDurationMs, default: '24h' }),
  },
  async run(_args, o, io) {
    const { dryRunJson, dryRunText, recommendFromFiles } = await import('../../k8s/vpaRecommend.js');
    const r = recommendFromFiles({
      vpa: o.vpa, usage: o.usage,
      ...(o['oom-events'] !== undefined ? { oomEvents: o['oom-events'] } : {}),
      recommender: {
        recommenderIntervalMs: o['recommender-interval'],
        safetyMarginFraction: o['recommendation-margin-fraction'],
        podMinCpuMillicores: o['pod-recommendation-min-cpu-millicores'],
        podMinMemoryMb: o['pod-recommendation-min-memory-mb'],
        memoryAggregationIntervalMs: o['memory-aggregation-interval'],
      },
    });
    io.out(o.json ? JSON.stringify(dryRunJson(r), null, 2) + '\n' : dryRunText(r));
  },
});

/** `capsim vpa ...`: Vertical Pod Autoscaler tools. */
export default command({
  name: 'vpa',
  description: 'Vertical Pod Autoscaler: dry-run the recommender on recorded usage',
  example: 'capsim vpa recommend --vpa vpa.yaml --usage usage.csv',
  subcommands: [recommend],
});
