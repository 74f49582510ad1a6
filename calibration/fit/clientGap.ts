import { counterIncrease } from '../prometheus/counters.js';
import type { ServiceTelemetry } from '../prometheus/telemetry.js';
import type { RunReplay } from '../replay.js';
import { round4, type Estimate } from './bootstrap.js';
import { PAD_S, runSpanS } from './loadTelemetry.js';

/** A cell (run, operation) needs this many 2xx answers on both sides. */
const MIN_COUNT = 20;
/** k6's and the server's 2xx counts of a cell may differ by this share (requests failed in the client). */
const COUNT_TOLERANCE = 0.02;

/** The client-side gap of one run: k6's mean 2xx duration minus the server's mean residence. */
export interface RunGap {
  file: string;
  /** Requests per second of the run (its load). */
  rps: number;
  gapMs: number;
  /** Per operation, in the model's order (null: too few answers or counts that do not match). */
  perOperationMs: (number | null)[];
}

/**
 * The path between client and pod, measured: k6 duration − server residence, from k6's
 * http_req_duration of the 2xx answers and the service's duration histogram (`_sum` / `_count`,
 * handler entry to response written) over the same run. What it holds: connection handling,
 * the kernel's socket queues, the event loop's delay before the handler runs, and the network.
 * The model's value is the lowest-load run's (the gap grows with load as the event loop gets
 * busier; the per-run values are in the method text); its interval spans the operations.
 * Null when no run has a histogram whose counts match k6's.
 */
export function fitClientGap(pairs: readonly { replay: RunReplay; telemetry: ServiceTelemetry }[]): { estimate: Estimate; runs: RunGap[] } | null {
  const runs = pairs.flatMap(({ replay, telemetry }) => {
    const g = runGap(replay, telemetry);
    return g ? [g] : [];
  });
  if (runs.length === 0) return null;
  const lowest = runs.reduce((a, b) => (b.rps < a.rps ? b : a));
  const ops = lowest.perOperationMs.filter((x): x is number => x !== null);
  return {
    runs,
    estimate: {
      estimate: round4(lowest.gapMs),
      interval: [round4(ops.reduce((a, b) => Math.min(a, b), Infinity)), round4(ops.reduce((a, b) => Math.max(a, b), -Infinity))],
      method: `k6 mean 2xx duration − server mean residence (duration histogram _sum/_count) at the lowest load (${lowest.file}, ${round4(lowest.rps)} requests/s); interval = range over operations; by run: ${runs.map((r) => `${round4(r.rps)} rps ${round4(r.gapMs)} ms`).join(', ')}`,
      identifiedBy: 'prometheus + k6',
    },
  };
}

function runGap(r: RunReplay, t: ServiceTelemetry): RunGap | null {
  const [a, b] = runSpanS(r);
  const from = a - PAD_S;
  const to = b + PAD_S;
  const n = r.operations.length;
  const k6Sum = new Array<number>(n).fill(0);
  const k6Count = new Array<number>(n).fill(0);
  for (let i = 0; i < r.timesMs.length; i++) {
    const s = r.status[i] as number;
    if (s < 200 || s >= 300) continue;
    const op = r.ops[i] as number;
    k6Sum[op] = (k6Sum[op] as number) + (r.durationMs[i] as number);
    k6Count[op] = (k6Count[op] as number) + 1;
  }
  const srvSum = new Array<number>(n).fill(0);
  const srvCount = new Array<number>(n).fill(0);
  for (const pod of t.pods) {
    const first = pod.cpu.reduce((m, s) => Math.min(m, s.timesS.length > 0 ? (s.timesS[0] as number) : Infinity), Infinity);
    const add = (into: number[], cs: typeof pod.durationSum, scale: number) => {
      for (const c of cs) {
        const k = r.operations.indexOf(c.op);
        if (k < 0 || !/^2\d\d$/.test(c.status)) continue;
        into[k] = (into[k] as number) + scale * counterIncrease(c.series, from, to, (c.series.timesS[0] ?? Infinity) > first);
      }
    };
    add(srvSum, pod.durationSum, 1000);
    add(srvCount, pod.durationCount, 1);
  }
  const per = r.operations.map((_, k) => {
    const kc = k6Count[k] as number;
    const sc = srvCount[k] as number;
    if (kc < MIN_COUNT || sc < MIN_COUNT || Math.abs(kc - sc) > COUNT_TOLERANCE * kc) return null;
    return (k6Sum[k] as number) / kc - (srvSum[k] as number) / sc;
  });
  const usable = per.map((g, k) => (g === null ? 0 : (k6Count[k] as number)));
  const total = usable.reduce((x, y) => x + y, 0);
  if (total === 0) return null;
  const gap = per.reduce((acc: number, g, k) => acc + (g ?? 0) * (usable[k] as number), 0) / total;
  const windowS = Math.max(1e-3, ((r.timesMs[r.timesMs.length - 1] ?? 0) - (r.timesMs[0] ?? 0)) / 1000);
  return { file: r.file, rps: r.timesMs.length / windowS, gapMs: gap, perOperationMs: per.map((g) => (g === null ? null : round4(g))) };
}
