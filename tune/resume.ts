import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/inputError.js';
import type { Evaluation } from './evaluation.js';
import type { TuneMeta } from './results.js';

/**
 * Resuming an interrupted search (`capsim tune --resume`): the evaluations of the output folder
 * (results.json, or shard.json for a shard) are reused, so only what was not simulated runs. The
 * search is deterministic in its inputs and each simulation in its seed, so a resumed search ends
 * with exactly the results of one that was never interrupted.
 */

/** What a folder holds of an earlier run of the same search: its full-simulation evaluations, the current HPA first. */
export interface PriorEvaluations {
  readonly evaluations: readonly Evaluation[];
}

/**
 * Read the evaluations to reuse from `dir`. A folder without results is a fresh start (nothing
 * to reuse); results of another search are refused.
 * @throws InputError naming the file when it is not capsim tune's, or its search differs from `meta`.
 */
export function readPrior(dir: string, meta: TuneMeta): PriorEvaluations {
  const file = ['results.json', 'shard.json'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (file === undefined) return { evaluations: [] };
  let doc: { tool?: unknown; meta?: unknown; current?: Evaluation; evaluations?: Evaluation[] };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch {
    throw new InputError('expected the JSON capsim tune writes', file);
  }
  if ((doc.tool !== 'capsim tune' && doc.tool !== 'capsim tune shard') || doc.current === undefined || !Array.isArray(doc.evaluations))
    throw new InputError('expected the results of capsim tune (tool, meta, current, evaluations)', file);
  const diff = differingFields(doc.meta as Record<string, unknown> | undefined, meta as unknown as Record<string, unknown>);
  if (diff.length > 0) throw new InputError(`comes from another search (${diff.join(', ')} differ): --resume continues the same search, with the same flags`, file, 'meta');
  return { evaluations: [doc.current, ...doc.evaluations] };
}

function differingFields(a: Record<string, unknown> | undefined, b: Record<string, unknown>): string[] {
  if (a === undefined || a === null || typeof a !== 'object') return ['meta'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
