import type { ScenarioFile } from '../input/scenarioFile.js';
import type { SimConfig } from '../sim/model.js';
import type { SimResult } from '../sim/results.js';
import type { SloVerdict } from './slo.js';

/** One simulated run as the reports see it: the scenario as read, what was simulated, the result and its SLO verdicts. */
export interface CapacityRun {
  scenario: ScenarioFile;
  config: SimConfig;
  result: SimResult;
  verdicts: SloVerdict[];
  /** The manifests as given (file and text), for the report. */
  manifests: Array<{ file: string; text: string }>;
}
