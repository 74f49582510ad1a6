import { argument, command, option } from '../command.js';
import { k6Request, k6RequestOptions } from './k6-options.js';

/** `capsim k6 script <scenario> --out DIR [--base-url URL]` */
export default command({
  name: 'script',
  description: 'Write the k6 script of a scenario (any service: its declared requests and flows) to a folder: payments.js (the k6 0.48+ bundle, built when missing or stale) and scenario.json',
  example: 'capsim k6 script wallet.yaml --out out/k6 && k6 run -e BASE_URL=http://127.0.0.1:8080 out/k6/payments.js',
  args: { scenario: argument('Scenario YAML file or library name', { required: true }) },
  options: {
    out: option('dir', 'Folder to write payments.js and scenario.json into', { required: true }),
    'base-url': option('url', 'Printed in the k6 run command', { default: 'http://127.0.0.1:8080' }),
    ...k6RequestOptions,
  },
  async run(a, o, io) {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ensureK6Bundle } = await import('../../app/k6Bundle.js');
    const { k6ScenarioFile } = await import('../../app/k6Scenario.js');
    const { writeRunFolder } = await import('../../reports/runFolder.js');
    const scenarioJson = k6ScenarioFile(a.scenario);
    const bundle = await ensureK6Bundle();
    if (bundle.built) io.err(`capsim: built the k6 bundle ${bundle.path}\n`);
    writeRunFolder(o.out, { 'payments.js': readFileSync(bundle.path), 'scenario.json': scenarioJson.text }, { kind: 'capsim k6 script' });
    const env = Object.entries({ ...k6EnvOf(k6Request(o)), BASE_URL: o['base-url'] }).map(([k, v]) => `-e ${k}=${v}`).join(' ');
    io.out(`k6 run -e SCENARIO_FILE=scenario.json ${env} ${join(o.out, 'payments.js')}\n`);
  },
});

function k6EnvOf(r: { timeCompression?: number; scale?: number }): Record<string, string> {
  return { ...(r.timeCompression !== undefined ? { TIME_COMPRESSION: String(r.timeCompression) } : {}), ...(r.scale !== undefined ? { SCALE: String(r.scale) } : {}) };
}
