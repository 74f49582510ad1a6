import { loadManifests } from '../app/manifestInputs.js';
import { InputError } from '../input/inputError.js';
import { scenarioDefaults } from '../scenarios/defaults.js';
import { resolveScenario } from '../input/resolveScenario.js';
import { withLocation } from '../input/scenarioFile.js';
import type { HpaModel } from '../k8s/hpa.js';
import { compileScenario } from '../scenarios/compile.js';
import type { TuneScenario } from './evaluate.js';

/** What a tuning run starts from: the scenarios compiled with the user's manifests, and the user's HPA. */
export interface TuneInputs {
  readonly scenarios: TuneScenario[];
  readonly hpa: HpaModel;
}

/**
 * Resolve each scenario (file or library name), compile it with the Deployment and HPA of
 * `manifests` (which replace the scenario's own), and return the HPA to tune.
 * @throws InputError for no scenario, the same scenario twice, manifests without a
 *   HorizontalPodAutoscaler, or anything the scenario and manifest readers reject.
 * @example loadTuneInputs(['checkout-peak'], 'k8s/').scenarios[0].name // 'checkout-peak'
 */
export function loadTuneInputs(scenarioArgs: readonly string[], manifests: string): TuneInputs {
  if (scenarioArgs.length === 0) throw new InputError('expected at least one scenario (file or library name)', undefined, '--scenario');
  const loaded = loadManifests([manifests]);
  if (loaded.hpa === undefined) throw new InputError('no HorizontalPodAutoscaler among the manifests: capsim tune needs the HPA to tune (and its Deployment)', manifests);
  const scenarios = scenarioArgs.map((arg) => {
    const sf = resolveScenario(arg);
    const config = withLocation(sf, () => compileScenario(sf.spec, {}, loaded.inputs));
    return { name: sf.spec.name, config, slo: sf.spec.slo, currency: sf.spec.pricing?.currency ?? scenarioDefaults.currency };
  });
  const names = scenarios.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new InputError(`scenario "${dup}" is given twice`, undefined, '--scenario');
  const other = scenarios.find((s) => s.currency !== scenarios[0]?.currency);
  if (other !== undefined) throw new InputError(`scenario "${other.name}" prices in ${other.currency} and "${scenarios[0]?.name}" in ${scenarios[0]?.currency}: costs of one search must share a currency`, undefined, 'pricing.currency');
  return { scenarios, hpa: loaded.hpa };
}
