import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsimFails, capsimOk } from '../support/cli.js';
import { library } from '../../scenarios/library/index.js';
import { toK6Options } from '../../scenarios/toK6Options.js';

/** `capsim k6 options <args>` that must succeed: what it printed. */
async function run(...args: string[]) {
  const t = await capsimOk(['k6', 'options', ...args]);
  return { out: t.stdout, err: t.stderr };
}

/** `capsim k6 options <args>` that must fail with exit code 2: its one-line message. */
async function inputError(args: string[]): Promise<{ message: string }> {
  const f = await capsimFails(['k6', 'options', ...args]);
  if (f.code !== 2 || f.stderr.trimEnd().split('\n').length !== 1) throw new Error(`expected exit 2 and one line, got ${f.code}: ${f.stderr}`);
  return f;
}

const dir = mkdtempSync(join(tmpdir(), 'capsim-k6-options-'));

describe('capsim k6 options', () => {
  it('prints the options of a library scenario as stable JSON (sorted keys), and the fit error on stderr', async () => {
    const { out, err } = await run('weekday-diurnal');
    expect(JSON.parse(out)).toEqual(toK6Options(library['weekday-diurnal']!));
    expect(out.indexOf('"scenarios"')).toBeLessThan(out.indexOf('"tags"'));
    expect(out.indexOf('"tags"')).toBeLessThan(out.indexOf('"thresholds"'));
    expect(err).toBe('capsim: weekday-diurnal: stage approximation error 3.00 % (library stages vs the curve or trace they stand for); whole-rate rounding error 0.00 %\n');
  });

  it('prints byte-identical output twice', async () => {
    expect((await run('black-friday')).out).toBe((await run('black-friday')).out);
  });

  it('--time-compression and --scale give the CI variant', async () => {
    const { out, err } = await run('steady-authorize', '--time-compression', '60', '--scale', '0.05', '--base-url', 'http://127.0.0.1:8080');
    expect(JSON.parse(out).scenarios.payments).toMatchObject({ executor: 'constant-arrival-rate', rate: 10, duration: '10s', env: { BASE_URL: 'http://127.0.0.1:8080' } });
    expect(err).toContain('stage approximation error exact (stages as written)');
  });

  it('reads a scenario YAML file too', async () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'name: ok\ntraffic:\n  startRate: 10\n  stages:\n    - { duration: 1m, target: 20 }\n  mix: { authorize: 1 }\nworkload:\n  operations:\n    authorize: { serviceTime: { distribution: constant, valueMs: 10 }, request: { method: POST, path: /authorize } }\n  pod: { workers: 2, queueLimit: 10 }\n');
    const { out } = await run(file);
    expect(JSON.parse(out).scenarios.payments).toMatchObject({ startRate: 10, stages: [{ duration: '1m', target: 20 }] });
  });

  it.each([
    { name: 'an unknown scenario name', args: ['cyber-monday'], message: /unknown scenario "cyber-monday": expected a scenario YAML file or one of: .*black-friday/ },
    { name: 'a bad --scale', args: ['payday', '--scale', '0'], message: /--scale: expected a number > 0, got "0"/ },
    { name: 'a bad --time-compression', args: ['payday', '--time-compression', 'fast'], message: /--time-compression: expected a number > 0, got "fast"/ },
  ])('$name -> InputError', async ({ args, message }) => {
    expect((await inputError(args)).message).toMatch(message);
  });

  it('an operation of the mix that declares no request -> InputError naming the file, line and field', async () => {
    const file = join(dir, 'bad-op.yaml');
    writeFileSync(file, 'name: bad\ntraffic:\n  startRate: 10\n  stages:\n    - { duration: 1m, target: 20 }\n  mix:\n    transfer: 1\nworkload:\n  operations:\n    transfer: { serviceTime: { distribution: constant, valueMs: 10 } }\n  pod: { workers: 2, queueLimit: 10 }\n');
    const e = await inputError([file]);
    expect(e.message).toBe(`${file}:10: workload.operations.transfer: operation "transfer" has no request: the k6 script needs its method and path (workload.operations.transfer.request: { method, path, ... })`);
  });
});
