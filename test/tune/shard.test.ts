import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../input/inputError.js';
import { writeRunFolder } from '../../reports/runFolder.js';
import { resultFiles, runTune, type TuneOptions } from '../../tune/runTune.js';
import { mergeShards, parseShard } from '../../tune/shard.js';
import { SMALL_SPACE, STEADY, tempDir } from './support.js';

const opts: TuneOptions = { scenarios: [STEADY.scenario], manifests: STEADY.manifests, budget: 8, seeds: 1, seed: 5, space: SMALL_SPACE, workers: 1 };

describe('--shard i/n', () => {
  it.each([
    ['0/3', { index: 0, count: 3 }],
    ['2/3', { index: 2, count: 3 }],
    ['0/1', { index: 0, count: 1 }],
  ])('parses %s', (text, shard) => expect(parseShard(text)).toEqual(shard));

  it.each([
    ['3/3', /--shard: the shard index must be below the count \(0 to 2\), got "3\/3"/],
    ['1/0', /--shard: the shard count must be at least 1/],
    ['a/3', /--shard: expected i\/n such as 0\/4, got "a\/3"/],
    ['-1/3', /--shard: expected i\/n/],
  ])('rejects %s', (text, message) => {
    expect(() => parseShard(text)).toThrow(InputError);
    expect(() => parseShard(text)).toThrow(message);
  });
});

describe('shards 0/3, 1/3, 2/3 merged', () => {
  it('equal the unsharded exhaustive run, byte for byte (results.json and every other file)', async () => {
    const whole = await runTune({ ...opts, exhaustive: true });
    const root = tempDir();
    const dirs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const shard = await runTune({ ...opts, shard: { index: i, count: 3 } });
      expect(Object.keys(shard.files)).toEqual(['shard.json']);
      dirs.push(writeRunFolder(join(root, `shard-${i}`), shard.files));
    }
    const merged = resultFiles(mergeShards([dirs[2], dirs[0], dirs[1]] as string[]));
    expect(merged['results.json']).toBe(whole.files['results.json']);
    expect(merged).toEqual(whole.files);
    expect(JSON.parse(whole.files['results.json'] as string).evaluations).toHaveLength(8);
  }, 60_000);

  it('refuses a missing shard, a shard given twice, and shards of another search', async () => {
    const root = tempDir();
    const a = writeRunFolder(join(root, 'a'), (await runTune({ ...opts, budget: 3, shard: { index: 0, count: 2 } })).files);
    const b = writeRunFolder(join(root, 'b'), (await runTune({ ...opts, budget: 3, shard: { index: 1, count: 2 } })).files);
    const other = writeRunFolder(join(root, 'c'), (await runTune({ ...opts, budget: 3, seed: 6, shard: { index: 1, count: 2 } })).files);
    expect(() => mergeShards([a])).toThrow(/missing shard\(s\) 1\/2/);
    expect(() => mergeShards([a, a, b])).toThrow(/shard 0\/2 is given twice/);
    expect(() => mergeShards([a, other])).toThrow(/c\/shard\.json: meta: shard\.json comes from another search/);
    mkdirSync(join(root, 'empty'));
    expect(() => mergeShards([join(root, 'empty')])).toThrow(/empty\/shard\.json: file not found \(is this a capsim tune --shard output folder\?\)/);
    writeFileSync(join(root, 'empty', 'shard.json'), '{"tool":"x"}');
    expect(() => mergeShards([join(root, 'empty')])).toThrow(/tool: expected the shard\.json written by capsim tune --shard/);
  }, 60_000);
});
