import { argument, command, option } from '../command.js';
import { positiveNumber } from '../values.js';

/** Flags shared by `k6 options` and `k6 testrun`. */
export const k6RequestOptions = {
  'time-compression': option('n', 'Play the profile N times faster (CI smoke runs)', { parse: positiveNumber, defaultText: '1' }),
  scale: option('x', 'Multiply every rate by X (a lower volume)', { parse: positiveNumber, defaultText: '1' }),
};

/** `capsim k6 options <scenario> [--time-compression N] [--scale X] [--base-url URL]` */
export default command({
  name: 'options',
  description: 'Print the k6 options generated from a scenario (stable JSON); the stage approximation error on stderr',
  example: 'capsim k6 options black-friday --time-compression 60 --scale 0.01',
  args: { scenario: argument('Scenario YAML file or library name', { required: true }) },
  options: {
    ...k6RequestOptions,
    'base-url': option('url', 'Target base URL, put in the scenario env as BASE_URL', { defaultText: 'none' }),
  },
  async run(a, o, io) {
    const { resolveScenario } = await import('../../input/resolveScenario.js');
    const { withLocation } = await import('../../input/scenarioFile.js');
    const { compileScenario } = await import('../../scenarios/compile.js');
    const { checkRequests } = await import('../../scenarios/http/check.js');
    const { stableJson } = await import('../../scenarios/k6/stableJson.js');
    const { approximationError } = await import('../../scenarios/library/index.js');
    const { k6Plan } = await import('../../scenarios/toK6Options.js');
    const sf = resolveScenario(a.scenario);
    withLocation(sf, () => {
      compileScenario(sf.spec);
      checkRequests(sf.spec);
    });
    const plan = k6Plan(sf.spec, { ...k6Request(o), ...(o['base-url'] !== undefined ? { baseUrl: o['base-url'] } : {}) });
    io.out(stableJson(plan.options));
    const fit = sf.file === `library:${a.scenario}` && approximationError(sf.spec.name) > 0 ? `${pct(approximationError(sf.spec.name))} (library stages vs the curve or trace they stand for)` : 'exact (stages as written)';
    io.err(`capsim: ${sf.spec.name}: stage approximation error ${fit}; whole-rate rounding error ${pct(plan.rateRoundingError)}\n`);
  },
});

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

/** The values of k6RequestOptions as k6Plan options (absent when not given). */
export function k6Request(o: { 'time-compression'?: number | undefined; scale?: number | undefined }): { timeCompression?: number; scale?: number } {
  return { ...(o['time-compression'] !== undefined ? { timeCompression: o['time-compression'] } : {}), ...(o.scale !== undefined ? { scale: o.scale } : {}) };
}
