import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand } from 'citty';
import { stringify } from 'yaml';
import { InputError } from '../../input/inputError.js';
import { packageRoot } from '../../input/packageRoot.js';
import { IN_CLUSTER_BASE_URL, k6TestRunManifests } from '../../scenarios/k6/testRun.js';
import { library, scenarioNames } from '../../scenarios/library/index.js';
import { writeFileAtomic } from '../../reports/runFolder.js';
import { ioOf } from '../io.js';
import { k6Request, k6RequestArgs } from './k6-options.js';

/** `capsim k6 testrun <scenario> --parallelism N [--namespace NS] [--out FILE] [--base-url URL] [--bundle FILE]` */
export default defineCommand({
  meta: { name: 'testrun', description: 'Write a k6-operator TestRun manifest (k6.io/v1alpha1) with the k6 bundle in a ConfigMap' },
  args: {
    scenario: { type: 'positional', required: true, description: 'Library scenario name (the k6 script runs library scenarios)' },
    parallelism: { type: 'string', required: true, description: 'Number of k6 runners (each takes an execution segment of the schedule)' },
    namespace: { type: 'string', default: 'default', description: 'Namespace of the TestRun and ConfigMap' },
    out: { type: 'string', description: 'Write the manifests to this file (default stdout)' },
    'base-url': { type: 'string', default: IN_CLUSTER_BASE_URL, description: 'Target base URL as the runners see it' },
    bundle: { type: 'string', description: 'The k6 bundle (default dist/k6/payments.js, from npm run build:k6)' },
    ...k6RequestArgs,
  },
  run(ctx) {
    const io = ioOf(ctx);
    const name = ctx.args.scenario;
    if (library[name] === undefined) throw new InputError(`unknown library scenario "${name}": the k6 script runs library scenarios only (known: ${scenarioNames().join(', ')})`);
    const parallelism = Number(ctx.args.parallelism);
    if (!/^\d+$/.test(ctx.args.parallelism) || parallelism < 1) throw new InputError(`expected a whole number >= 1, got "${ctx.args.parallelism}"`, undefined, '--parallelism');
    const bundlePath = ctx.args.bundle ?? join(packageRoot(), 'dist/k6/payments.js');
    if (!existsSync(bundlePath)) throw new InputError('the k6 bundle is not built: run npm run build:k6 first', bundlePath);
    const manifests = k6TestRunManifests({
      scenario: name,
      bundle: readFileSync(bundlePath, 'utf8'),
      parallelism,
      namespace: ctx.args.namespace,
      baseUrl: ctx.args['base-url'],
      ...k6Request(ctx.args),
    });
    const yaml = manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
    if (ctx.args.out === undefined) io.out(yaml);
    else {
      writeFileAtomic(ctx.args.out, yaml);
      io.err(`capsim: k6-operator TestRun for ${name} (parallelism ${parallelism}) in ${ctx.args.out}\n`);
    }
  },
});
