import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import type { RunFigures, TuneScenario } from './evaluate.js';
import type { EvalPool } from './pool.js';

/** One full simulation: one configuration on one scenario and one seed position. */
export interface Unit {
  /** Candidate id ('current' for the user's HPA). */
  readonly id: string;
  readonly spec: HpaSpec;
  /** Position of the scenario in the search's scenarios. */
  readonly scenario: number;
  /** Seed position (0: the scenario's own seed). */
  readonly seedIdx: number;
}

/**
 * How urgent a unit is: `needed` (the search waits for it), `filler` (needed, but nothing waits
 * for it: the current HPA's runs), `ahead` (a guess at what the search will need next).
 */
export type Urgency = 'needed' | 'filler' | 'ahead';

const RANK: Record<Urgency, number> = { needed: 0, filler: 1, ahead: 2 };
const URGENCY: readonly Urgency[] = ['needed', 'filler', 'ahead'];

/**
 * Full simulations run one at a time on the pool, at most `pool.workers` at once, most urgent
 * first (then in the order asked), each at most once: a result is kept by (id, scenario, seed),
 * so a configuration asked again, or run ahead of need, is not simulated twice.
 *
 * Why results stay deterministic: the search asks for results and decides in its own order, and
 * a simulation is a pure function of its unit, so what runs ahead (and may be thrown away) only
 * changes when a result is ready, never what it is or which results the search uses.
 */
export class UnitQueue {
  private readonly results = new Map<string, Promise<RunFigures | undefined>>();
  private readonly settle = new Map<string, { resolve: (r: RunFigures | undefined) => void; reject: (e: unknown) => void }>();
  private readonly waiting: Array<{ unit: Unit; rank: number; seq: number }> = [];
  private readonly started = new Set<string>();
  private inFlight = 0;
  private seq = 0;
  private pumpQueued = false;
  /** Aborts what still runs when the search is over (simulations run ahead that nobody awaits). */
  private readonly stopper = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly pool: EvalPool,
    private readonly scenarios: readonly TuneScenario[],
    private readonly opts: {
      readonly signal?: AbortSignal;
      /** Runs of an interrupted run of this search, by candidate id (`--resume`): used, not run again. */
      readonly reuse?: ReadonlyMap<string, readonly RunFigures[]>;
      /** Called when a simulation ends (not for reused ones). */
      readonly onRun?: () => void;
    } = {},
  ) {
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.stopper.signal]) : this.stopper.signal;
  }

  /**
   * The search is over: simulations still running (run ahead, not needed after all) are
   * abandoned, so that the worker pool can close at once instead of waiting for them.
   */
  stop(): void {
    this.stopper.abort();
  }

  /** The result of `unit` (undefined if the search was aborted first), asking for it at `urgency`. */
  get(unit: Unit, urgency: Urgency = 'needed'): Promise<RunFigures | undefined> {
    this.ask(unit, urgency);
    return this.results.get(keyOf(unit)) as Promise<RunFigures | undefined>;
  }

  /** Ask for units without waiting (to run ahead of need, or as filler). */
  ask(unit: Unit, urgency: Urgency): void {
    const key = keyOf(unit);
    if (!this.results.has(key)) {
      const prior = this.reused(unit);
      if (prior !== undefined) {
        this.results.set(key, Promise.resolve(prior));
        return;
      }
      const p = new Promise<RunFigures | undefined>((resolve, reject) => this.settle.set(key, { resolve, reject }));
      // A unit run ahead may fail with nobody waiting for it: that is not an unhandled rejection.
      p.catch(() => undefined);
      this.results.set(key, p);
    }
    if (this.started.has(key) || !this.settle.has(key)) return;
    const rank = RANK[urgency];
    const w = this.waiting.find((x) => keyOf(x.unit) === key);
    if (w === undefined) this.waiting.push({ unit, rank, seq: this.seq++ });
    else if (rank < w.rank) {
      w.rank = rank;
      w.seq = this.seq++;
    }
    this.schedule();
  }

  /**
   * Start what fits on the next turn of the event loop, not at once: the search reacts to a result
   * (asks for its next units, drops others) in the promise callbacks that follow it, so the choice
   * of what to start sees its decision instead of starting a unit it is about to drop.
   */
  private schedule(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Forget units asked for and not started that `pred` selects (their results are no longer wanted). */
  drop(pred: (u: Unit, urgency: Urgency) => boolean): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i] as (typeof this.waiting)[number];
      if (!pred(w.unit, URGENCY[w.rank] as Urgency)) continue;
      this.waiting.splice(i, 1);
      const key = keyOf(w.unit);
      this.settle.get(key)?.resolve(undefined);
      this.results.delete(key);
      this.settle.delete(key);
    }
  }

  /** Every unit asked for and not started is abandoned (their results are undefined). */
  private abandon(): void {
    for (const w of this.waiting.splice(0)) this.settle.get(keyOf(w.unit))?.resolve(undefined);
  }

  private pump(): void {
    if (this.signal.aborted) return this.abandon();
    while (this.inFlight < Math.max(1, this.pool.workers) && this.waiting.length > 0) {
      let at = 0;
      this.waiting.forEach((w, i) => {
        const b = this.waiting[at] as (typeof this.waiting)[number];
        if (w.rank < b.rank || (w.rank === b.rank && w.seq < b.seq)) at = i;
      });
      const [w] = this.waiting.splice(at, 1);
      if (w !== undefined) this.start(w.unit);
    }
  }

  private start(unit: Unit): void {
    const key = keyOf(unit);
    this.started.add(key);
    this.inFlight++;
    const task = { spec: unit.spec, seedIdx: [unit.seedIdx], scenarioIdx: [unit.scenario], fidelity: 'full' as const };
    const done = (f: () => void) => {
      this.inFlight--;
      f();
      this.schedule();
    };
    this.pool.run([task], { signal: this.signal }).then(
      (out) => {
        const r = out[0]?.[0];
        done(() => {
          if (r !== undefined) this.opts.onRun?.();
          this.settle.get(key)?.resolve(r);
        });
      },
      (e: unknown) =>
        done(() => {
          const s = this.settle.get(key);
          if (this.signal.aborted) s?.resolve(undefined);
          else s?.reject(e);
        }),
    );
  }

  private reused(unit: Unit): RunFigures | undefined {
    const s = this.scenarios[unit.scenario];
    if (s === undefined) return undefined;
    return this.opts.reuse?.get(unit.id)?.find((r) => r.scenario === s.name && r.seed === s.config.seed + unit.seedIdx);
  }
}

function keyOf(u: Unit): string {
  return `${u.id}/${u.scenario}/${u.seedIdx}`;
}
