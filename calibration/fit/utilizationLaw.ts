import { fcnnlsVector } from 'ml-fcnnls';
import { Matrix, solve } from 'ml-matrix';
import { quantileSorted } from 'simple-statistics';
import { Rng } from '../../sim/engine/rng.js';

/**
 * One window of one pod's telemetry: the CPU seconds it used and the requests it completed.
 * Built from Prometheus counters (prometheus/windows.ts) or podMetrics samples with k6 completions.
 */
export interface UtilizationWindow {
  /** Index of the run (for resampling within each run). */
  run: number;
  pod: string;
  /** Window, unix seconds. */
  fromS: number;
  toS: number;
  /** CPU seconds used in the window. */
  cpuS: number;
  /** 2xx completions by operation (model order). */
  okByOp: number[];
  /** Every other completion: rejections (503), errors, operations the model lacks. */
  other: number;
  /** The pod's CPU capacity, cores (for its utilisation). */
  cores: number;
  /** Inside the run's load (first request to last response), not the idle margin around it. */
  inLoad: boolean;
}

/** A fitted value with its 95 % bootstrap interval, in the unit its name says. */
export interface Interval {
  estimate: number;
  interval: [number, number];
}

export interface UtilizationFit {
  windows: number;
  runs: number;
  /** CPU ms per 2xx completion by operation: null when the mix never varied enough to separate them. */
  demandMs: Interval[] | null;
  /** Mix-weighted CPU ms per 2xx completion over the fit's windows (identified either way). */
  meanDemandMs: Interval;
  /** Share of each operation among the 2xx completions (the weights of meanDemandMs). */
  mixWeights: number[];
  /** CPU ms per other completion (503s): null when there were none. */
  otherMs: Interval | null;
  /** Extra CPU ms of a request that finds the pod's CPU idle (wake-up), null when the load never varied. */
  wakeupMs: Interval | null;
  /** CPU the pod uses without requests, cores; null when the request rate never varied. */
  idleCores: Interval | null;
  /** Per run and pod: CPU ms per completion inside the load, fitted (with its interval) and measured. */
  perPod: { run: number; pod: string; fitted: Interval; measured: number }[];
  /** Variance inflation factor of each column (op_1..op_K, other, wake-up, idle); > VIF_LIMIT = not separable. */
  vif: Record<string, number>;
  /** What could not be identified and why, in words. */
  notes: string[];
}

/** A column whose VIF exceeds this (R² > 0.98 on the others) is nearly predictable from them: idle CPU is left out, operations get a note. */
export const VIF_LIMIT = 50;
/** Operation columns whose VIF exceeds this (R² > 0.9999) mean a mix that never moved: not even tried. */
export const MIX_VIF_LIMIT = 1e4;
/** Wake-up needs windows whose utilisation differs by at least this much. */
export const MIN_UTILISATION_SPREAD = 0.2;

/**
 * The utilization law fitted per window: CPU seconds = Σ_op completions_op × D_op
 * + others × D_other + completions × (1 − u) × wake-up + duration × idle, with u the pod's CPU
 * utilisation in the window. Non-negative least squares (ml-fcnnls, Lawson-Hanson active set)
 * with columns scaled to unit norm, intervals from 200 bootstrap resamples of the windows within
 * each run (percentile 2.5-97.5 %).
 * Identifiability, stated rather than hidden: per-operation demands are kept when their bootstrap
 * intervals say more than the mix-weighted mean alone does (each below the mean's upper end / the
 * operation's share); when the mix never varies enough, only the mix-weighted mean demand is
 * fitted (one column of all 2xx completions) and `demandMs` is null. The wake-up term
 * needs utilisations spread by MIN_UTILISATION_SPREAD (runs at several loads), else it is left out.
 * Deterministic in `seed`. O(B · windows · columns²).
 * @throws Error for fewer windows than columns (callers check first).
 */
export function fitUtilizationLaw(ws: readonly UtilizationWindow[], operations: readonly string[], seed = 1, resamples = 200): UtilizationFit {
  const util = ws.map((w) => Math.min(1, Math.max(0, w.cpuS / ((w.toS - w.fromS) * w.cores))));
  const total = ws.map((w) => w.okByOp.reduce((a, b) => a + b, 0) + w.other);
  const hasOther = ws.some((w) => w.other > 0);
  const spread = util.reduce((a, b) => Math.max(a, b), 0) - util.reduce((a, b) => Math.min(a, b), 1);
  const withWake = spread >= MIN_UTILISATION_SPREAD;
  const opCols = operations.map((_, k) => ws.map((w) => w.okByOp[k] as number));
  const otherCol = ws.map((w) => w.other);
  const wakeCol = ws.map((_, i) => (total[i] as number) * (1 - (util[i] as number)));
  const idleCol = ws.map((w) => w.toS - w.fromS);
  let extra: [string, number[]][] = [...(hasOther ? [['other', otherCol] as [string, number[]]] : []), ...(withWake ? [['wakeup', wakeCol] as [string, number[]]] : []), ['idle', idleCol]];
  const opColumns = operations.map((op, k): [string, number[]] => [op, opCols[k] as number[]]);
  const okCol = ws.map((w) => w.okByOp.reduce((a, b) => a + b, 0));
  // Idle CPU is told apart from per-request CPU only by windows at different request rates.
  const idleVif = varianceInflation([['mean', okCol], ...extra]).idle as number;
  const withIdle = idleVif <= VIF_LIMIT;
  if (!withIdle) extra = extra.filter(([n]) => n !== 'idle');
  const full: [string, number[]][] = [...opColumns, ...extra];
  const vif: Record<string, number> = { ...varianceInflation(full), ...(withIdle ? {} : { idle: idleVif }) };
  const active = operations.filter((op) => opCols[operations.indexOf(op)]!.some((x) => x > 0));
  // Per-operation columns are tried whenever the mix moved at all between windows; whether that
  // movement measured anything is judged below from the bootstrap intervals it gives.
  const tryOps = active.length === operations.length && operations.every((op) => (vif[op] as number) <= MIX_VIF_LIMIT);
  const y = ws.map((w) => w.cpuS);

  const all = ws.map((_, i) => i);
  const byRun = new Map<number, number[]>();
  ws.forEach((w, i) => byRun.set(w.run, [...(byRun.get(w.run) ?? []), i]));
  const rng = new Rng(seed, 'utilization-law');
  const runIds = [...byRun.keys()].sort((a, b) => a - b);
  const rowSets: number[][] = [];
  for (let b = 0; b < resamples; b++) {
    const rows: number[] = [];
    for (const r of runIds) {
      const idx = byRun.get(r) as number[];
      for (let j = 0; j < idx.length; j++) rows.push(idx[rng.int(idx.length)] as number);
    }
    rowSets.push(rows);
  }
  const okTotal = okCol.reduce((a, b) => a + b, 0);
  const mixWeights = operations.map((_, k) => opCols[k]!.reduce((a, b) => a + b, 0) / Math.max(1, okTotal));
  // The demand is the CPU per request at full utilisation: with the wake-up term it is the linear
  // wake-up extrapolated from the utilisations measured to 1, a shape nothing measured beyond the
  // busiest windows. The truth lies between that extrapolation and what the fit gives a request at
  // the busiest utilisation measured (the wake-up cost does not grow with load), so the interval
  // spans both; when a run reached saturation the two meet.
  const loaded = ws.flatMap((w, i) => (w.inLoad ? [util[i] as number] : []));
  const busiest = withWake ? quantileSorted((loaded.length > 0 ? loaded : util).sort((a, b) => a - b), 0.9) : 1;
  const data: FitData = { y, all, rowSets, operations, mixWeights, withWake, busiest };
  const meanFit = fitColumns([['mean', okCol], ...extra], data);
  const opFit = tryOps ? fitColumns(full, data) : null;
  const opDemand = opFit ? operations.map((op) => opFit.demand((c) => opFit.at(c, op))) : null;
  // Separable when every operation's interval says more than the measured mean alone allows it
  // (0 to the mean's upper end / its share of the mix): the mix's own variation between windows,
  // even binomial noise around a fixed mix, can pin the operations within useful bounds.
  const meanHi = meanFit.demand(meanFit.meanOf).interval[1];
  const separable = opDemand !== null && (operations.length === 1 || opDemand.every((d, k) => d.interval[1] < meanHi / Math.max(1e-9, mixWeights[k] as number)));
  const fit = separable ? (opFit as ColumnFit) : meanFit;
  const { cols, at, iv, ms, demand, meanOf } = fit;
  const predicted = (c: number[], rows: readonly number[]): number => rows.reduce((a, i) => a + cols.reduce((s, [, col], j) => s + (col[i] as number) * (c[j] as number), 0), 0);
  const podKeys = [...new Set(ws.map((w) => `${w.run}\u0000${w.pod}`))];
  const notes: string[] = [];
  const vifs = operations.map((op) => `${op} ${round2(vif[op] as number)}`).join(', ');
  if (!separable) {
    const why = active.length < operations.length
      ? `no 2xx completions of ${operations.filter((o) => !active.includes(o)).join(', ')}`
      : !tryOps
        ? `the operation mix did not vary between windows (variance inflation ${vifs}; needs ≤ ${MIX_VIF_LIMIT})`
        : `the operation mix varied too little between windows (variance inflation ${vifs}) for the per-operation intervals (${operations.map((op, k) => `${op} [${opDemand![k]!.interval.map(round2).join(', ')}]`).join(', ')} ms) to say more than the mean does`;
    notes.push(`CPU per operation not identified separately: ${why}; only the mix-weighted mean is fitted. Runs with different mixes separate them.`);
  } else if (operations.some((op) => (vif[op] as number) > VIF_LIMIT))
    notes.push(`CPU per operation measured from the small variation of the mix between windows (variance inflation ${vifs}): the intervals are wide; runs with different mixes narrow them.`);
  if (!withIdle) notes.push(`Idle CPU (without requests) not identified: every window had about the same request rate (variance inflation ${round2(idleVif)}); it is counted in the CPU per request.`);
  if (withWake && busiest < 0.9)
    notes.push(`CPU demand (at full utilisation) extrapolated: the busiest windows reached ${round2(busiest)} utilisation (90th percentile), so the wake-up's shape up to saturation is not measured; each demand's interval reaches up to the CPU per request fitted at that utilisation. A run near saturation narrows it.`);
  if (!withWake) notes.push(`CPU wake-up cost not identified: the pods' CPU utilisation spans only ${round2(spread)} across windows (needs ≥ ${MIN_UTILISATION_SPREAD}: runs at several loads); CPU per request is taken as independent of load.`);
  return {
    windows: ws.length,
    runs: runIds.length,
    demandMs: separable ? operations.map((op) => demand((c) => at(c, op))) : null,
    meanDemandMs: demand(meanOf),
    mixWeights,
    otherMs: hasOther ? ms((c) => at(c, 'other')) : null,
    wakeupMs: withWake ? ms((c) => at(c, 'wakeup')) : null,
    idleCores: withIdle ? iv((c) => at(c, 'idle')) : null,
    perPod: podKeys.flatMap((key) => {
      const rows = all.filter((i) => ws[i]!.inLoad && `${ws[i]!.run}\u0000${ws[i]!.pod}` === key);
      const n = rows.reduce((a, i) => a + (total[i] as number), 0);
      if (n === 0) return [];
      const w = ws[rows[0] as number] as UtilizationWindow;
      return [{ run: w.run, pod: w.pod, fitted: iv((c) => (1000 * predicted(c, rows)) / n), measured: (1000 * rows.reduce((a, i) => a + (y[i] as number), 0)) / n }];
    }),
    vif,
    notes,
  };
}

/** What every candidate set of columns is fitted on: the CPU seconds, the rows and their bootstrap resamples, the mix. */
interface FitData {
  y: readonly number[];
  all: readonly number[];
  rowSets: readonly number[][];
  operations: readonly string[];
  mixWeights: readonly number[];
  withWake: boolean;
  /** 90th-percentile utilisation of the windows in load (1 without the wake-up term). */
  busiest: number;
}

/** A fitted set of columns, read through accessors on a coefficient vector (its point estimate and bootstrap resamples inside). */
interface ColumnFit {
  cols: [string, number[]][];
  at: (c: number[], name: string) => number;
  iv: (f: (c: number[]) => number) => Interval;
  ms: (f: (c: number[]) => number) => Interval;
  /** A demand (CPU ms per request at full utilisation) with its interval reaching up to the busiest utilisation measured. */
  demand: (f: (c: number[]) => number) => Interval;
  /** Mix-weighted mean demand of a coefficient vector, seconds. */
  meanOf: (c: number[]) => number;
}

/** NNLS of y on `cols` over all rows and over each bootstrap row set, with the accessors the fit reports through. */
function fitColumns(cols: [string, number[]][], { y, all, rowSets, operations, mixWeights, withWake, busiest }: FitData): ColumnFit {
  const solveOn = (rows: readonly number[]): number[] => nnls(cols.map(([, c]) => rows.map((i) => c[i] as number)), rows.map((i) => y[i] as number));
  const point = solveOn(all);
  const boots = rowSets.map(solveOn);
  const at = (c: number[], name: string): number => c[cols.findIndex(([n]) => n === name)] ?? 0;
  const iv = (f: (c: number[]) => number): Interval => {
    const xs = boots.map(f).sort((a, b) => a - b);
    return { estimate: f(point), interval: [quantileSorted(xs, 0.025), quantileSorted(xs, 0.975)] };
  };
  const ms = (f: (c: number[]) => number): Interval => iv((c) => 1000 * f(c));
  const perOp = cols.some(([n]) => n === operations[0]);
  const meanOf = (c: number[]): number => (perOp ? operations.reduce((a, op, k) => a + at(c, op) * (mixWeights[k] as number), 0) : at(c, 'mean'));
  const demand = (f: (c: number[]) => number): Interval => {
    const d = ms(f);
    if (!withWake) return d;
    const atBusiest = ms((c) => f(c) + at(c, 'wakeup') * (1 - busiest));
    return { estimate: d.estimate, interval: [d.interval[0], Math.max(d.interval[1], atBusiest.interval[1])] };
  };
  return { cols, at, iv, ms, demand, meanOf };
}

/**
 * NNLS with each column and the response scaled to unit norm (the solution only rescales; the
 * solver's absolute gradient tolerance does not). Lawson-Hanson can still cycle on a degenerate
 * bootstrap resample (a few windows drawn several times, fewer distinct rows than columns: seen
 * on a 16 s live load); then the same problem is solved by projected coordinate descent on the
 * normal equations, which converges for any positive semi-definite X'X.
 */
export function nnls(cols: readonly number[][], y: readonly number[]): number[] {
  const norms = cols.map((c) => Math.sqrt(c.reduce((a, v) => a + v * v, 0)) || 1);
  const yNorm = Math.sqrt(y.reduce((a, v) => a + v * v, 0)) || 1;
  const X = y.map((_, i) => cols.map((c, j) => (c[i] as number) / (norms[j] as number)));
  const ys = y.map((v) => v / yNorm);
  let k: number[];
  try {
    k = fcnnlsVector(X, ys).K.to1DArray();
  } catch {
    k = coordinateDescentNnls(X, ys);
  }
  return k.map((v, j) => (Math.max(0, v) * yNorm) / (norms[j] as number));
}

/** min ‖Xk − y‖², k ≥ 0, by cyclic coordinate descent with projection (X's columns of unit norm). O(sweeps · p²). */
export function coordinateDescentNnls(X: readonly number[][], y: readonly number[], sweeps = 2000): number[] {
  const p = X[0]?.length ?? 0;
  const XtX = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => X.reduce((s, row) => s + (row[a] as number) * (row[b] as number), 0)));
  const Xty = Array.from({ length: p }, (_, a) => X.reduce((s, row, i) => s + (row[a] as number) * (y[i] as number), 0));
  const k = new Array<number>(p).fill(0);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let moved = 0;
    for (let a = 0; a < p; a++) {
      const d = XtX[a]![a]!;
      if (!(d > 0)) continue;
      let g = Xty[a]!;
      for (let b = 0; b < p; b++) g -= XtX[a]![b]! * k[b]!;
      const next = Math.max(0, k[a]! + g / d);
      moved = Math.max(moved, Math.abs(next - k[a]!));
      k[a] = next;
    }
    if (moved < 1e-13) break;
  }
  return k;
}

/** VIF of each column: 1 / (1 − R²) of its least-squares regression (no intercept) on the others. */
function varianceInflation(cols: readonly [string, number[]][]): Record<string, number> {
  const out: Record<string, number> = {};
  cols.forEach(([name, c], j) => {
    const others = cols.filter((_, i) => i !== j).map(([, x]) => x);
    const ss = c.reduce((a, v) => a + v * v, 0);
    if (ss === 0) return void (out[name] = Infinity);
    if (others.length === 0) return void (out[name] = 1);
    const X = new Matrix(c.map((_, i) => others.map((x) => x[i] as number)));
    const beta = solve(X, Matrix.columnVector(c), true);
    const fit = X.mmul(beta).to1DArray();
    const res = c.reduce((a, v, i) => a + (v - (fit[i] as number)) ** 2, 0);
    out[name] = res <= 0 ? Infinity : ss / res;
  });
  return out;
}

function round2(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : x;
}
