import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capsimOk } from '../support/cli.js';

/**
 * The checked-in monitoring files are capsim's own output for the default scenario: regenerated
 * here, they must be identical (edit the generator, then rerun the commands in the comments).
 */

const tmp = mkdtempSync(join(tmpdir(), 'capsim-generated-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)).map((f) => join(n, f)) : [n])).sort();
}

function expectSameFolder(generated: string, checkedIn: string): void {
  expect(files(checkedIn)).toEqual(files(generated));
  for (const f of files(generated)) expect(readFileSync(join(checkedIn, f), 'utf8'), relative('.', join(checkedIn, f))).toBe(readFileSync(join(generated, f), 'utf8'));
}

describe('checked-in monitoring files', () => {
  it('deploy/prometheus/rules is `capsim slo rules checkout-peak --out deploy/prometheus/rules`', async () => {
    await capsimOk(['slo', 'rules', 'checkout-peak', '--out', join(tmp, 'rules')]);
    expectSameFolder(join(tmp, 'rules'), 'deploy/prometheus/rules');
  });

  it('deploy/grafana is `capsim dashboard checkout-peak --out deploy/grafana`', async () => {
    await capsimOk(['dashboard', 'checkout-peak', '--out', join(tmp, 'grafana')]);
    expectSameFolder(join(tmp, 'grafana'), 'deploy/grafana');
  });
});
