import { parseDurationMs } from '../sim/traffic/duration.js';
import type { CurvePiece } from './curves.js';

/**
 * How far k6 stages (linear ramps between break points) are from the rate curve they stand
 * for: the measurement behind fitCurve's reported error.
 */

/** k6 stages as the scenario schema writes them. */
export interface StageData {
  duration: string;
  target: number;
}

/**
 * Maximum relative error of stages against a curve, sampled every `stepS` seconds (and at
 * every piece boundary from both sides). O(samples × stages).
 * @example stageCurveError(0, [{ duration: '10s', target: 10 }], [{ fromS: 0, toS: 10, rate: (t) => t }], { stepS: 1, floorRps: 1 }) // 0
 */
export function stageCurveError(startRate: number, stages: readonly StageData[], pieces: readonly CurvePiece[], o: { stepS: number; floorRps: number }): number {
  const nodes = stageNodes(startRate, stages);
  let worst = 0;
  for (const p of pieces) {
    const n = Math.ceil((p.toS - p.fromS) / o.stepS);
    for (let k = 0; k <= n; k++) {
      // Sample just inside the piece at its ends: at a jump the stages take both values.
      const t = k === 0 ? p.fromS + 1e-6 : k === n ? p.toS - 1e-6 : p.fromS + k * o.stepS;
      const r = p.rate(t);
      worst = Math.max(worst, Math.abs(valueAt(nodes, t) - r) / Math.max(r, o.floorRps));
    }
  }
  return worst;
}

/** (time s, rate) break points of a stage list. */
function stageNodes(startRate: number, stages: readonly StageData[]): Array<[number, number]> {
  const nodes: Array<[number, number]> = [[0, startRate]];
  let t = 0;
  for (const s of stages) {
    t += (parseDurationMs(s.duration) ?? NaN) / 1000;
    nodes.push([t, s.target]);
  }
  return nodes;
}

/** Value of the stage curve at t; inside a 0-duration jump, the later value. */
function valueAt(nodes: ReadonlyArray<[number, number]>, t: number): number {
  for (let k = 1; k < nodes.length; k++) {
    const [t1, v1] = nodes[k] as [number, number];
    if (t <= t1) {
      const [t0, v0] = nodes[k - 1] as [number, number];
      return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
  }
  return 0;
}
