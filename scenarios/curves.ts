import { formatDuration } from '../sim/traffic/duration.js';
import { stageCurveError, type StageData } from './stageCurve.js';

export type { StageData } from './stageCurve.js';

/**
 * Rate curves that are not piecewise linear (a diurnal sum of Gaussians, an exponential decay)
 * approximated by k6 stages, which ramp linearly. The fit is adaptive: a stage is stretched
 * along a time grid for as long as the straight line between its end points stays within the
 * error bound at every grid point in between, so flat stretches take one long stage and curved
 * ones several short ones. Pure; the library commits the fitted stages as data and a test
 * re-fits them.
 *
 * The error is relative to the curve, with a floor: |stages(t) − r(t)| / max(r(t), floorRps).
 * Without a floor a near-idle night (r ≈ 0) would make any rounding an infinite relative error.
 */

/** A piece of the curve on [fromS, toS] (seconds from the start). Pieces join end to end; a jump between them becomes a 0-duration stage. */
export interface CurvePiece {
  fromS: number;
  toS: number;
  /** Requests per second at t seconds (t in [fromS, toS]). */
  rate: (tS: number) => number;
}

export interface CurveFitOptions {
  /** Grid step in seconds: stage boundaries fall on it. */
  stepS: number;
  /** Bound on the maximum relative error (0.02 = 2 %). */
  maxRelativeError: number;
  /** Bound on the number of stages. */
  maxStages: number;
  /** Rates below this count as this for the relative error (default 2 % of the curve's peak). */
  floorRps?: number;
  /** Round targets to whole requests per second (k6 rates are integers); default true. */
  round?: boolean;
}

export interface CurveFit {
  startRate: number;
  stages: StageData[];
  /** The achieved maximum relative error, measured on a grid 4x finer than the fit's. */
  maxRelativeError: number;
}

const TIGHTEN = 0.7;
const MAX_TRIES = 12;

/**
 * Fit stages to a curve. Cost O(n·L) for n grid points and stages of L points.
 * @throws Error when the bound cannot be met within `maxStages` stages (raise one of the two)
 *   or the pieces do not join end to end.
 * @example fitCurve([{ fromS: 0, toS: 3600, rate: (t) => 100 * Math.exp(-t / 900) }], { stepS: 10, maxRelativeError: 0.02, maxStages: 60 })
 */
export function fitCurve(pieces: readonly CurvePiece[], opts: CurveFitOptions): CurveFit {
  checkPieces(pieces);
  const floor = opts.floorRps ?? 0.02 * curvePeak(pieces, opts.stepS);
  let tol = opts.maxRelativeError;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++, tol *= TIGHTEN) {
    const fit = fitOnce(pieces, opts, tol, floor);
    if (fit.stages.length > opts.maxStages)
      throw new Error(`fitCurve: ${fit.stages.length} stages needed for a ${pct(opts.maxRelativeError)} error bound, more than maxStages ${opts.maxStages}`);
    const err = stageCurveError(fit.startRate, fit.stages, pieces, { stepS: opts.stepS / 4, floorRps: floor });
    if (err <= opts.maxRelativeError) return { ...fit, maxRelativeError: err };
  }
  throw new Error(`fitCurve: could not reach a ${pct(opts.maxRelativeError)} error bound (rounding to whole rates may exceed it: lower the floor or raise the bound)`);
}

function fitOnce(pieces: readonly CurvePiece[], opts: CurveFitOptions, tol: number, floor: number): { startRate: number; stages: StageData[] } {
  const round = opts.round ?? true;
  const q = (v: number): number => (round ? Math.round(v) : v);
  const stages: StageData[] = [];
  const first = pieces[0] as CurvePiece;
  const startRate = q(first.rate(first.fromS));
  let current = startRate;
  for (const p of pieces) {
    const ts = grid(p, opts.stepS);
    const rs = ts.map((t) => p.rate(t));
    const v0 = q(rs[0] as number);
    if (v0 !== current) stages.push({ duration: '0s', target: v0 });
    let i = 0;
    while (i < ts.length - 1) {
      const j = farthest(ts, rs, i, tol, floor, q);
      stages.push({ duration: formatDuration(((ts[j] as number) - (ts[i] as number)) * 1000), target: q(rs[j] as number) });
      i = j;
    }
    current = q(rs[rs.length - 1] as number);
  }
  return { startRate, stages };
}

/** The last grid index j > i such that the line from i to j stays within tol at every point between. */
function farthest(ts: number[], rs: number[], i: number, tol: number, floor: number, q: (v: number) => number): number {
  const a = q(rs[i] as number);
  let best = i + 1;
  for (let j = i + 2; j < ts.length; j++) {
    const b = q(rs[j] as number);
    const t0 = ts[i] as number;
    const span = (ts[j] as number) - t0;
    let ok = true;
    for (let k = i + 1; k < j && ok; k++) {
      const lin = a + ((b - a) * ((ts[k] as number) - t0)) / span;
      const r = rs[k] as number;
      ok = Math.abs(lin - r) <= tol * Math.max(r, floor);
    }
    if (!ok) break;
    best = j;
  }
  return best;
}

function grid(p: CurvePiece, stepS: number): number[] {
  const out: number[] = [];
  for (let t = p.fromS; t < p.toS - 1e-9; t += stepS) out.push(t);
  out.push(p.toS);
  return out;
}

function curvePeak(pieces: readonly CurvePiece[], stepS: number): number {
  let peak = 0;
  for (const p of pieces) for (const t of grid(p, stepS)) peak = Math.max(peak, p.rate(t));
  return peak;
}

function checkPieces(pieces: readonly CurvePiece[]): void {
  if (pieces.length === 0) throw new Error('fitCurve: expected at least one piece');
  let end = (pieces[0] as CurvePiece).fromS;
  if (end !== 0) throw new Error('fitCurve: the first piece must start at 0 s');
  for (const p of pieces) {
    if (p.fromS !== end || !(p.toS > p.fromS)) throw new Error(`fitCurve: pieces must join end to end, got [${p.fromS}, ${p.toS}] after ${end}`);
    end = p.toS;
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
