import { resolveScenario } from '../input/resolveScenario.js';
import { withLocation } from '../input/scenarioFile.js';
import { compileScenario } from '../scenarios/compile.js';
import { checkRequests } from '../scenarios/http/check.js';
import { stableJson } from '../scenarios/k6/stableJson.js';
import type { ScenarioSpec } from '../scenarios/schema.js';

/**
 * A scenario checked for k6 (it compiles, and every operation its mix sends declares a request)
 * and written as the JSON loadtests/payments.ts reads with `SCENARIO_FILE` (`capsimScenario`).
 * @throws InputError naming the file, line and field of what is wrong.
 */
export function k6ScenarioFile(nameOrFile: string): { spec: ScenarioSpec; text: string } {
  const sf = resolveScenario(nameOrFile);
  withLocation(sf, () => {
    compileScenario(sf.spec);
    checkRequests(sf.spec);
  });
  return { spec: sf.spec, text: stableJson({ capsimScenario: sf.spec }) };
}
