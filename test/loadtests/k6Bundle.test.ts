import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { library } from '../../scenarios/library/index.js';
import { k6Plan } from '../../scenarios/toK6Options.js';
import { pickForIteration } from '../../sim/traffic/mix.js';
import { SHARED_FIXTURES } from '../support/shared.js';

/**
 * No k6 binary runs here, so the bundle is loaded in a k6-like runtime: a node:vm context with
 * no Node globals, linked only to fake k6, k6/http and k6/execution modules
 * (test/loadtests/k6Harness.mjs). vm.SourceTextModule needs --experimental-vm-modules, which the
 * vitest workers do not have, so the harness runs as a child process on the real ES module bundle.
 */

const FIXTURE = join(SHARED_FIXTURES, 'k6', 'public', 'Amro404__petro-transfers-api__k6-results.json');
const BASE_URL = 'http://127.0.0.1:18080';
const dir = mkdtempSync(join(tmpdir(), 'capsim-k6-bundle-'));
const bundle = join(dir, 'payments.js');

interface Harness {
  error?: string;
  globals: Record<string, string>;
  options: unknown;
  requests: Array<{ url: string; params: { headers: Record<string, string>; tags: Record<string, string>; timeout: string } }>;
  checks: Array<{ name: string; ok: boolean }>;
  summary: Record<string, string> | null;
}

function build(entry?: string, outfile = bundle): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['loadtests/build.mjs', '--outfile', outfile, ...(entry ? ['--entry', entry] : [])], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr };
}

function runBundle(env: Record<string, string>, iterations: number, fixture?: string): Harness {
  const args = ['--experimental-vm-modules', '--no-warnings', 'test/loadtests/k6Harness.mjs', bundle, JSON.stringify(env), String(iterations), ...(fixture ? [fixture] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`harness exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Harness;
}

beforeAll(() => {
  const r = build();
  if (r.status !== 0) throw new Error(`npm run build:k6 failed: ${r.stderr}`);
});

describe('the k6 bundle (dist/k6/payments.js) in a k6-like runtime', () => {
  it('is one ES module importing only k6 modules', () => {
    const imports = [...readFileSync(bundle, 'utf8').matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['k6', 'k6/execution', 'k6/http']);
    expect(readFileSync(bundle, 'utf8')).not.toMatch(/\brequire\(|from "node:/);
  });

  const scenarios = [
    { name: 'checkout-peak', env: { TIME_COMPRESSION: '60', SCALE: '0.05' } },
    { name: 'weekday-diurnal', env: {} },
    { name: 'retry-storm', env: { MIX_SEED: '42' } },
  ];

  it.each(scenarios)('$name $env: sends iterations 0..999 with the simulator\'s operation sequence, only to BASE_URL', ({ name, env }) => {
    const out = runBundle({ SCENARIO: name, BASE_URL: BASE_URL, ...env }, 1000);
    expect(out.error).toBeUndefined();
    expect(out.globals).toEqual({ require: 'undefined', process: 'undefined', Buffer: 'undefined', module: 'undefined', global: 'undefined' });
    const req = { ...(env.TIME_COMPRESSION ? { timeCompression: Number(env.TIME_COMPRESSION) } : {}), ...(env.SCALE ? { scale: Number(env.SCALE) } : {}), baseUrl: BASE_URL };
    const plan = k6Plan(library[name]!, req);
    expect(out.options).toEqual(plan.options);
    const seed = env.MIX_SEED ? Number(env.MIX_SEED) : plan.mixSeed;
    const expected = Array.from({ length: 1000 }, (_, i) => plan.mix.names[pickForIteration(plan.mix, i, seed)]);
    expect(out.requests.map((r) => r.params.tags['name'])).toEqual(expected);
    expect(out.requests.map((r) => r.url)).toEqual(expected.map((op) => `${BASE_URL}/${op}`));
    expect(out.requests.every((r) => r.url.startsWith(`${BASE_URL}/`))).toBe(true);
    expect(out.requests.map((r) => r.params.headers['X-Req-Id'])).toEqual(expected.map((_, i) => String(i)));
    expect(out.checks.every((c) => c.name === 'status is 200' && c.ok)).toBe(true);
    expect(new Set(expected).size).toBe(Object.keys(library[name]!.traffic.mix).length);
  });

  it('defaults BASE_URL to http://127.0.0.1:8080', () => {
    const out = runBundle({ SCENARIO: 'steady-authorize' }, 3);
    expect(out.requests.map((r) => r.url)).toEqual(Array(3).fill('http://127.0.0.1:8080/authorize'));
  });

  it('handleSummary writes summary.json (the data as k6 gives it) and a text summary on stdout', () => {
    const out = runBundle({ SCENARIO: 'steady-authorize' }, 0, FIXTURE);
    expect(Object.keys(out.summary!).sort()).toEqual(['stdout', 'summary.json']);
    expect(JSON.parse(out.summary!['summary.json']!)).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    const text = out.summary!['stdout']!;
    expect(text).toMatch(/http_reqs \.+ count=6247 rate=12\.929\/s/);
    expect(text).toContain('✓ rate>0.90');
    expect(text).toContain('check "status is 200": 6247 passed, 0 failed');
  });

  it.each([
    { name: 'an unknown scenario', env: { SCENARIO: 'cyber-monday' }, message: /unknown scenario "cyber-monday" \(SCENARIO\): expected one of black-friday, checkout-peak, .*weekday-diurnal/ },
    { name: 'a bad SCALE', env: { SCENARIO: 'payday', SCALE: 'half' }, message: /SCALE: expected a number > 0, got "half"/ },
    { name: 'a bad MIX_SEED', env: { SCENARIO: 'payday', MIX_SEED: '1.5' }, message: /MIX_SEED: expected a whole number/ },
  ])('fails to load with a clear error for $name', ({ env, message }) => {
    expect(runBundle(env, 1).error).toMatch(message);
  });

  it('the build fails, naming the importer, when a Node built-in sneaks in', () => {
    const entry = join(dir, 'bad.ts');
    writeFileSync(entry, "import { readFileSync } from 'node:fs';\nexport default function () { readFileSync('x'); }\n");
    const r = build(entry, join(dir, 'bad.js'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Node built-in "node:fs" imported by .*bad\.ts: k6 bundles may import only k6\/\* modules/);
  });
});
