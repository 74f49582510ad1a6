import { InputError } from '../../input/inputError.js';
import type { RunReplay } from '../replay.js';

/** Operation shares may differ by this much (absolute) between runs of one scenario: sampling noise. */
const MIX_TOLERANCE = 0.05;

/**
 * Runs calibrated together must come from one k6 scenario: the same `scenario` tag(s) and about
 * the same operation mix. A different scenario name is an error (a mixed-up file); a mix that
 * differs by more than 5 points is a warning (returned), since the fit still makes sense.
 * @throws InputError naming both files when the k6 scenario names differ.
 */
export function checkSameScenario(runs: readonly RunReplay[]): string[] {
  const first = runs[0];
  if (first === undefined) return [];
  const warnings: string[] = [];
  const mixOf = (r: RunReplay): number[] => {
    const n = r.ops.length;
    const counts = r.operations.map(() => 0);
    for (const op of r.ops) counts[op] = (counts[op] as number) + 1;
    return counts.map((c) => c / Math.max(n, 1));
  };
  const mix0 = mixOf(first);
  for (const r of runs.slice(1)) {
    if (r.scenarios.join(',') !== first.scenarios.join(','))
      throw new InputError(`k6 scenario ${JSON.stringify(r.scenarios)} differs from ${JSON.stringify(first.scenarios)} in ${first.file}: runs of different scenarios cannot be calibrated together`, r.file);
    const mix = mixOf(r);
    r.operations.forEach((name, k) => {
      const d = Math.abs((mix[k] as number) - (mix0[k] as number));
      if (d > MIX_TOLERANCE)
        warnings.push(`${r.file}: operation ${name} is ${((mix[k] as number) * 100).toFixed(1)} % of requests vs ${((mix0[k] as number) * 100).toFixed(1)} % in ${first.file}: a different mix, same scenario?`);
    });
  }
  return warnings;
}
