import { defineCommand } from 'citty';
import { InputError } from '../../input/inputError.js';
import { resolveScenario } from '../../input/resolveScenario.js';
import { withLocation } from '../../input/scenarioFile.js';
import { OPERATIONS } from '../../loadtests/service/config.js';
import { compileScenario } from '../../scenarios/compile.js';
import { checkServiceOperations } from '../../scenarios/k6/serviceOperations.js';
import { stableJson } from '../../scenarios/k6/stableJson.js';
import { approximationError } from '../../scenarios/library/index.js';
import { k6Plan } from '../../scenarios/toK6Options.js';
import { ioOf } from '../io.js';

/** Flags shared by `k6 options` and `k6 testrun`. */
export const k6RequestArgs = {
  'time-compression': { type: 'string', description: 'Play the profile N times faster (CI smoke runs), default 1' },
  scale: { type: 'string', description: 'Multiply every rate by X (a lower volume), default 1' },
} as const;

/** `capsim k6 options <scenario> [--time-compression N] [--scale X] [--base-url URL]` */
export default defineCommand({
  meta: { name: 'options', description: 'Print the k6 options generated from a scenario (stable JSON); the stage approximation error on stderr' },
  args: {
    scenario: { type: 'positional', required: true, description: 'Scenario YAML file or library name' },
    ...k6RequestArgs,
    'base-url': { type: 'string', description: 'Target base URL, put in the scenario env as BASE_URL' },
  },
  run(ctx) {
    const io = ioOf(ctx);
    const sf = resolveScenario(ctx.args.scenario);
    withLocation(sf, () => {
      compileScenario(sf.spec);
      checkServiceOperations(sf.spec, OPERATIONS);
    });
    const plan = k6Plan(sf.spec, { ...k6Request(ctx.args), ...(ctx.args['base-url'] !== undefined ? { baseUrl: ctx.args['base-url'] } : {}) });
    io.out(stableJson(plan.options));
    const fit = sf.file === `library:${ctx.args.scenario}` && approximationError(sf.spec.name) > 0 ? `${pct(approximationError(sf.spec.name))} (library stages vs the curve or trace they stand for)` : 'exact (stages as written)';
    io.err(`capsim: ${sf.spec.name}: stage approximation error ${fit}; whole-rate rounding error ${pct(plan.rateRoundingError)}\n`);
  },
});

/** --time-compression and --scale as k6Plan options. @throws InputError naming the flag. */
export function k6Request(args: { 'time-compression'?: string | undefined; scale?: string | undefined }): { timeCompression?: number; scale?: number } {
  return {
    ...(args['time-compression'] !== undefined ? { timeCompression: positive(args['time-compression'], '--time-compression') } : {}),
    ...(args.scale !== undefined ? { scale: positive(args.scale, '--scale') } : {}),
  };
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new InputError(`expected a number > 0, got "${text}"`, undefined, flag);
  return n;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
