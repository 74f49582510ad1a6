import { IN_CLUSTER_BASE_URL } from '../../scenarios/k6/testRun.js';
import { argument, command, option } from '../command.js';
import { positiveInteger } from '../values.js';
import { k6Request, k6RequestOptions } from './k6-options.js';

/** `capsim k6 testrun <scenario> --parallelism N [--namespace NS] [--out FILE] [--base-url URL] [--bundle FILE]` */
export default command({
  name: 'testrun',
  description: 'Write a k6-operator TestRun manifest (k6.io/v1alpha1) with the k6 bundle in a ConfigMap',
  example: 'capsim k6 testrun black-friday --parallelism 4 --out testrun.yaml',
  args: { scenario: argument('Scenario YAML file or library name (a file travels as scenario.json in the ConfigMap)', { required: true }) },
  options: {
    parallelism: option('n', 'Number of k6 runners (each takes an execution segment of the schedule)', { parse: positiveInteger, required: true }),
    namespace: option('ns', 'Namespace of the TestRun and ConfigMap', { default: 'default' }),
    out: option('file', 'Write the manifests to this file', { defaultText: 'stdout' }),
    'base-url': option('url', 'Target base URL as the runners see it', { default: IN_CLUSTER_BASE_URL }),
    bundle: option('file', 'The k6 bundle', { defaultText: 'dist/k6/payments.js, built first when missing or stale' }),
    ...k6RequestOptions,
  },
  async run(a, o, io) {
    const { existsSync, readFileSync } = await import('node:fs');
    const { stringify } = await import('yaml');
    const { InputError } = await import('../../input/inputError.js');
    const { ensureK6Bundle } = await import('../../app/k6Bundle.js');
    const { k6ScenarioFile } = await import('../../app/k6Scenario.js');
    const { k6TestRunManifests } = await import('../../scenarios/k6/testRun.js');
    const { library } = await import('../../scenarios/library/index.js');
    const { openOutputFile } = await import('../../reports/runFolder.js');
    const name = a.scenario;
    // A library scenario is in the bundle; any other travels as scenario.json (checked for k6 first).
    const scenarioJson = library[name] === undefined ? k6ScenarioFile(name) : undefined;
    if (o.bundle !== undefined && !existsSync(o.bundle)) throw new InputError('no such k6 bundle (leave --bundle out to use dist/k6/payments.js, built when missing or stale)', o.bundle);
    const out = o.out !== undefined ? openOutputFile(o.out) : undefined; // checked before the bundle is built
    try {
      const ensured = o.bundle === undefined ? await ensureK6Bundle() : undefined;
      if (ensured?.built) io.err(`capsim: built the k6 bundle ${ensured.path}\n`);
      const bundlePath = o.bundle ?? (ensured as { path: string }).path;
      const manifests = k6TestRunManifests({
        scenario: scenarioJson?.spec.name ?? name,
        ...(scenarioJson !== undefined ? { scenarioJson: scenarioJson.text } : {}),
        bundle: readFileSync(bundlePath, 'utf8'),
        parallelism: o.parallelism,
        namespace: o.namespace,
        baseUrl: o['base-url'],
        ...k6Request(o),
      });
      const yaml = manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
      if (out === undefined) io.out(yaml);
      else {
        out.write(yaml);
        io.err(`capsim: k6-operator TestRun for ${name} (parallelism ${o.parallelism}) in ${o.out}\n`);
      }
    } finally {
      out?.release();
    }
  },
});
