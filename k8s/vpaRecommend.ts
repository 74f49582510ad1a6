import { InputError } from '../input/inputError.js';
import { readTextFile } from '../input/readText.js';
import {
  DEFAULT_RECOMMENDER_CONFIG,
  recommend,
  replayUsage,
  type ContainerRecommendationWithHistory,
  type RecommenderConfig,
  type Resources,
  type VpaSpec,
} from '../sim/autoscaling/vpa/index.js';
import type { Ms } from '../sim/units.js';
import { vpaFromYaml } from './vpa.js';
import { formatCpu, formatGoDuration, formatMemory } from './vpaFormat.js';
import { readOomCsv, readUsageCsv } from './vpaUsage.js';

/** The files and flags of `capsim vpa recommend`. */
export interface RecommendFiles {
  readonly vpa: string;
  readonly usage: string;
  readonly oomEvents?: string;
  /** Recommender flags; the rest keeps the recommender's defaults. */
  readonly recommender?: Partial<RecommenderConfig>;
}

export interface SampleCounts {
  readonly rows: number;
  readonly fed: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly oomsRecorded: number;
  readonly oomsDiscarded: number;
}

export interface VpaDryRun {
  readonly vpa: VpaSpec;
  readonly now: Ms;
  readonly samples: SampleCounts;
  readonly recommendations: ContainerRecommendationWithHistory[];
}

/**
 * Dry-run the VPA recommender: feed a usage history (and OOM events) through it, as its loop
 * would read them, and recommend for the VPA's target.
 * @throws InputError naming the file, line and column for anything unreadable or invalid.
 */
export function recommendFromFiles(f: RecommendFiles): VpaDryRun {
  const config: RecommenderConfig = { ...DEFAULT_RECOMMENDER_CONFIG, ...f.recommender };
  const vpa = vpaFromYaml(readTextFile(f.vpa), f.vpa);
  const samples = readUsageCsv(readTextFile(f.usage), f.usage);
  if (samples.length === 0) throw new InputError('expected at least one usage row', f.usage);
  const ooms = f.oomEvents !== undefined ? readOomCsv(readTextFile(f.oomEvents), f.oomEvents) : [];
  const replay = replayUsage(samples, ooms, config);
  const now = replay.nowMs as number;
  return {
    vpa, now,
    samples: { rows: samples.length, fed: replay.fed, skipped: replay.skipped, rejected: replay.rejected, oomsRecorded: replay.oomsRecorded, oomsDiscarded: replay.oomsDiscarded },
    recommendations: recommend(replay.state, vpa, now),
  };
}

/** As JSON: cpu in millicores, memory in bytes. */
export function dryRunJson(r: VpaDryRun): object {
  return toJson(r.vpa, r.now, r.samples, r.recommendations);
}

/** As text, in the layout of `kubectl describe vpa`. */
export function dryRunText(r: VpaDryRun): string {
  return toText(r.vpa, r.now, r.samples, r.recommendations);
}

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
function toText(vpa: VpaSpec, now: number, s: SampleCounts, recs: ContainerRecommendationWithHistory[]): string {
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
    for (const line of [
      `    Container Name:  ${r.containerName}`,
      ...block('Lower Bound', r.lowerBound),
      ...block('Target', r.target),
      ...block('Uncapped Target', r.uncappedTarget),
      ...block('Upper Bound', r.upperBound),
      `    History:  ${formatGoDuration(h.historyMs)}` +
        (h.firstSampleMs !== undefined && h.lastSampleMs !== undefined ? ` (${new Date(h.firstSampleMs).toISOString()} .. ${new Date(h.lastSampleMs).toISOString()})` : '') +
        `, ${h.totalSamples} CPU samples, confidence ${h.confidenceCpu.toFixed(3)} days`,
    ]) lines.push(line);
  }
  if (recs.length === 0) lines.push('    (no container to recommend for)');
  return lines.join('\n') + '\n';
}
