import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/inputError.js';
import { unreadable } from '../input/readText.js';
import { assertCompleteFolder } from '../reports/runFolder.js';
import type { Evaluation } from './evaluation.js';
import { tuneResults, type TuneMeta, type TuneResults } from './results.js';

/**
 * Sharding. A sharded search is the exhaustive search of one fixed candidate list (the grid plus
 * the seeded samples that `--budget` and `--seed` define, every candidate on every seed), cut by
 * candidate index modulo n. The adaptive search cannot be cut this way (which candidates survive a
 * rung depends on all the others), so the union of the shards is exactly the unsharded
 * `--exhaustive` run, not the adaptive one: same candidates as its first rung, all in full.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a shard writes (`shard.json`). */
export interface ShardFile {
  readonly tool: 'capsim tune shard';
  readonly meta: TuneMeta;
  readonly shard: Shard;
  readonly partial: boolean;
  readonly current: Evaluation;
  readonly evaluations: readonly Evaluation[];
}

/**
 * Parse `--shard i/n`: 0 <= i < n.
 * @throws InputError naming `--shard` for anything else. @example parseShard('2/8') // { index: 2, count: 8 }
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new InputError(`expected i/n such as 0/4, got "${text}"`, undefined, '--shard');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new InputError(`the shard count must be at least 1, got "${text}"`, undefined, '--shard');
  if (index >= count) throw new InputError(`the shard index must be below the count (0 to ${count - 1}), got "${text}"`, undefined, '--shard');
  return { index, count };
}

/** The JSON a shard writes. */
export function shardJson(s: Omit<ShardFile, 'tool'>): string {
  const file: ShardFile = { tool: 'capsim tune shard', meta: s.meta, shard: s.shard, partial: s.partial, current: s.current, evaluations: s.evaluations };
  return JSON.stringify(file, null, 1) + '\n';
}

/**
 * Combine shard folders into the results of the whole search: byte for byte what the unsharded
 * exhaustive run gives.
 * @throws InputError when a folder has no shard.json, the shards come from different searches,
 *   a shard is missing or given twice, or a shard was interrupted.
 */
export function mergeShards(dirs: readonly string[]): TuneResults {
  if (dirs.length === 0) throw new InputError('expected shard folders to merge', undefined, 'merge');
  const shards = dirs.map(readShard);
  const first = shards[0] as ShardFile & { dir: string };
  const metaText = JSON.stringify(first.meta);
  const seen = new Set<number>();
  for (const s of shards) {
    if (JSON.stringify(s.meta) !== metaText) throw new InputError(`shard.json comes from another search than ${join(first.dir, 'shard.json')} (scenarios, seeds, budget, seed or space differ)`, join(s.dir, 'shard.json'), 'meta');
    if (s.shard.count !== first.shard.count) throw new InputError(`shard count ${s.shard.count} differs from ${first.shard.count}`, join(s.dir, 'shard.json'), 'shard.count');
    if (seen.has(s.shard.index)) throw new InputError(`shard ${s.shard.index}/${s.shard.count} is given twice`, join(s.dir, 'shard.json'), 'shard.index');
    if (s.partial) throw new InputError('this shard was interrupted; run it again before merging', join(s.dir, 'shard.json'), 'partial');
    seen.add(s.shard.index);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new InputError(`missing shard(s) ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')}`, undefined, 'merge');
  const evaluations = shards.flatMap((s) => s.evaluations).sort((a, b) => a.index - b.index);
  return tuneResults(first.meta, first.current, evaluations, false);
}

function readShard(dir: string): ShardFile & { dir: string } {
  assertCompleteFolder(dir);
  const file = join(dir, 'shard.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code ? `${unreadable(e)} (is this a capsim tune --shard output folder?)` : `not JSON: ${(e as Error).message}`, file);
  }
  const s = parsed as Partial<ShardFile>;
  if (s.tool !== 'capsim tune shard' || s.meta === undefined || s.shard === undefined || s.current === undefined || !Array.isArray(s.evaluations))
    throw new InputError('expected the shard.json written by capsim tune --shard', file, 'tool');
  return { ...(s as ShardFile), dir };
}
