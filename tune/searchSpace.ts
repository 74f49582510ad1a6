import { z } from 'zod';
import { InputError } from '../input/inputError.js';
import { readTextFile } from '../input/readText.js';
import { parseYaml } from '../input/yamlDocument.js';
import { issueToInputError } from '../input/zodIssue.js';
import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';

/**
 * The HPA settings `capsim tune` searches, each as a list of values to choose from. A candidate
 * picks one value per dimension. Scaling rules are searched as two policies (a Pods policy and a
 * Percent policy with the same period) combined by `selectPolicy`, the shape of the Kubernetes
 * defaults (pkg/apis/autoscaling/v2/defaults.go): Max picks the faster, Min the more cautious.
 */
export interface RulesSpace {
  readonly stabilizationWindowSeconds: readonly number[];
  readonly pods: readonly number[];
  readonly percent: readonly number[];
  readonly periodSeconds: readonly number[];
  readonly selectPolicy: readonly ('Max' | 'Min')[];
}

export interface SearchSpace {
  /** CPU averageUtilization targets, percent of the request. */
  readonly targetUtilization: readonly number[];
  readonly minReplicas: readonly number[];
  readonly maxReplicas: readonly number[];
  readonly scaleUp: RulesSpace;
  readonly scaleDown: RulesSpace;
}

/**
 * Default ranges around the user's HPA: targets 40-90 %, minReplicas on a ladder 1, 2, 3, 4, 6,
 * 8, 12, 16, 24, ... up to the current maxReplicas (and the current minReplicas and maxReplicas
 * themselves), maxReplicas the current one and twice it; scale-up windows up to a minute,
 * scale-down windows from none to 10 minutes (the Kubernetes default is 5).
 *
 * Why minReplicas reaches maxReplicas: a load step faster than a pod starts (payday's payouts at
 * 16:00 exactly, a flash sale) is served only by the pods already running, so the floor may have
 * to be as high as the peak needs; the user's maxReplicas is the most they allow. Capping the
 * ladder at 8 made every candidate miss the payday error budget with the reference service,
 * which needs 10 pods ready at 16:00 (tune issue 15).
 * @example defaultSearchSpace({ minReplicas: 2, maxReplicas: 10, metrics: [] }).maxReplicas // [10, 20]
 */
export function defaultSearchSpace(current: HpaSpec): SearchSpace {
  const max = current.maxReplicas;
  return {
    targetUtilization: [40, 50, 60, 70, 80, 90],
    minReplicas: sortedUnique([...minReplicasLadder(max), current.minReplicas]),
    maxReplicas: [max, 2 * max],
    scaleUp: { stabilizationWindowSeconds: [0, 30, 60], pods: [1, 2, 4, 8], percent: [50, 100, 200], periodSeconds: [15, 30, 60], selectPolicy: ['Max', 'Min'] },
    scaleDown: { stabilizationWindowSeconds: [0, 60, 300, 600], pods: [1, 2, 4], percent: [10, 50, 100], periodSeconds: [15, 60], selectPolicy: ['Max', 'Min'] },
  };
}

/**
 * 1, 2, 3, 4, 6, 8, 12, 16, ... (2^k and 3·2^k: steps of a third to a half, so the number of
 * values grows with the logarithm of `max`), below `max`, then `max` itself.
 * @example minReplicasLadder(60) // [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 60]
 */
export function minReplicasLadder(max: number): number[] {
  const out: number[] = [];
  for (let p = 1; p < max; p *= 2) {
    out.push(p);
    if (p >= 2 && (3 * p) / 2 < max) out.push((3 * p) / 2);
  }
  return sortedUnique([...out, Math.max(1, max)]);
}

const ints = (min: number, max: number) => z.array(z.number().int().min(min).max(max)).min(1, 'expected at least one value');
const rulesOverride = z
  .strictObject({
    stabilizationWindowSeconds: ints(0, 3600).optional(),
    pods: ints(1, 10_000).optional(),
    percent: ints(1, 10_000).optional(),
    periodSeconds: ints(1, 1800).optional(),
    selectPolicy: z.array(z.enum(['Max', 'Min'])).min(1, 'expected at least one value').optional(),
  })
  .optional();
const spaceOverride = z.strictObject({
  targetUtilization: ints(1, 1000).optional(),
  minReplicas: ints(1, 100_000).optional(),
  maxReplicas: ints(1, 100_000).optional(),
  scaleUp: rulesOverride,
  scaleDown: rulesOverride,
});

/**
 * Read a search-space YAML file: every key optional, each a list replacing the default list.
 * Lists are sorted and deduplicated (the order of values does not change the search).
 * @throws InputError naming the file, line and field (unknown key, a value out of range, an empty
 *   list, or no minReplicas <= some maxReplicas).
 * @example parseSearchSpace('targetUtilization: [50, 70]', 'space.yaml', base).targetUtilization // [50, 70]
 */
export function parseSearchSpace(text: string, file: string, base: SearchSpace): SearchSpace {
  const doc = parseYaml(text, file);
  const value = doc.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError('expected a mapping of search dimensions (targetUtilization, minReplicas, ...)', file, undefined, 1);
  const parsed = spaceOverride.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    throw issueToInputError((issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]) as never, doc);
  }
  const o = parsed.data;
  const rules = (b: RulesSpace, r: typeof o.scaleUp): RulesSpace => ({
    stabilizationWindowSeconds: sortedUnique(r?.stabilizationWindowSeconds ?? b.stabilizationWindowSeconds),
    pods: sortedUnique(r?.pods ?? b.pods),
    percent: sortedUnique(r?.percent ?? b.percent),
    periodSeconds: sortedUnique(r?.periodSeconds ?? b.periodSeconds),
    selectPolicy: [...new Set(r?.selectPolicy ?? b.selectPolicy)].sort(),
  });
  const space: SearchSpace = {
    targetUtilization: sortedUnique(o.targetUtilization ?? base.targetUtilization),
    minReplicas: sortedUnique(o.minReplicas ?? base.minReplicas),
    maxReplicas: sortedUnique(o.maxReplicas ?? base.maxReplicas),
    scaleUp: rules(base.scaleUp, o.scaleUp),
    scaleDown: rules(base.scaleDown, o.scaleDown),
  };
  if ((space.minReplicas[0] as number) > (space.maxReplicas.at(-1) as number))
    throw new InputError(`no minReplicas is <= the largest maxReplicas (${String(space.maxReplicas.at(-1))})`, file, 'minReplicas', doc.lineOf(['minReplicas']));
  return space;
}

/** Read and parse a search-space file; see `parseSearchSpace`. @throws InputError when unreadable. */
export function readSearchSpace(file: string, base: SearchSpace): SearchSpace {
  const text = readTextFile(file);
  return parseSearchSpace(text, file, base);
}

/** Number of combinations of the space (before dropping minReplicas > maxReplicas). */
export function spaceSize(s: SearchSpace): number {
  const r = (x: RulesSpace) => x.stabilizationWindowSeconds.length * x.pods.length * x.percent.length * x.periodSeconds.length * x.selectPolicy.length;
  return s.targetUtilization.length * s.minReplicas.length * s.maxReplicas.length * r(s.scaleUp) * r(s.scaleDown);
}

function sortedUnique(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
