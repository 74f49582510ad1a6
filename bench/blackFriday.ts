import { prepareRun } from '../app/runScenario.js';
import { resolveScenario } from '../input/resolveScenario.js';
import type { BenchCase } from './cases.js';

/**
 * (d) The library's 24-hour black-friday day (about 170 M requests) with the reference
 * Deployment and its HPA: pods with a 1-core limit sharing it between 8 workers, the
 * metrics-server, the HPA and the pod lifecycle on the same clock.
 */
export function blackFridayCase(): BenchCase {
  return { id: 'd', title: 'black-friday: 24 h with the HPA (reference Deployment, 1-core limit)', config: prepareRun(resolveScenario('black-friday')).config };
}
