import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { hpaFromManifest } from '../../k8s/hpa.js';
import { parseManifestText } from '../../k8s/manifests.js';
import { FLASH, SMALL_SPACE, STEADY, tempDir } from '../tune/support.js';

/** Run `capsim tune ...` in-process: its exit code and what it printed on stderr. */
async function cli(args: string[], onErr?: (text: string) => void) {
  const t = await capsim(['tune', ...args], onErr);
  return { code: t.code, stderr: t.stderr };
}

const small = ['--space', SMALL_SPACE, '--workers', '1', '--seeds', '1'];
// A progress line for every update (not every 10 s): the Ctrl-C tests interrupt on the first ones.
process.env.CAPSIM_PROGRESS_SECONDS = '0';

describe('capsim tune', () => {
  it('writes the tuned manifest, the results, the Pareto chart and the HTML report with the comparison', async () => {
    const out = join(tempDir(), 'tune');
    const { code, stderr } = await cli(['--scenario', FLASH.scenario, '--manifests', FLASH.manifests, '--budget', '8', ...small, '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/capsim tune: best [0-9a-f]{8} meets every SLO: .* pod-hours \(current HPA: .*, misses SLOs\); results in /);
    for (const f of ['hpa.yaml', 'results.json', 'evaluations.csv', 'report.md', 'pareto.svg', 'tune.html']) expect(existsSync(join(out, f)), f).toBe(true);
    const [doc] = parseManifestText(readFileSync(join(out, 'hpa.yaml'), 'utf8'), 'hpa.yaml');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(hpaFromManifest(doc as NonNullable<typeof doc>).spec).toEqual(results.best.spec);
    const html = readFileSync(join(out, 'tune.html'), 'utf8');
    expect(html).toContain('Current HPA vs best found');
    expect(html).toContain('<svg');
    expect(html).toContain(readFileSync(join(out, 'pareto.svg'), 'utf8'));
    expect(readFileSync(join(out, 'evaluations.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 1 + results.evaluations.length);
  }, 60_000);

  it('screens every candidate on the queueing approximation, confirms the best in full simulation, and prints the approximation\'s error', async () => {
    const out = join(tempDir(), 'multi');
    const t = await capsim(['tune', '--scenario', FLASH.scenario, '--manifests', FLASH.manifests, '--budget', '12', ...small, '--confirm', '3', '--out', out]);
    expect(t.code, t.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.meta.mode).toBe('multi-fidelity');
    expect(results.screening.screened).toBeGreaterThanOrEqual(12 - 2); // the list, plus refinement within the budget
    // Only fully simulated candidates are returned: the best is one of the confirmed, on every seed.
    const confirmed = results.screening.rows.filter((r: { seeds: number }) => r.seeds === 1).map((r: { id: string }) => r.id);
    expect(confirmed.length).toBeGreaterThanOrEqual(1);
    expect(confirmed).toContain(results.best.id);
    expect(results.best.seeds).toBe(1);
    expect(t.stdout).toMatch(/^Screening model \(queueing approximation\) on \d+ candidates; \d+ simulated in full \(\d+ on every seed\): pod-hours within/);
    expect(t.stdout).toContain('pod-hours: screening / full (error)');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Screening model against the full simulation');
  }, 60_000);

  it.each([['full'], ['multi']])('--resume continues an interrupted search (%s fidelity) and ends with the results of an uninterrupted one, byte for byte', async (fidelity) => {
    const root = tempDir();
    const args = ['--scenario', STEADY.scenario, '--manifests', STEADY.manifests, '--budget', '10', ...small, '--fidelity', fidelity, '--confirm', '2'];
    expect((await cli([...args, '--out', join(root, 'whole')])).code).toBe(0);
    let sent = false;
    let seen = 0;
    const stopped = await cli([...args, '--out', join(root, 'resumed')], (t) => {
      if (!sent && / simulations /.test(t) && ++seen >= 2) {
        sent = true;
        process.emit('SIGINT');
      }
    });
    expect(stopped.code).toBe(130);
    expect(JSON.parse(readFileSync(join(root, 'resumed', 'results.json'), 'utf8')).partial).toBe(true);
    const resumed = await cli([...args, '--out', join(root, 'resumed'), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(join(root, 'resumed', 'results.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', 'results.json'), 'utf8'));
    // Another search in the same folder is refused, naming what differs.
    const other = await cli([...args.map((a) => (a === '10' ? '11' : a)), '--out', join(root, 'resumed'), '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/results\.json: .*comes from another search \(budget differ\)/);
  }, 120_000);

  it('says what the search will cost before it starts, and refuses one over --max-steps with the estimate and the flag, before writing anything', async () => {
    const out = join(tempDir(), 'refused');
    const { code, stderr } = await cli(['--scenario', FLASH.scenario, '--manifests', FLASH.manifests, '--budget', '8', ...small, '--out', out, '--max-steps', '1000']);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^capsim: --max-steps: this search would simulate about \S+ steps in full \(\d+ full simulations, up to \S+ steps in \d+\), more than the limit of 1000: .*--max-steps \d/);
    expect(existsSync(out)).toBe(false);
    const ok = await cli(['--scenario', FLASH.scenario, '--manifests', FLASH.manifests, '--budget', '4', ...small, '--out', join(tempDir(), 'ok')]);
    expect(ok.stderr).toMatch(/^capsim tune: 2 to 5 full simulations, about \S+ simulated requests and control-loop steps, about \S+ \S+ of memory at peak$/m);
  });

  it('takes --scenario repeated and tunes over both scenarios', async () => {
    const out = join(tempDir(), 'two');
    const { code, stderr } = await cli(['--scenario', FLASH.scenario, '--scenario', STEADY.scenario, '--manifests', FLASH.manifests, '--budget', '3', ...small, '--out', out]);
    expect(code, stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.meta.scenarios).toEqual(['tune-flash-sale', 'tune-steady']);
    expect(results.current.runs.map((r: { scenario: string }) => r.scenario)).toEqual(['tune-flash-sale', 'tune-steady']);
  }, 60_000);

  it('shards and merge: `tune merge` of 0/3, 1/3, 2/3 writes the results of the unsharded --exhaustive run', async () => {
    const root = tempDir();
    const args = ['--scenario', STEADY.scenario, '--manifests', STEADY.manifests, '--budget', '6', ...small];
    expect((await cli([...args, '--exhaustive', '--out', join(root, 'whole')])).code).toBe(0);
    for (const i of [0, 1, 2]) expect((await cli([...args, '--shard', `${i}/3`, '--out', join(root, `s${i}`)])).code).toBe(0);
    const merge = await cli(['merge', join(root, 's0'), join(root, 's1'), join(root, 's2'), '--out', join(root, 'merged')]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stderr).toMatch(/capsim tune merge: best /);
    expect(readFileSync(join(root, 'merged', 'results.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', 'results.json'), 'utf8'));
  }, 60_000);

  it('on Ctrl-C stops, writes what was evaluated marked partial, and exits 130', async () => {
    const out = join(tempDir(), 'partial');
    let sent = false;
    const { code, stderr } = await cli(['--scenario', STEADY.scenario, '--manifests', STEADY.manifests, '--budget', '12', ...small, '--fidelity', 'full', '--out', out], (t) => {
      // Once the search itself has made a simulation (the first one counted is the current HPA's).
      const done = /^capsim tune: ([\d.]+)\/[\d.]+ simulations /m.exec(t);
      if (!sent && done !== null && Number(done[1]) >= 2) {
        sent = true;
        process.emit('SIGINT');
      }
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/stopping; keeping what is evaluated/);
    expect(stderr).toMatch(/PARTIAL \(interrupted\)/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.partial).toBe(true);
    expect(results.evaluations.length).toBeGreaterThan(0);
    expect(results.evaluations.length).toBeLessThan(12);
    expect(readFileSync(join(out, 'tune.html'), 'utf8')).toContain('Partial: the search was interrupted');
    expect(process.listenerCount('SIGINT')).toBe(0);
  }, 60_000);
});

describe('capsim tune: bad input is one line naming where and what, exit 2', () => {
  const noHpa = tempDir();
  mkdirSync(join(noHpa, 'k8s'));
  copyFileSync(join(FLASH.manifests, 'deploy.yaml'), join(noHpa, 'k8s', 'deploy.yaml'));
  const cases: Array<[string, string[], RegExp]> = [
    ['a search-space file with an unknown key', ['--space', 'test/fixtures/tune/space-bad.yaml'], /space-bad\.yaml:4: scaleUp\.podz: unknown field "podz"/],
    ['a search-space file that does not exist', ['--space', 'nope.yaml'], /nope\.yaml: file not found/],
    ['--shard 3/3', ['--shard', '3/3'], /--shard: the shard index must be below the count \(0 to 2\), got "3\/3"/],
    ['a manifests folder without an HPA', ['--manifests', join(noHpa, 'k8s')], /no HorizontalPodAutoscaler among the manifests/],
    ['a budget of 0', ['--budget', '0'], /--budget: expected a whole number >= 1, got "0"/],
    ['an unknown scenario', ['--scenario', 'no-such-scenario'], /unknown scenario "no-such-scenario"/],
  ];
  it.each(cases)('%s', async (_n, extra, message) => {
    const base: Record<string, string> = { '--scenario': FLASH.scenario, '--manifests': FLASH.manifests };
    for (let i = 0; i < extra.length; i += 2) base[extra[i] as string] = extra[i + 1] as string;
    const { code, stderr } = await cli([...Object.entries(base).flat(), '--workers', '1', '--out', join(tempDir(), 'x')]);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('no --manifests', async () => {
    const { code, stderr } = await cli(['--scenario', FLASH.scenario]);
    expect(code).toBe(2);
    expect(stderr).toBe("capsim tune: required option '--manifests <path>' not specified\n");
  });
});
