import { defineCommand } from 'citty';
import { calibrateFiles } from '../../calibration/fit/commands.js';
import { formatModel, formatUncertainty } from '../../calibration/model.js';
import { InputError } from '../../input/inputError.js';
import { writeFileAtomic } from '../../reports/runFolder.js';
import { ioOf } from '../io.js';

export default defineCommand({
  meta: { name: 'calibrate', description: 'Fit the workload model (service times, CPU, workers, start-up) to real k6 runs; write it as YAML' },
  args: {
    k6: { type: 'string', description: 'k6 --out json/csv file of one run (repeat --k6 for several runs; extra positional files are runs too)' },
    timeline: { type: 'string', description: 'Cluster timeline from `capsim record` (pod start-ups, podMetrics CPU, metrics lag)' },
    namespace: { type: 'string', description: 'Refuse a timeline recorded in another namespace' },
    scenario: { type: 'string', required: true, description: 'Scenario YAML (or library name) describing the measured setup' },
    out: { type: 'string', required: true, description: 'Where to write the fitted model (YAML)' },
    seed: { type: 'string', description: 'Seed of the simulation search and bootstrap (default 1)' },
  },
  async run(ctx) {
    const io = ioOf(ctx);
    const k6 = [...repeated(ctx.rawArgs, 'k6'), ...ctx.args._.map(String)];
    const seed = ctx.args.seed === undefined ? undefined : wholeNumber(ctx.args.seed, '--seed');
    const cal = await calibrateFiles(
      { scenario: ctx.args.scenario, k6, ...(ctx.args.timeline ? { timeline: ctx.args.timeline } : {}), ...(ctx.args.namespace ? { namespace: ctx.args.namespace } : {}), ...(seed !== undefined ? { seed } : {}) },
      (line) => io.err(`capsim: warning: ${line}\n`),
    );
    writeFileAtomic(ctx.args.out, formatModel(cal.model));
    io.out(formatUncertainty(cal.model));
    io.err(`capsim: model written to ${ctx.args.out} (${cal.search.evaluations} simulation candidates)\n`);
  },
});

/** Every value of a repeatable `--name X` / `--name=X` flag (citty keeps only the last one). */
export function repeated(rawArgs: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i] as string;
    if (a === `--${name}` && i + 1 < rawArgs.length) out.push(rawArgs[++i] as string);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  }
  return out;
}

export function wholeNumber(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text)) throw new InputError(`expected a whole number, got "${text}"`, undefined, flag);
  return Number(text);
}
