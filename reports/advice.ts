import { maxOf } from './figures.js';
import { count, num } from './format.js';
import { hpaInactivity } from './hpaActivity.js';
import type { RunRecord } from './runRecord.js';
import { column } from './seriesTable.js';

/** One recommendation in words with its numbers. `text` may quote user names: escape it when rendering. */
export interface Recommendation {
  id: 'prescale' | 'target' | 'headroom';
  title: string;
  text: string;
}

/** Utilisation of a pod's workers we call safe when there is no HPA target to go by. */
export const SAFE_UTILIZATION = 0.7;

/**
 * What to change, from a run's record: replicas to pre-scale before the peak, the HPA target that
 * would have met the SLO (when searched), and node headroom (when nodes are modelled).
 * Pure and deterministic.
 */
export function recommend(r: RunRecord): Recommendation[] {
  const out: Recommendation[] = [];
  const pre = prescale(r);
  if (pre !== null) out.push(pre);
  const target = targetAdvice(r);
  if (target !== null) out.push(target);
  const head = headroom(r);
  if (head !== null) out.push(head);
  return out;
}

/**
 * Per-pod serving rate: the smaller of the worker bound (capacity / ready pods, at the safe
 * utilisation) and, when the CPU request is known, the CPU bound at the HPA target (or the safe
 * utilisation): target × request / CPU per request. Replicas = ceil(peak rate / per-pod rate).
 */
export function prescale(r: RunRecord): Recommendation | null {
  const peak = maxOf(column(r.series, 'arrivals'));
  const workerRps = median(ratios(column(r.series, 'capacityRps'), column(r.series, 'readyReplicas')));
  if (peak <= 0 || !(workerRps > 0)) return null;
  const hpaTarget = r.setup?.hpa?.cpuTargetPercent ?? null;
  const u = hpaTarget === null ? SAFE_UTILIZATION : hpaTarget / 100;
  const cpuMs = cpuMsPerRequest(r);
  // Without a CPU request there is no CPU bound to size by (and no utilisation for an HPA to act on).
  const cpuRps = r.setup !== null && cpuMs > 0 && r.setup.podCpuRequestMillicores > 0 ? (u * r.setup.podCpuRequestMillicores) / cpuMs : Infinity;
  const perPod = Math.min(workerRps * SAFE_UTILIZATION, cpuRps);
  const replicas = Math.ceil(peak / perPod);
  const basis = cpuRps < workerRps * SAFE_UTILIZATION
    ? `CPU-bound: ${num(cpuMs)} ms of CPU per request on a ${num(r.setup?.podCpuRequestMillicores ?? 0)}m request gives ${num(cpuRps)} rps per pod at ${hpaTarget === null ? 'a safe' : "the HPA's"} ${num(u * 100)}% CPU utilisation`
    : `worker-bound: ${num(workerRps)} rps per pod at full worker capacity, ${num(perPod)} rps at ${num(SAFE_UTILIZATION * 100)}% of it`;
  let text = `Pre-scale to at least ${count(replicas, 'replica')} before a known peak of ${num(peak)} rps (${basis}; ceil(${num(peak)} / ${num(perPod)}) = ${replicas}).`;
  const max = r.setup?.hpa?.maxReplicas;
  if (max !== undefined && replicas > max) text += ` That is above the HPA's maxReplicas of ${max}: raise it.`;
  else if (r.summary.replicas.max < replicas) text += ` The run peaked at ${count(r.summary.replicas.max, 'ready replica')}.`;
  return { id: 'prescale', title: 'Replicas before the peak', text };
}

function targetAdvice(r: RunRecord): Recommendation | null {
  const missed = r.verdicts.filter((v) => !v.pass).length;
  const ts = r.targetSearch;
  const title = 'HPA target utilisation';
  const inactive = hpaInactivity(r.events, r.summary.durationSeconds);
  if (inactive !== null) return { id: 'target', title, text: `The HPA could not act (${inactive.cause}), so no target utilisation helps: ${inactive.fix}` };
  if (ts !== null) {
    const tried = ts.tried.map((t) => `${t.target}% ${t.pass ? 'met' : 'missed'}`).join(', ');
    if (ts.recommended !== null)
      return { id: 'target', title, text: `Lower the HPA CPU target from ${ts.current}% to ${ts.recommended}%: re-simulated, it is the highest target that meets every SLO (tried ${tried}).` };
    return { id: 'target', title, text: `No CPU target from ${ts.current}% down to ${ts.tried.at(-1)?.target ?? ts.current}% met every SLO (tried ${tried || 'none'}): lowering the target is not enough; pre-scale, raise maxReplicas or shorten pod start-up.` };
  }
  if (missed === 0) return null;
  if (r.setup?.hpa) return { id: 'target', title, text: `The SLO was missed (${missed} of ${r.verdicts.length} objectives) with an HPA CPU target of ${r.setup.hpa.cpuTargetPercent ?? 'n/a'}%; no lower target was searched for this run.` };
  return { id: 'target', title, text: `The SLO was missed (${missed} of ${r.verdicts.length} objectives) with a fixed deployment and no HPA: pre-scale as above, or add an HPA.` };
}

/** Room for the peak number of pending pods: their requests, in nodes of the first group. */
export function headroom(r: RunRecord): Recommendation | null {
  const groups = r.setup?.nodeGroups;
  if (r.setup === null || groups === null || groups === undefined || groups.length === 0) return null;
  const pending = Math.max(r.summary.scaling?.peakPending ?? 0, maxOf(column(r.series, 'pendingReplicas')));
  const title = 'Node headroom';
  if (pending <= 0) return { id: 'headroom', title, text: `No pod waited for a node: the node groups had room at the peak${r.summary.nodes ? ` (peak ${r.summary.nodes.peak} nodes)` : ''}.` };
  const cpu = pending * r.setup.podCpuRequestMillicores;
  const mem = pending * r.setup.podMemoryRequestBytes;
  const g = groups[0] as (typeof groups)[number];
  const nodes = Math.ceil(Math.max(cpu / g.cpuMillicores, mem / g.memoryBytes));
  return {
    id: 'headroom',
    title,
    text: `Keep headroom for ${count(pending, 'pending pod')} at the peak: ${num(cpu)}m CPU and ${num(mem / 2 ** 30)} GiB memory of requests, i.e. ${count(nodes, 'more node', 'more nodes')} of group ${g.name} (${num(g.cpuMillicores)}m, ${num(g.memoryBytes / 2 ** 30)} GiB each) ready before the peak, or a higher min for the group.`,
  };
}

/** CPU ms per completed request, net of idle CPU: Σ(used − idle × ready) / Σ completed rate. */
function cpuMsPerRequest(r: RunRecord): number {
  const cpu = column(r.series, 'cpuMillicores');
  const done = column(r.series, 'completed');
  const ready = column(r.series, 'readyReplicas');
  const idle = r.setup?.idleCpuMillicores ?? 0;
  let used = 0;
  let rate = 0;
  cpu.forEach((c, i) => {
    const d = done[i] as number;
    if (Number.isFinite(c) && d > 0) {
      used += c - idle * ((ready[i] as number) || 0);
      rate += d;
    }
  });
  return rate > 0 ? used / rate : 0;
}

function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.flatMap((x, i) => ((b[i] as number) > 0 && x > 0 ? [x / (b[i] as number)] : []));
}

function median(v: number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
