/**
 * Issue 13, item 8: a file the user names and that is not there is worded the same by every
 * command: `capsim: <file>: file not found`, exit 2, one line, nothing written.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { session } from '../support/transcript.js';

const dir = () => mkdtempSync(join(tmpdir(), 'capsim-messages-'));

describe('a missing file says "file not found", whatever the command', () => {
  it.each([
    ['run my-scenario.yaml', (d: string) => ['run', join(d, 'my-scenario.yaml'), '--out', join(d, 'out')], 'my-scenario.yaml'],
    ['run scenarios/my-scenario (a path without extension)', (d: string) => ['run', join(d, 'scenarios', 'my-scenario'), '--out', join(d, 'out')], join('scenarios', 'my-scenario')],
    ['hpa explain --hpa', (d: string) => ['hpa', 'explain', '--hpa', join(d, 'hpa.yaml'), '--pods', 'test/fixtures/k8s/payments-pods.json', '--metrics', 'test/fixtures/k8s/payments-podmetrics.json', '--replicas', '4'], 'hpa.yaml'],
    ['hpa explain --deployment', (d: string) => ['hpa', 'explain', '--hpa', 'test/fixtures/k8s/payments-hpa.yaml', '--pods', 'test/fixtures/k8s/payments-pods.json', '--metrics', 'test/fixtures/k8s/payments-podmetrics.json', '--deployment', join(d, 'deploy.yaml')], 'deploy.yaml'],
    ['hpa explain --pods', (d: string) => ['hpa', 'explain', '--hpa', 'test/fixtures/k8s/payments-hpa.yaml', '--pods', join(d, 'pods.json'), '--metrics', 'test/fixtures/k8s/payments-podmetrics.json', '--replicas', '4'], 'pods.json'],
    ['vpa recommend --vpa', (d: string) => ['vpa', 'recommend', '--vpa', join(d, 'vpa.yaml'), '--usage', join(d, 'usage.csv')], 'vpa.yaml'],
    ['run --manifests', (d: string) => ['run', 'test/fixtures/scenarios/small-mix.yaml', '--manifests', join(d, 'k8s'), '--out', join(d, 'out')], 'k8s'],
    ['run --model', (d: string) => ['run', 'test/fixtures/scenarios/small-mix.yaml', '--model', join(d, 'model.yaml'), '--out', join(d, 'out')], 'model.yaml'],
    ['k6 summary', (d: string) => ['k6', 'summary', join(d, 'run.ndjson')], 'run.ndjson'],
    ['tune --space', (d: string) => ['tune', '--scenario', 'test/fixtures/tune/steady/scenario.yaml', '--manifests', 'test/fixtures/tune/steady/k8s', '--space', join(d, 'space.yaml'), '--out', join(d, 'out')], 'space.yaml'],
  ])('$ capsim %s', async (_name, argv, shown) => {
    const d = dir();
    const s = await session(d, argv(d));
    expect(s.code).toBe(2);
    expect(s.stderr).toHaveLength(1);
    expect(s.stderr[0]).toMatch(new RegExp(`^capsim: .*${shown.replace(/[.\\/]/g, '\\$&')}: file not found`));
    expect(s.after).toEqual(s.before); // nothing written
  });

  it('$ capsim run no-such-scenario (no path, no extension): still a library name, and the names are listed', async () => {
    const d = dir();
    const s = await session(d, ['run', 'no-such-scenario', '--out', join(d, 'out')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual([expect.stringMatching(/^capsim: unknown scenario "no-such-scenario": expected a scenario YAML file or one of: .*black-friday/)]);
  });
});
