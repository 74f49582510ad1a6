import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import { InputError } from '../../input/inputError.js';
import { vpaFromYaml } from '../../k8s/vpa.js';
import { formatCpu, formatGoDuration, formatMemory } from '../../k8s/vpaFormat.js';
import { readOomCsv, readUsageCsv } from '../../k8s/vpaUsage.js';
import {
  DEFAULT_RECOMMENDER_CONFIG,
  recommend,
  replayUsage,
  type ContainerRecommendationWithHistory,
  type RecommenderConfig,
  type Resources,
  type VpaSpec,
} from '../../sim/autoscaling/vpa/index.js';
import { ioOf } from '../io.js';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new InputError('cannot read file', file);
  }
}

/** Go-style duration flag ("1m", "30s", "24h", "1h30m") in ms. */
function durationMs(v: string, flag: string): number {
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let consumed = '';
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(m[1]) * (unit[m[2] as string] as number);
    consumed += m[0];
  }
  if (consumed !== v || !(total > 0)) throw new InputError(`expected a positive duration like 1m, 30s or 24h, got "${v}"`, undefined, flag);
  return total;
}

function num(v: string, flag: string, min = 0): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min) throw new InputError(`expected a number ≥ ${min}, got "${v}"`, undefined, flag);
  return n;
}

/** Options of the dry run, named like the recommender's flags. */
const recommendArgs = {
  vpa: { type: 'string', required: true, description: 'VerticalPodAutoscaler manifest (autoscaling.k8s.io/v1)' },
  usage: { type: 'string', required: true, description: 'usage CSV: time,pod,container,cpu_cores,memory_bytes (read as the recommender loop would: the latest row per container each interval)' },
  'oom-events': { type: 'string', description: 'OOM events CSV: time,pod,container,memory_bytes (the memory request)' },
  json: { type: 'boolean', description: 'print JSON (cpu in millicores, memory in bytes)' },
  'recommender-interval': { type: 'string', default: '1m', description: 'how often the recommender loop reads the latest sample' },
  'recommendation-margin-fraction': { type: 'string', default: '0.15' },
  'pod-recommendation-min-cpu-millicores': { type: 'string', default: '25' },
  'pod-recommendation-min-memory-mb': { type: 'string', default: '250' },
  'memory-aggregation-interval': { type: 'string', default: '24h' },
} as const;

const recommendCmd = defineCommand({
  meta: { name: 'recommend', description: 'Dry-run the VPA recommender on recorded usage: target, bounds and the history it had' },
  args: recommendArgs,
  run(ctx) {
    const a = ctx.args;
    const vpa = vpaFromYaml(readText(a.vpa), a.vpa);
    const config: RecommenderConfig = {
      ...DEFAULT_RECOMMENDER_CONFIG,
      recommenderIntervalMs: durationMs(a['recommender-interval'], '--recommender-interval'),
      safetyMarginFraction: num(a['recommendation-margin-fraction'], '--recommendation-margin-fraction'),
      podMinCpuMillicores: num(a['pod-recommendation-min-cpu-millicores'], '--pod-recommendation-min-cpu-millicores'),
      podMinMemoryMb: num(a['pod-recommendation-min-memory-mb'], '--pod-recommendation-min-memory-mb'),
      memoryAggregationIntervalMs: durationMs(a['memory-aggregation-interval'], '--memory-aggregation-interval'),
    };
    const samples = readUsageCsv(readText(a.usage), a.usage);
    if (samples.length === 0) throw new InputError('expected at least one usage row', a.usage);
    const ooms = a['oom-events'] ? readOomCsv(readText(a['oom-events']), a['oom-events']) : [];
    const replay = replayUsage(samples, ooms, config);
    const now = replay.nowMs as number;
    const recs = recommend(replay.state, vpa, now);
    const summary = { rows: samples.length, fed: replay.fed, skipped: replay.skipped, rejected: replay.rejected, oomsRecorded: replay.oomsRecorded, oomsDiscarded: replay.oomsDiscarded };
    const io = ioOf(ctx);
    io.out(a.json ? JSON.stringify(toJson(vpa, now, summary, recs), null, 2) + '\n' : toText(vpa, now, summary, recs));
  },
});

function resourcesJson(r: Resources): { cpuMillicores?: number; memoryBytes?: number } {
  return { ...(r.cpu !== undefined ? { cpuMillicores: r.cpu } : {}), ...(r.memory !== undefined ? { memoryBytes: r.memory } : {}) };
}

function toJson(vpa: VpaSpec, now: number, samples: object, recs: ContainerRecommendationWithHistory[]): object {
  return {
    vpa: { name: vpa.name, targetRef: vpa.targetRef, updateMode: vpa.updateMode },
    recommendedAt: new Date(now).toISOString(),
    samples,
    containerRecommendations: recs.map((r) => ({
      containerName: r.containerName,
      target: resourcesJson(r.target),
      lowerBound: resourcesJson(r.lowerBound),
      upperBound: resourcesJson(r.upperBound),
      uncappedTarget: resourcesJson(r.uncappedTarget),
      history: {
        ...(r.history.firstSampleMs !== undefined ? { firstSample: new Date(r.history.firstSampleMs).toISOString() } : {}),
        ...(r.history.lastSampleMs !== undefined ? { lastSample: new Date(r.history.lastSampleMs).toISOString() } : {}),
        lengthMs: r.history.historyMs,
        length: formatGoDuration(r.history.historyMs),
        cpuSamples: r.history.totalSamples,
        confidenceDays: { cpu: r.history.confidenceCpu, memory: r.history.confidenceMemory },
      },
    })),
  };
}

/** Text in the layout of `kubectl describe vpa` (status.recommendation), plus the history used. */
function toText(vpa: VpaSpec, now: number, s: { rows: number; fed: number; skipped: number; rejected: number; oomsRecorded: number; oomsDiscarded: number }, recs: ContainerRecommendationWithHistory[]): string {
  const lines = [
    `VPA ${vpa.name} (${vpa.targetRef.kind}/${vpa.targetRef.name}), update mode ${vpa.updateMode}, recommended at ${new Date(now).toISOString()}`,
    `Samples: ${s.rows} rows, ${s.fed} read by the recommender loop, ${s.skipped} superseded within an interval, ${s.rejected} rejected; OOM events: ${s.oomsRecorded} recorded, ${s.oomsDiscarded} discarded as too old`,
    'Recommendation:',
    '  Container Recommendations:',
  ];
  const block = (title: string, r: Resources): string[] => [
    `    ${title}:`,
    ...(r.cpu !== undefined ? [`      Cpu:     ${formatCpu(r.cpu)}`] : []),
    ...(r.memory !== undefined ? [`      Memory:  ${formatMemory(r.memory)}`] : []),
  ];
  for (const r of recs) {
    const h = r.history;
    lines.push(
      `    Container Name:  ${r.containerName}`,
      ...block('Lower Bound', r.lowerBound),
      ...block('Target', r.target),
      ...block('Uncapped Target', r.uncappedTarget),
      ...block('Upper Bound', r.upperBound),
      `    History:  ${formatGoDuration(h.historyMs)}` +
        (h.firstSampleMs !== undefined && h.lastSampleMs !== undefined ? ` (${new Date(h.firstSampleMs).toISOString()} .. ${new Date(h.lastSampleMs).toISOString()})` : '') +
        `, ${h.totalSamples} CPU samples, confidence ${h.confidenceCpu.toFixed(3)} days`,
    );
  }
  if (recs.length === 0) lines.push('    (no container to recommend for)');
  return lines.join('\n') + '\n';
}

/** `capsim vpa ...`: Vertical Pod Autoscaler tools. */
export default defineCommand({
  meta: { name: 'vpa', description: 'Vertical Pod Autoscaler: dry-run the recommender on recorded usage' },
  subCommands: { recommend: recommendCmd },
});
