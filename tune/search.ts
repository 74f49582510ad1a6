import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import { candidateAt, candidateList, type Candidate } from './candidates.js';
import type { Fidelity, RunFigures, TuneScenario } from './evaluate.js';
import { aggregate, compareEvaluations, mergeRuns, objectiveUnit, type Evaluation } from './evaluation.js';
import { neighbours, pointOf } from './points.js';
import type { EvalPool } from './pool.js';
import type { SearchSpace } from './searchSpace.js';

export interface SearchInput {
  readonly space: SearchSpace;
  /** The user's HPA spec (tolerances are kept from it). */
  readonly current: HpaSpec;
  readonly scenarios: readonly TuneScenario[];
  /** Seeds per scenario in a full evaluation. */
  readonly seeds: number;
  /** Candidates to evaluate in all (the initial list plus the local refinement). */
  readonly budget: number;
  /** Seed of the candidate sampling. */
  readonly seed: number;
}

export interface SearchHooks {
  readonly signal?: AbortSignal;
  /** Simulations done and the current estimate of the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Full simulations of an interrupted run of the same search, by candidate id (`--resume`): reused, not run again. */
  readonly reuse?: ReadonlyMap<string, readonly RunFigures[]>;
}

export interface SearchOutcome {
  /** One per candidate evaluated, at its highest fidelity, in candidate index order. */
  readonly evaluations: Evaluation[];
  /** The best fully evaluated candidate (feasible and cheapest, else least violating). */
  readonly best: Evaluation | null;
  /** Stopped before the end (Ctrl-C): what is here was evaluated, the rest was not. */
  readonly partial: boolean;
  /** Multi-fidelity search: every candidate as the screening model saw it (one run per scenario). */
  readonly screened?: Evaluation[];
}

/** A screening run costs about this share of a full simulation (for progress and ETA only). */
const SCREEN_WEIGHT = 1 / 50;
/** Confirmation rounds at most: the next finalists are confirmed while none confirmed meets every SLO. */
const MAX_CONFIRM_ROUNDS = 3;

/**
 * Multi-fidelity search: every candidate of the list (and the local refinement around the best)
 * on the screening model (sim/approx: a queueing approximation driven by the real HPA), then the
 * `confirm` best of them in full simulation on every seed. The best is chosen among fully
 * simulated candidates only, so a configuration only the approximation calls feasible is never
 * returned; while no finalist meets every SLO, the next `confirm` are confirmed (up to 3 rounds)
 * as long as the screening calls at least one of them feasible.
 */
export async function multiFidelitySearch(input: SearchInput, confirm: number, pool: EvalPool, hooks: SearchHooks = {}): Promise<SearchOutcome> {
  const S = input.scenarios.length;
  const K = input.seeds;
  const refine = refineBudget(input.budget);
  const list = candidateList(input.space, input.budget - refine, input.seed, input.current);
  const planned = (input.budget * S) * SCREEN_WEIGHT + confirm * S * K;
  const progress = { done: 0 };
  const screen = new Evaluator(input, pool, hooks, planned, 'screen', progress);
  await screen.batch(list, [0]);
  let next = list.length;
  for (let round = 0, left = refine; round < MAX_REFINE_ROUNDS && left > 0 && !screen.aborted; round++) {
    const inc = screen.bestAny();
    if (inc === null || inc.params === null) break;
    const fresh = neighbours(input.space, pointOf(input.space, inc.params))
      .map((p) => candidateAt(input.space, p, 0, 'refine', input.current))
      .filter((c): c is Candidate => c !== null && screen.get(c.id) === undefined)
      .slice(0, left)
      .map((c) => ({ ...c, index: next++ }));
    if (fresh.length === 0) break;
    left -= fresh.length;
    await screen.batch(fresh, [0]);
    if (screen.bestAny()?.id === inc.id) break;
  }
  const screened = screen.outcome().evaluations;
  const ranked = [...screened].sort(compareEvaluations);
  const full = new Evaluator(input, pool, hooks, planned, 'full', progress);
  for (let round = 0; round < MAX_CONFIRM_ROUNDS && !screen.aborted && !full.aborted; round++) {
    const finalists = ranked.slice(round * confirm, (round + 1) * confirm);
    if (finalists.length === 0) break;
    // Another round only where the screening sees a chance: when it calls none of the next
    // finalists feasible, confirming them costs full simulations to learn what it already says.
    if (round > 0 && !finalists.some((f) => f.feasible)) break;
    if (round > 0) full.plan(finalists.length * S * K);
    await full.batch(finalists.map(candidateOf), range(K));
    if (full.best()?.feasible) break;
  }
  const out = full.outcome();
  return { ...out, partial: out.partial || screen.aborted, screened };
}

/** Survivors of the screening rung: 1 in ETA (successive halving with η = 3). */
const ETA = 3;
const MAX_REFINE_ROUNDS = 20;

/** Part of the budget kept for the local refinement: a fifth, from a budget of 10 up. */
export function refineBudget(budget: number): number {
  return budget >= 10 ? Math.floor(budget / 5) : 0;
}

/**
 * Successive halving then local refinement, deterministic in `input` (not in the pool's size):
 * 1. the candidate list (coarse grid + seeded samples, `budget − refineBudget` of them) runs on the
 *    first seed of every scenario; with one seed that is already the full evaluation;
 * 2. the best third of them (by `compareEvaluations`, so the incumbent always survives) run on
 *    the remaining seeds;
 * 3. from the best full evaluation, neighbours one step away in one dimension are evaluated in
 *    full while that improves the best and budget remains.
 * On abort it returns what was evaluated, with `partial` set.
 */
export async function adaptiveSearch(input: SearchInput, pool: EvalPool, hooks: SearchHooks = {}): Promise<SearchOutcome> {
  const S = input.scenarios.length;
  const K = input.seeds;
  const refine = refineBudget(input.budget);
  const list = candidateList(input.space, input.budget - refine, input.seed, input.current);
  const survivors = Math.ceil(list.length / ETA);
  const planned = K > 1 ? list.length * S + survivors * S * (K - 1) + refine * S * K : (list.length + refine) * S;
  const ev = new Evaluator(input, pool, hooks, planned);
  const all = range(K);
  await ev.batch(list, K > 1 ? [0] : all);
  if (K > 1 && !ev.aborted) {
    const ranked = list.map((c) => ev.get(c.id) as Evaluation).sort(compareEvaluations);
    await ev.batch(ranked.slice(0, survivors).map(candidateOf), range(K).slice(1));
  }
  let next = list.length;
  for (let round = 0, left = refine; round < MAX_REFINE_ROUNDS && left > 0 && !ev.aborted; round++) {
    const inc = ev.best();
    if (inc === null || inc.params === null) break;
    const fresh = neighbours(input.space, pointOf(input.space, inc.params))
      .map((p) => candidateAt(input.space, p, 0, 'refine', input.current))
      .filter((c): c is Candidate => c !== null && ev.get(c.id) === undefined)
      .slice(0, left)
      .map((c) => ({ ...c, index: next++ }));
    if (fresh.length === 0) break;
    left -= fresh.length;
    await ev.batch(fresh, all);
    if (ev.best()?.id === inc.id) break;
  }
  return ev.outcome();
}

/**
 * Every candidate of the list (`budget` of them: grid + seeded samples, no refinement) on every
 * seed, or only those with `index % count === shard` when sharded. The union of the shards of an
 * exhaustive search is exactly the unsharded exhaustive search.
 */
export async function exhaustiveSearch(input: SearchInput, pool: EvalPool, hooks: SearchHooks = {}, shard = { index: 0, count: 1 }): Promise<SearchOutcome> {
  const list = candidateList(input.space, input.budget, input.seed, input.current).filter((c) => c.index % shard.count === shard.index);
  const ev = new Evaluator(input, pool, hooks, list.length * input.scenarios.length * input.seeds);
  await ev.batch(list, range(input.seeds));
  return ev.outcome();
}

/** The best of evaluations made on `seeds` seeds (full fidelity). */
export function bestOf(evaluations: readonly Evaluation[], seeds: number): Evaluation | null {
  return [...evaluations].filter((e) => e.seeds === seeds).sort(compareEvaluations)[0] ?? null;
}

/** Keeps the latest evaluation per candidate and counts progress. */
class Evaluator {
  private readonly byId = new Map<string, Evaluation>();
  aborted = false;

  constructor(
    private readonly input: SearchInput,
    private readonly pool: EvalPool,
    private readonly hooks: SearchHooks,
    private total: number,
    private readonly fidelity: Fidelity = 'full',
    /** Shared between the evaluators of one search, so progress counts all their work. */
    private readonly progress = { done: 0 },
  ) {}

  get(id: string): Evaluation | undefined {
    return this.byId.get(id);
  }

  /** More work than planned (another confirmation round): the progress total grows with it. */
  plan(more: number): void {
    this.total += more;
  }

  best(): Evaluation | null {
    return bestOf([...this.byId.values()], this.input.seeds);
  }

  /** The best evaluation whatever its seeds (the screening rung runs one). */
  bestAny(): Evaluation | null {
    return [...this.byId.values()].sort(compareEvaluations)[0] ?? null;
  }

  async batch(cands: readonly Candidate[], seedIdx: readonly number[]): Promise<void> {
    const S = this.input.scenarios.length;
    const unit = objectiveUnit(this.input.scenarios);
    // Runs an interrupted run of this search already made are reused (deterministic: the same figures).
    const reused = cands.map((c) => (this.fidelity === 'full' ? this.reusable(c.id, seedIdx) : undefined));
    const toRun = cands.filter((_, i) => reused[i] === undefined);
    for (const r of reused) if (r !== undefined) this.progress.done += r.length;
    const fresh = await this.pool.run(
      toRun.map((c) => ({ spec: c.spec, seedIdx, fidelity: this.fidelity })),
      {
        ...(this.hooks.signal ? { signal: this.hooks.signal } : {}),
        onDone: (_i, runs) => {
          this.progress.done += runs.length * (this.fidelity === 'screen' ? SCREEN_WEIGHT : 1);
          const done = Math.round(this.progress.done * 10) / 10;
          this.hooks.onProgress?.(done, Math.max(Math.round(this.total * 10) / 10, done));
        },
      },
    );
    let k = 0;
    const results = reused.map((r) => r ?? fresh[k++]);
    results.forEach((runs, i) => {
      const c = cands[i] as Candidate;
      if (runs === undefined) return;
      const prior = this.byId.get(c.id)?.runs ?? [];
      this.byId.set(c.id, aggregate(c, mergeRuns(this.input.scenarios, prior, runs), S, unit));
    });
    if (this.hooks.signal?.aborted || results.some((r) => r === undefined)) this.aborted = true;
  }

  /** The runs of `id` on these seed positions of every scenario from the interrupted run, or undefined unless all are there. */
  private reusable(id: string, seedIdx: readonly number[]): RunFigures[] | undefined {
    const prior = this.hooks.reuse?.get(id);
    if (prior === undefined) return undefined;
    const out: RunFigures[] = [];
    for (const s of this.input.scenarios)
      for (const i of seedIdx) {
        const r = prior.find((x) => x.scenario === s.name && x.seed === s.config.seed + i);
        if (r === undefined) return undefined;
        out.push(r);
      }
    return out;
  }

  outcome(): SearchOutcome {
    const evaluations = [...this.byId.values()].sort((a, b) => a.index - b.index);
    return { evaluations, best: this.best(), partial: this.aborted };
  }
}

function candidateOf(e: Evaluation): Candidate {
  return { index: e.index, id: e.id, origin: e.origin, params: e.params, spec: e.spec };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
