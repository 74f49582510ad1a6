import { describe, expect, it } from 'vitest';
import type { RunFigures } from '../../tune/evaluate.js';
import type { EvalPool, EvalTask } from '../../tune/pool.js';
import { UnitQueue, type Unit } from '../../tune/unitQueue.js';
import { FLASH, fixtureSearch } from './support.js';

const f = fixtureSearch(FLASH, { budget: 1, seeds: 1 });
const scenarios = f.inputs.scenarios;
const spec = f.inputs.hpa.spec;
const unit = (id: string, seedIdx = 0): Unit => ({ id, spec, scenario: 0, seedIdx });

/** A pool that records what it runs and finishes a task when told to. */
function manualPool(workers: number) {
  const started: string[] = [];
  const finish: Array<() => void> = [];
  const signals: Array<AbortSignal | undefined> = [];
  const pool: EvalPool = {
    workers,
    run(tasks: readonly EvalTask[], opts) {
      signals.push(opts?.signal);
      const t = tasks[0] as EvalTask;
      started.push(`${t.spec.minReplicas}/${t.seedIdx[0]}`);
      const fig = { scenario: scenarios[0]?.name, seed: (t.seedIdx[0] ?? 0) + 1 } as RunFigures;
      return new Promise((resolve) => finish.push(() => resolve([[fig]])));
    },
    close: async () => {},
  };
  return { pool, started, finish, signals };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the queue of full simulations', () => {
  it('runs at most one simulation per worker at once, the most urgent first, then in the order asked', async () => {
    const m = manualPool(2);
    const q = new UnitQueue(m.pool, scenarios);
    const specs = (n: number) => ({ ...spec, minReplicas: n });
    q.ask({ ...unit('a'), spec: specs(1) }, 'ahead');
    q.ask({ ...unit('b'), spec: specs(2) }, 'filler');
    q.ask({ ...unit('c'), spec: specs(3) }, 'filler');
    q.ask({ ...unit('d'), spec: specs(4) }, 'needed');
    // What was asked in one turn of the event loop is weighed together: d (needed), then b (filler).
    await tick();
    expect(m.started).toEqual(['4/0', '2/0']);
    m.finish[0]?.();
    await tick();
    await tick();
    expect(m.started).toEqual(['4/0', '2/0', '3/0']);
    m.finish[1]?.();
    await tick();
    await tick();
    expect(m.started).toEqual(['4/0', '2/0', '3/0', '1/0']);
  });

  it('starts nothing for a unit dropped in reaction to a result (the search decides before the next start)', async () => {
    const m = manualPool(1);
    const q = new UnitQueue(m.pool, scenarios);
    const first = q.get(unit('a', 0));
    q.ask(unit('a', 1), 'needed');
    await tick();
    expect(m.started).toEqual(['1/0']);
    void first.then(() => q.drop((u) => u.id === 'a'));
    m.finish[0]?.();
    await tick();
    await tick();
    expect(m.started).toEqual(['1/0']);
  });

  it('simulates a unit once however often it is asked for, and reuses the runs of an interrupted search', async () => {
    const m = manualPool(1);
    const prior = new Map([['p', [{ scenario: scenarios[0]?.name, seed: (scenarios[0]?.config.seed ?? 0) + 0 } as RunFigures]]]);
    const q = new UnitQueue(m.pool, scenarios, { reuse: prior });
    const a = q.get(unit('a'));
    const again = q.get(unit('a'));
    const p = await q.get(unit('p'));
    expect(p?.scenario).toBe(scenarios[0]?.name);
    await tick();
    m.finish[0]?.();
    expect(await a).toBe(await again);
    expect(m.started).toHaveLength(1);
  });

  it('forgets units dropped before they start, and gives undefined for every unit not started once aborted', async () => {
    const m = manualPool(1);
    const ac = new AbortController();
    const q = new UnitQueue(m.pool, scenarios, { signal: ac.signal });
    q.ask(unit('a'), 'needed');
    await tick();
    const b = q.get(unit('b'), 'ahead');
    const c = q.get(unit('c'), 'needed');
    q.drop((u) => u.id === 'b');
    expect(await b).toBeUndefined();
    ac.abort();
    m.finish[0]?.();
    expect(await c).toBeUndefined();
    expect(m.started).toHaveLength(1);
  });

  it('abandons what still runs when the search is over, so the worker pool closes at once', async () => {
    const m = manualPool(2);
    const q = new UnitQueue(m.pool, scenarios);
    q.ask(unit('a'), 'ahead');
    await tick();
    expect(m.signals[0]?.aborted).toBe(false);
    q.stop();
    expect(m.signals[0]?.aborted).toBe(true);
  });
});
