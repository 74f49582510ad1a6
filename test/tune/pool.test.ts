import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessPool, workerFile, workerPool } from '../../tune/pool.js';
import { adaptiveSearch, multiFidelitySearch } from '../../tune/search.js';
import { FLASH, STEADY, fixtureSearch } from './support.js';
import { loadTuneInputs } from '../../tune/inputs.js';

/**
 * The worker pool runs dist/tune/worker.js (compiled JS). When dist is missing or older than the
 * sources of tune/ and sim/, it is rebuilt here (`tsc -p tsconfig.build.json`, a few seconds with
 * TypeScript 7); errors of other folders do not stop tsc from emitting.
 */
function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts')) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  const built = join('dist', 'tune', 'worker.js');
  const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(newestSource('tune'), newestSource('sim'), newestSource('scenarios'), newestSource('reports'));
  if (stale) {
    try {
      execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'pipe' });
    } catch {
      // type errors elsewhere in the tree: tsc still emitted; the worker's presence is checked below
    }
  }
}, 180_000);

describe('the evaluation pool', () => {
  it('gives the same search results with 2 worker threads as in-process (results never depend on the worker count)', async () => {
    expect(workerFile(), 'dist/tune/worker.js should have been built').not.toBeNull();
    const f = fixtureSearch(FLASH, { budget: 12, seeds: 2 });
    const one = await adaptiveSearch(f.input, inProcessPool(f.inputs.scenarios));
    const pool = workerPool(f.inputs.scenarios, 2);
    try {
      const two = await adaptiveSearch(f.input, pool);
      expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('gives the same multi-fidelity results with 2 worker threads as in-process (simulations run ahead on idle workers, the search decides in its own order)', async () => {
    const f = fixtureSearch(FLASH, { budget: 12, seeds: 2 });
    const current = { index: -1, id: 'current', origin: 'current' as const, params: null, spec: f.inputs.hpa.spec };
    const one = await multiFidelitySearch(f.input, 3, inProcessPool(f.inputs.scenarios), {}, current);
    const pool = workerPool(f.inputs.scenarios, 2);
    try {
      const two = await multiFidelitySearch(f.input, 3, pool, {}, current);
      expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('runs scenarios whose Deployment has a VPA on worker threads (the configuration is plain data)', async () => {
    const f = fixtureSearch({ scenario: STEADY.scenario, manifests: join(import.meta.dirname, '..', 'fixtures', 'tune', 'with-vpa', 'k8s') }, { budget: 1, seeds: 1 });
    expect(f.inputs.scenarios[0]?.config.vpa).not.toBeNull();
    expect(() => structuredClone(f.inputs.scenarios)).not.toThrow();
    const pool = workerPool(f.inputs.scenarios, 2);
    try {
      const [inThread] = await inProcessPool(f.inputs.scenarios).run([{ spec: f.inputs.hpa.spec, seedIdx: [0] }]);
      const [onWorker] = await pool.run([{ spec: f.inputs.hpa.spec, seedIdx: [0] }]);
      expect(onWorker).toEqual(inThread);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('runs a task\'s full simulations one by one on any thread (a scenario and a seed each), and returns them whole, in the order one thread gives', async () => {
    const f = fixtureSearch(FLASH, { budget: 1, seeds: 1 });
    const both = loadTuneInputs([FLASH.scenario, STEADY.scenario], FLASH.manifests).scenarios;
    const tasks = [{ spec: f.inputs.hpa.spec, seedIdx: [0, 1] }, { spec: { ...f.inputs.hpa.spec, maxReplicas: 20 }, seedIdx: [0, 1] }];
    const inThread = await inProcessPool(both).run(tasks);
    const pool = workerPool(both, 2);
    const parts: number[] = [];
    try {
      const onWorkers = await pool.run(tasks, { onDone: (t, runs) => void parts.push(t, runs.length) });
      expect(onWorkers).toEqual(inThread);
      expect(inThread[0]!.map((r) => `${r.scenario}/${r.seed}`)).toEqual(['tune-flash-sale/1', 'tune-flash-sale/2', 'tune-steady/1', 'tune-steady/2']);
      // Eight simulations reported one by one, four for each task.
      expect(parts.filter((_, i) => i % 2 === 1)).toEqual(Array(8).fill(1));
      expect(parts.filter((x, i) => i % 2 === 0 && x === 0)).toHaveLength(4);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('returns results in task order and skips tasks once aborted', async () => {
    const f = fixtureSearch(FLASH, { budget: 2, seeds: 1 });
    const ac = new AbortController();
    ac.abort();
    const out = await inProcessPool(f.inputs.scenarios).run([{ spec: f.inputs.hpa.spec, seedIdx: [0] }], { signal: ac.signal });
    expect(out).toEqual([undefined]);
  });
});
