import { argument, command, ExitCode, flag, list, option } from '../command.js';
import { InputError } from '../../input/inputError.js';
import { wholeNumber } from '../values.js';
import { k6Request, k6RequestOptions } from './k6-options.js';

/** `capsim gate <scenario> [--manifests PATH] [--k6 FILE ...] [--base-url URL] [--out FILE [--append]]` */
export default command({
  name: 'gate',
  description: 'Pull-request gate: simulate the scenario (with the changed manifests), decide its k6 thresholds on the smoke run, write one Markdown verdict; exit 1 when an SLO or a threshold fails',
  example: 'capsim gate checkout-peak --manifests k8s/ --k6 k6.ndjson --out verdict.md',
  args: { scenario: argument('Scenario YAML file or library name', { required: true }) },
  options: {
    manifests: list('path', 'Kubernetes manifest file or folder (replaces the scenario\'s manifests)', { defaultText: "the scenario's" }),
    k6: list('file', 'k6 results of the change: --out json/csv files (runners merged) or a summary JSON', { defaultText: 'none' }),
    'base-url': option('url', 'Run the k6 smoke test against this deployed service (needs k6 on PATH)', { defaultText: 'no k6 run' }),
    out: option('file', 'Write the Markdown verdict here (e.g. $GITHUB_STEP_SUMMARY, with --append)', { defaultText: 'stdout' }),
    append: flag('Add the verdict at the end of the --out file instead of replacing it, as GitHub Actions expects $GITHUB_STEP_SUMMARY to be written (what the step wrote there before is kept)'),
    seed: option('n', 'Seed of the simulation', { parse: wholeNumber, defaultText: "the scenario's" }),
    ...k6RequestOptions,
  },
  async run(a, o, io) {
    // Before any work: a mistake in the flags costs a line, not a simulation.
    if (o.append && o.out === undefined) throw new InputError('--append adds to the --out file: give --out FILE (without --out the verdict goes to stdout: append with >>)');
    const { gate } = await import('../../calibration/gate.js');
    const { gateMarkdown } = await import('../../calibration/gateReport.js');
    const { formatWarning } = await import('../../calibration/k6/warnings.js');
    const { appendToFile, writeFileAtomic } = await import('../../reports/runFolder.js');
    const { createProgress } = await import('../progress.js');
    const warnings: string[] = [];
    const progress = createProgress(io, 'capsim gate', { unit: 'simulated h', decimals: 1 });
    const verdict = await gate({
      scenario: a.scenario,
      ...(o.manifests.length > 0 ? { manifests: o.manifests } : {}),
      ...(o.k6.length > 0 ? { k6: o.k6 } : {}),
      ...(o['base-url'] !== undefined ? { baseUrl: o['base-url'] } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      request: k6Request(o),
      warn: (w) => void warnings.push(formatWarning(w)),
      onProgress: (done, total) => progress.update(done / 3_600_000, total / 3_600_000),
    }).finally(() => progress.stop());
    for (const w of warnings.slice(0, 20)) io.err(`capsim: warning: ${w}\n`);
    const md = gateMarkdown(verdict);
    if (o.out === undefined) io.out(md);
    else {
      if (o.append) appendToFile(o.out, md);
      else writeFileAtomic(o.out, md);
      io.err(`capsim: gate verdict (${verdict.pass ? 'pass' : 'fail'}) in ${o.out}\n`);
    }
    if (!verdict.pass) throw new ExitCode(1);
  },
});
