import { describe, expect, it } from 'vitest';
import { fitCurve, type CurvePiece } from '../../scenarios/curves.js';
import { stageCurveError } from '../../scenarios/stageCurve.js';
import { fittedCurves } from '../../scenarios/profiles.js';
import { parseDurationMs } from '../../sim/traffic/duration.js';

const decay: CurvePiece[] = [{ fromS: 0, toS: 3600, rate: (t) => 100 + 900 * Math.exp(-t / 900) }];
const gauss: CurvePiece[] = [{ fromS: 0, toS: 86_400, rate: (t) => 50 + 950 * Math.exp(-(((t / 3600 - 20) / 2) ** 2) / 2) }];

describe('fitCurve: adaptive piecewise-linear stages with a bounded error', () => {
  it.each([
    { name: 'exponential decay, 2 %', pieces: decay, stepS: 10, bound: 0.02, maxStages: 40 },
    { name: 'exponential decay, 0.5 %', pieces: decay, stepS: 10, bound: 0.005, maxStages: 80 },
    { name: 'evening Gaussian over a day, 3 %', pieces: gauss, stepS: 60, bound: 0.03, maxStages: 40 },
  ])('$name: the achieved error, measured independently on a 1 s grid, is within the bound', ({ pieces, stepS, bound, maxStages }) => {
    const fit = fitCurve(pieces, { stepS, maxRelativeError: bound, maxStages });
    expect(fit.maxRelativeError).toBeLessThanOrEqual(bound);
    expect(fit.stages.length).toBeLessThanOrEqual(maxStages);
    const floor = 0.02 * 1000;
    // Tolerate what falls between the fit's own 4x finer check grid and this 1 s one.
    expect(stageCurveError(fit.startRate, fit.stages, pieces, { stepS: 1, floorRps: floor })).toBeLessThanOrEqual(bound * 1.05);
  });

  it('uses long stages where the curve is flat and short ones where it bends', () => {
    const flatThenBump: CurvePiece[] = [{ fromS: 0, toS: 3600, rate: (t) => 100 + 900 * Math.exp(-(((t - 3000) / 300) ** 2) / 2) }];
    const fit = fitCurve(flatThenBump, { stepS: 10, maxRelativeError: 0.02, maxStages: 60 });
    const durations = fit.stages.map((s) => parseDurationMs(s.duration)! / 1000);
    expect(durations[0]!).toBeGreaterThan(1500);
    expect(durations.reduce((a, b) => Math.min(a, b), Infinity)).toBeLessThanOrEqual(120);
  });

  it('a tighter bound takes more stages', () => {
    const loose = fitCurve(decay, { stepS: 10, maxRelativeError: 0.05, maxStages: 100 });
    const tight = fitCurve(decay, { stepS: 10, maxRelativeError: 0.005, maxStages: 100 });
    expect(tight.stages.length).toBeGreaterThan(loose.stages.length);
  });

  it('stages are whole rates (k6 rates are integers) spanning the curve exactly', () => {
    const fit = fitCurve(gauss, { stepS: 60, maxRelativeError: 0.03, maxStages: 40 });
    expect(fit.stages.every((s) => Number.isInteger(s.target))).toBe(true);
    expect(fit.stages.reduce((a, s) => a + parseDurationMs(s.duration)!, 0)).toBe(86_400_000);
  });

  it('a jump between pieces becomes a 0-duration stage', () => {
    const step: CurvePiece[] = [
      { fromS: 0, toS: 60, rate: () => 10 },
      { fromS: 60, toS: 120, rate: () => 100 },
    ];
    const fit = fitCurve(step, { stepS: 10, maxRelativeError: 0.01, maxStages: 5 });
    expect(fit).toEqual({ startRate: 10, stages: [{ duration: '1m', target: 10 }, { duration: '0s', target: 100 }, { duration: '1m', target: 100 }], maxRelativeError: 0 });
  });

  it.each([
    { name: 'too few stages allowed', pieces: decay, opts: { stepS: 10, maxRelativeError: 0.001, maxStages: 3 }, message: /more than maxStages 3/ },
    { name: 'pieces with a gap', pieces: [{ fromS: 0, toS: 10, rate: () => 1 }, { fromS: 20, toS: 30, rate: () => 1 }], opts: { stepS: 1, maxRelativeError: 0.01, maxStages: 9 }, message: /join end to end/ },
    { name: 'no pieces', pieces: [], opts: { stepS: 1, maxRelativeError: 0.01, maxStages: 9 }, message: /at least one piece/ },
  ])('throws when $name', ({ pieces, opts, message }) => {
    expect(() => fitCurve(pieces, opts)).toThrow(message);
  });

  it.each(Object.entries(fittedCurves))('library curve %s: fits within its stated bound and stage budget', (_name, curve) => {
    const fit = fitCurve(curve.pieces, curve.fit);
    expect(fit.maxRelativeError).toBeLessThanOrEqual(curve.fit.maxRelativeError);
    expect(fit.stages.length).toBeLessThanOrEqual(curve.fit.maxStages);
  });
});
