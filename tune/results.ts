import type { HpaModel } from '../k8s/hpa.js';
import { compareEvaluations, type Evaluation, type ObjectiveUnit } from './evaluation.js';
import type { SearchSpace } from './searchSpace.js';

/** How the search ran; identical in every shard of one sharded search. */
export interface TuneMeta {
  readonly mode: 'multi-fidelity' | 'adaptive' | 'exhaustive';
  readonly scenarios: readonly string[];
  readonly seeds: number;
  readonly budget: number;
  readonly seed: number;
  readonly objective: ObjectiveUnit;
  /** ISO 4217 code of every cost (the scenarios' `pricing.currency`). */
  readonly currency: string;
  readonly space: SearchSpace;
  /** The user's HPA (identity and spec). */
  readonly hpa: Pick<HpaModel, 'name' | 'namespace' | 'scaleTargetRef' | 'spec'>;
}

/** Everything `results.json` holds. Key order is fixed, so equal results are equal bytes. */
export interface TuneResults {
  readonly tool: 'capsim tune';
  readonly meta: TuneMeta;
  /** Interrupted: only part of the search was evaluated. */
  readonly partial: boolean;
  /** The user's HPA on the same scenarios and seeds. */
  readonly current: Evaluation;
  readonly best: Evaluation | null;
  /** Ids of the Pareto front (cost down, worst margin up), by objective. */
  readonly pareto: readonly string[];
  readonly evaluations: readonly Evaluation[];
  /** Multi-fidelity search: the screening model against the full simulation on the confirmed candidates. */
  readonly screening: ScreeningCheck | null;
}

/**
 * How far the screening model was from the full simulation, on every candidate both evaluated.
 * A confirmation may stop before every seed (an SLO missed, or a cost that cannot beat the best):
 * then `seeds` is below the search's, the full objective is null (not comparable) and the full
 * verdict is known only when an SLO was missed (null otherwise).
 */
export interface ScreeningCheck {
  /** Candidates the screening model evaluated. */
  readonly screened: number;
  readonly rows: ReadonlyArray<{
    readonly id: string;
    /** Seeds the full simulation ran in every scenario. */
    readonly seeds: number;
    readonly objective: { readonly screen: number; readonly full: number | null };
    readonly worstMargin: { readonly screen: number | null; readonly full: number | null };
    readonly feasible: { readonly screen: boolean; readonly full: boolean | null };
  }>;
}

/** Assemble the results of a search. `evaluations` in candidate index order. */
export function tuneResults(meta: TuneMeta, current: Evaluation, evaluations: readonly Evaluation[], partial: boolean, screened?: readonly Evaluation[]): TuneResults {
  const full = evaluations.filter((e) => e.seeds === meta.seeds);
  const best = [...full].sort(compareEvaluations)[0] ?? null;
  return { tool: 'capsim tune', meta, partial, current, best, pareto: paretoFront(full).map((e) => e.id), evaluations, screening: screened === undefined ? null : screeningCheck(screened, evaluations, meta.seeds) };
}

/** The screening model's figures next to the full simulation's, for each candidate simulated in full (`seeds` asked). */
export function screeningCheck(screened: readonly Evaluation[], full: readonly Evaluation[], seeds: number): ScreeningCheck {
  const byId = new Map(screened.map((e) => [e.id, e]));
  const rows = full.flatMap((f) => {
    const s = byId.get(f.id);
    if (s === undefined || f.runs.length === 0) return [];
    const complete = f.seeds === seeds;
    return [{
      id: f.id, seeds: f.seeds,
      objective: { screen: s.objective, full: complete ? f.objective : null },
      worstMargin: { screen: s.worstMargin, full: complete || !f.feasible ? f.worstMargin : null },
      feasible: { screen: s.feasible, full: complete || !f.feasible ? f.feasible : null },
    }];
  });
  return { screened: screened.length, rows };
}

/** The user's HPA beats every configuration the search evaluated in full (keep it). */
export function currentIsBetter(r: Pick<TuneResults, 'current' | 'best'>): boolean {
  return r.best === null || compareEvaluations(r.current, r.best) < 0;
}

/**
 * The non-dominated evaluations for (objective ↓, worst SLO margin ↑): none other is at most as
 * expensive with at least the margin, one of them strictly. Evaluations without an SLO are left
 * out. Ordered by objective. O(n log n).
 */
export function paretoFront(evals: readonly Evaluation[]): Evaluation[] {
  const withMargin = evals.filter((e): e is Evaluation & { worstMargin: number } => e.worstMargin !== null);
  const sorted = [...withMargin].sort((a, b) => a.objective - b.objective || b.worstMargin - a.worstMargin || (a.id < b.id ? -1 : 1));
  const out: Evaluation[] = [];
  let bestMargin = -Infinity;
  for (const e of sorted) {
    if (e.worstMargin > bestMargin) {
      out.push(e);
      bestMargin = e.worstMargin;
    }
  }
  return out;
}
