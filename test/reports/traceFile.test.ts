import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceFile } from '../../reports/traceFile.js';
import type { TraceRecord } from '../../sim/trace.js';

const rec = (id: number): TraceRecord => ({ id, attempt: 0, operation: 'authorize', pod: 0, arrivalMs: id, startMs: id, endMs: id + 10, status: 'ok' });

describe('TraceFile: the --trace NDJSON written as the run goes', () => {
  it('writes one JSON line per record, in batches, and appears under its name only once committed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-trace-'));
    const file = join(dir, 'trace.ndjson');
    const t = new TraceFile(file);
    for (let i = 0; i < 10_000; i++) t.write(rec(i));
    expect(existsSync(file)).toBe(false);
    t.commit();
    t.abort(); // after commit: nothing to undo
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(10_000);
    expect(JSON.parse(lines[9_999] as string)).toEqual(rec(9_999));
    expect(readdirSync(dir)).toEqual(['trace.ndjson']);
  });

  it('leaves nothing behind when the run fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-trace-'));
    const t = new TraceFile(join(dir, 'trace.ndjson'));
    for (let i = 0; i < 5000; i++) t.write(rec(i));
    t.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the file when it cannot be written', () => {
    expect(() => new TraceFile(join(tmpdir(), 'no-such-dir-capsim', 'trace.ndjson'))).toThrow(/trace\.ndjson: cannot write the trace: ENOENT/);
  });
});
