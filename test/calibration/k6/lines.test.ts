import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLineBatches, isGzipFile } from '../../../calibration/k6/lines.js';
import { InputError } from '../../../input/inputError.js';
import type { ReaderWarning } from '../../../calibration/k6/warnings.js';

const tmp = mkdtempSync(join(tmpdir(), 'capsim-k6-lines-'));
const file = (name: string, data: string | Buffer): string => {
  const path = join(tmp, name);
  writeFileSync(path, data);
  return path;
};
const readAll = async (path: string) => {
  const lines: [number, string][] = [];
  const warnings: ReaderWarning[] = [];
  const result = await readLineBatches(path, (ls, first) => ls.forEach((l, i) => lines.push([first + i, l])), (w) => void warnings.push(w));
  return { lines, warnings, result };
};

describe('readLineBatches', () => {
  it.each([
    ['plain, \\n', 'a\nb\n', false],
    ['plain, \\r\\n', 'a\r\nb\r\n', false],
    ['gzip named .txt (detected by magic bytes)', gzipSync('a\nb\n'), true],
  ])('%s: numbered whole lines', async (_name, data, gz) => {
    const path = file('x.txt', data);
    expect(await isGzipFile(path)).toBe(gz);
    const r = await readAll(path);
    expect(r.lines).toEqual([[1, 'a'], [2, 'b']]);
    expect(r.warnings).toEqual([]);
    expect(r.result).toEqual({ lines: 2, truncated: false, bytesLost: 0 });
  });
  it('multi-byte characters split across chunks stay intact', async () => {
    const line = 'é'.repeat(100_000);
    const r = await readAll(file('utf8.txt', `${line}\n`));
    expect(r.lines[0]![1]).toBe(line);
  });
  it('a cut-off last line is dropped with a warning: file, line, bytes lost', async () => {
    const r = await readAll(file('cut.txt', 'a\nb\nccé'));
    expect(r.lines).toEqual([[1, 'a'], [2, 'b']]);
    expect(r.result).toEqual({ lines: 2, truncated: true, bytesLost: 4 });
    expect(r.warnings).toEqual([{ file: join(tmp, 'cut.txt'), line: 3, message: 'file ends in the middle of a line: the last line is incomplete; read up to line 2, ignored 4 bytes (was the run killed?)' }]);
  });
  it('returning false stops reading', async () => {
    let seen: string[] = [];
    const r = await readLineBatches(file('stop.txt', 'a\nb\n'), (ls) => (seen = seen.concat(ls), false), () => {});
    expect(r.truncated).toBe(false);
    expect(seen).toEqual(['a', 'b']);
  });
  it.each([
    ['a missing file', join(tmp, 'nope.ndjson'), /nope\.ndjson: file not found; expected a k6 output file/],
    ['corrupt gzip', file('bad.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('garbage garbage')])), /bad\.gz: corrupt gzip data/],
  ])('%s -> InputError naming the file', async (_name, path, message) => {
    const err = await readAll(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
  });
});
