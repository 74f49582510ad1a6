import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import { candidateAt, candidateList, type Candidate } from './candidates.js';
import type { Fidelity, RunFigures, TuneScenario } from './evaluate.js';
import { aggregate, compareEvaluations, mergeRuns, objectiveUnit, type Evaluation, type ObjectiveUnit } from './evaluation.js';
import { rateSegments, totalArea } from '../sim/traffic/stages.js';
import { UnitQueue, type Unit } from './unitQueue.js';
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
/** Candidates examined in full at most, in multiples of `confirm` (the old three rounds of finalists). */
const MAX_CONFIRM_ROUNDS = 3;
/** Candidates whose first simulations run ahead of need while the one examined finishes. */
const LOOKAHEAD = 2;
/** Progress is said at least this often while full simulations run (the CLI prints a line every 10 s at most). */
const HEARTBEAT_MS = 5000;

/**
 * Multi-fidelity search: every candidate of the list (and the local refinement around the best)
 * on the screening model (sim/approx: a queueing approximation driven by the real HPA), then the
 * confirmation in full simulation, which alone decides what is returned, so a configuration only
 * the approximation calls feasible never is. See `confirmInFull` for the order and the stops.
 * With `current`, the user's HPA is simulated in full on every seed alongside (filling idle
 * workers), and returned as `current`.
 */
export async function multiFidelitySearch(input: SearchInput, confirm: number, pool: EvalPool, hooks: SearchHooks = {}, current?: Candidate): Promise<SearchOutcome & { current?: Evaluation }> {
  const S = input.scenarios.length;
  const K = input.seeds;
  const refine = refineBudget(input.budget);
  const list = candidateList(input.space, input.budget - refine, input.seed, input.current);
  // The plan counts one candidate confirmed on every seed; it grows as the confirmation asks for more.
  const planned = (input.budget * S) * SCREEN_WEIGHT + (1 + (current ? 1 : 0)) * S * K;
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
  let total = planned;
  const report = () => {
    const done = Math.round(progress.done * 10) / 10;
    hooks.onProgress?.(done, Math.max(Math.round(total * 10) / 10, done));
  };
  const queue = new UnitQueue(pool, input.scenarios, {
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.reuse ? { reuse: hooks.reuse } : {}),
    onRun: () => {
      progress.done += 1;
      report();
    },
  });
  const order = costOrder(input.scenarios);
  const unitsOf = (c: Candidate): Unit[] => range(K).flatMap((i) => order.map((k) => ({ id: c.id, spec: c.spec, scenario: k, seedIdx: i })));
  // The user's HPA: no decision waits for it, so it runs whenever a worker is idle.
  const currentWalk = current === undefined || screen.aborted ? Promise.resolve({ runs: [], aborted: screen.aborted, stopped: false }) : walkCurrent(queue, unitsOf(current), S, K);
  // A full simulation of a day takes minutes: the progress line keeps coming (elapsed time) between results.
  const heartbeat = setInterval(report, HEARTBEAT_MS);
  heartbeat.unref();
  let confirmed: { evaluations: Evaluation[]; aborted: boolean };
  let cur: CurrentWalk;
  try {
    confirmed = screen.aborted ? { evaluations: [], aborted: true } : await confirmInFull(input, confirm, screened, queue, unitsOf, (more) => (total += more));
    cur = await currentWalk;
    if (cur.stopped) total -= S * K - cur.runs.length;
    // Compared with a best that misses SLOs too, the current HPA needs every seed (violations add up over runs).
    if (current !== undefined && cur.stopped && !confirmed.aborted && !(bestOf(confirmed.evaluations, K)?.feasible ?? false)) {
      total += S * K - cur.runs.length;
      const all = await Promise.all(unitsOf(current).map((u) => queue.get(u)));
      const got = all.filter((r): r is RunFigures => r !== undefined);
      cur = { runs: got, aborted: got.length < all.length, stopped: false };
    }
  } finally {
    clearInterval(heartbeat);
    queue.stop();
  }
  const unit = objectiveUnit(input.scenarios);
  // Interrupted, the current HPA has the runs it finished (maybe none): results are marked partial,
  // and `--resume` reuses them.
  const currentEval = current === undefined ? undefined : aggregate(current, mergeRuns(input.scenarios, [], cur.runs), S, unit);
  const evaluations = [...confirmed.evaluations].sort((a, b) => a.index - b.index);
  const partial = screen.aborted || confirmed.aborted || cur.aborted || (hooks.signal?.aborted ?? false);
  return { evaluations, best: bestOf(evaluations, K), partial, screened, ...(currentEval !== undefined ? { current: currentEval } : {}) };
}

interface CurrentWalk {
  readonly runs: RunFigures[];
  readonly aborted: boolean;
  /** It missed an SLO before its last seed, and its later seeds were not simulated. */
  readonly stopped: boolean;
}

/**
 * The user's HPA seed after seed (every scenario of a seed, so its cost is estimated on each),
 * stopping after the first seed on which it misses an SLO: it cannot be feasible then, and its
 * other seeds would only refine a cost a feasible configuration beats whatever it is.
 */
async function walkCurrent(queue: UnitQueue, units: readonly Unit[], S: number, K: number): Promise<CurrentWalk> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < K; i++) {
    const got = await Promise.all(units.slice(i * S, (i + 1) * S).map((u) => queue.get(u, 'filler')));
    const done = got.filter((r): r is RunFigures => r !== undefined);
    for (const r of done) runs.push(r);
    if (done.length < got.length) return { runs, aborted: true, stopped: false };
    if (done.some((r) => r.verdicts.some((v) => !v.pass))) return { runs, aborted: false, stopped: i + 1 < K };
  }
  return { runs, aborted: false, stopped: false };
}

/**
 * The confirmation in full simulation, a sequential procedure (so its result does not depend on
 * how many workers run it; simulations merely run ahead of it on idle workers):
 * - candidates in the screening's order (feasible by screened cost, then the least violating);
 *   the first `confirm` are examined whatever the screening says of them, later ones only when
 *   the screening calls them feasible, and `3 × confirm` at most;
 * - a candidate's simulations run cheapest scenario first, seed after seed, and stop at the first
 *   SLO missed: a configuration that fails on one seed is rejected without its other seeds;
 * - once one configuration is confirmed feasible on every seed, a candidate is skipped when its
 *   screened cost times the smallest full/screened cost ratio seen on a confirmed candidate is
 *   not below the best's cost (it cannot beat it unless the approximation is more pessimistic
 *   about it than it has been about any configuration simulated in full), and a candidate being
 *   confirmed stops when its cost over the seeds run so far exceeds the best's by more than twice
 *   the largest seed-to-seed spread of cost seen (a statistical bound, not a proof);
 * - when no candidate is confirmed feasible, the least violating one examined is completed on
 *   every seed, so that the closest configuration is reported.
 */
async function confirmInFull(
  input: SearchInput,
  confirm: number,
  screened: readonly Evaluation[],
  queue: UnitQueue,
  unitsOf: (c: Candidate) => Unit[],
  grow: (moreSimulations: number) => void,
): Promise<{ evaluations: Evaluation[]; aborted: boolean }> {
  const S = input.scenarios.length;
  const K = input.seeds;
  const unit = objectiveUnit(input.scenarios);
  const ranked = [...screened].sort(compareEvaluations);
  const out = new Map<string, Evaluation>();
  let best: Evaluation | null = null;
  /** Smallest full/screened objective ratio and largest relative seed-to-seed spread, over complete candidates. */
  let ratio = Infinity;
  let spread = 0;
  const limit = MAX_CONFIRM_ROUNDS * confirm;
  const eligible = (e: Evaluation, pos: number) => (pos < confirm || e.feasible) && !(best !== null && e.objective * ratio >= best.objective);
  const rank = new Map(ranked.map((e, i) => [e.id, i]));
  let examined = 0;
  // Progress: the plan has room for one candidate on every seed; units asked beyond it add to it.
  const asked = new Set<string>();
  let room = S * K;
  const plan = (n: number) => {
    if (room >= n) room -= n;
    else {
      grow(n - room);
      room = 0;
    }
  };
  for (let pos = 0; pos < ranked.length && examined < limit; pos++) {
    const s = ranked[pos] as Evaluation;
    if (!eligible(s, pos)) continue;
    examined++;
    // The next eligible candidates' first seed runs ahead on idle workers.
    const ahead = ranked.slice(pos + 1).filter((e, j) => eligible(e, pos + 1 + j)).slice(0, LOOKAHEAD);
    queue.drop((u, urgency) => urgency === 'ahead' && !ahead.some((e) => e.id === u.id));
    for (const e of ahead) for (const u of unitsOf(candidateOf(e)).slice(0, S)) queue.ask(u, 'ahead');
    const c = candidateOf(s);
    const units = unitsOf(c);
    const runs: RunFigures[] = [];
    seeds: for (let i = 0; i < K; i++) {
      // Until a configuration is confirmed, the candidate's later seeds are likely needed too: they
      // run at once; after, one seed at a time, as the cost bound may stop the candidate.
      const ask = best === null ? units.slice(i * S) : units.slice(i * S, (i + 1) * S);
      for (const u of ask) {
        if (!asked.has(`${u.id}/${u.scenario}/${u.seedIdx}`)) plan(1);
        asked.add(`${u.id}/${u.scenario}/${u.seedIdx}`);
        queue.ask(u, 'needed');
      }
      for (const u of units.slice(i * S, (i + 1) * S)) {
        const r = await queue.get(u);
        if (r === undefined) {
          // Interrupted: what this candidate ran is kept, so `--resume` reuses it.
          if (runs.length > 0) out.set(c.id, aggregate(c, mergeRuns(input.scenarios, [], runs), S, unit));
          return { evaluations: [...out.values()], aborted: true };
        }
        runs.push(r);
        if (r.verdicts.some((v) => !v.pass)) break seeds;
      }
      if (best !== null && i + 1 < K && aggregate(c, mergeRuns(input.scenarios, [], runs), S, unit).objective > best.objective * (1 + 2 * spread)) break;
    }
    queue.drop((u) => u.id === c.id);
    const e = aggregate(c, mergeRuns(input.scenarios, [], runs), S, unit);
    out.set(c.id, e);
    if (e.seeds === K) {
      if (s.objective > 0) ratio = Math.min(ratio, e.objective / s.objective);
      spread = Math.max(spread, seedSpread(input.scenarios, e, unit));
      if (e.feasible && (best === null || compareEvaluations(e, best) < 0)) best = e;
    }
  }
  queue.drop((_, urgency) => urgency === 'ahead');
  if (best === null && ![...out.values()].some((e) => e.seeds === K)) {
    // Nothing confirmed: complete the least violating (per run) on every seed, to report the closest configuration.
    const closest = [...out.values()].sort((a, b) => a.violation / a.runs.length - b.violation / b.runs.length || (rank.get(a.id) as number) - (rank.get(b.id) as number))[0];
    if (closest !== undefined) {
      const c = candidateOf(closest);
      const all = unitsOf(c);
      for (const u of all) if (!asked.has(`${u.id}/${u.scenario}/${u.seedIdx}`)) plan(1);
      const runs = await Promise.all(all.map((u) => queue.get(u)));
      if (runs.some((r) => r === undefined)) return { evaluations: [...out.values()], aborted: true };
      out.set(c.id, aggregate(c, mergeRuns(input.scenarios, [], runs as RunFigures[]), S, unit));
    }
  }
  return { evaluations: [...out.values()], aborted: false };
}

/** Scenario positions from the cheapest full simulation to the dearest (expected arrivals), ties in given order. */
function costOrder(scenarios: readonly TuneScenario[]): number[] {
  const w = scenarios.map((s) => totalArea(rateSegments(s.config.traffic.profile)));
  return scenarios.map((_, k) => k).sort((a, b) => (w[a] as number) - (w[b] as number) || a - b);
}

/** Largest relative distance of one seed's objective (summed over scenarios) from the mean over seeds. */
function seedSpread(scenarios: readonly TuneScenario[], e: Evaluation, unit: ObjectiveUnit): number {
  const base = new Map(scenarios.map((s) => [s.name, s.config.seed]));
  const bySeed = new Map<number, number>();
  for (const r of e.runs) {
    const i = r.seed - (base.get(r.scenario) as number);
    bySeed.set(i, (bySeed.get(i) ?? 0) + (unit === 'cost' ? r.cost : r.podHours));
  }
  if (!(e.objective > 0)) return 0;
  let worst = 0;
  for (const v of bySeed.values()) worst = Math.max(worst, Math.abs(v - e.objective) / e.objective);
  return worst;
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
