import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../input/inputError.js';
import { parseTraceCsv, readTraceCsv } from '../../input/traceCsv.js';

function errorOf(text: string): InputError {
  try {
    parseTraceCsv(text, 'day.csv');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('readTraceCsv: timestamp,requests rows', () => {
  it('reads RFC 3339 and Unix-second timestamps, skipping comments and blank lines', () => {
    const text = '# exported from the gateway\ntimestamp,requests\n2026-03-10T00:00:00Z,600\n\n1773101100,900\n2026-03-10T00:10:00+01:00,1200\n';
    // 2026-03-10T00:10:00+01:00 is 2026-03-09T23:10:00Z, before the rows above it: use a later one.
    const rows = parseTraceCsv(text.replace('2026-03-10T00:10:00+01:00', '2026-03-10T01:10:00+01:00'), 'day.csv');
    expect(rows).toEqual([
      { timeS: 1773100800, count: 600 },
      { timeS: 1773101100, count: 900 },
      { timeS: 1773101400, count: 1200 },
    ]);
  });

  it('reads the bundled synthetic day', () => {
    const rows = readTraceCsv('scenarios/traces/synthetic-weekday.csv');
    expect(rows).toHaveLength(288);
    expect(rows[1]!.timeS - rows[0]!.timeS).toBe(300);
  });

  it.each([
    { name: 'unsorted rows', text: 'timestamp,requests\n2026-03-10T00:05:00Z,5\n2026-03-10T00:00:00Z,5\n', line: 3, field: 'column 1 (timestamp)', problem: /sorted by time.*before the previous/ },
    { name: 'a duplicate timestamp', text: 'timestamp,requests\n1773100800,5\n1773100800,5\n', line: 3, field: 'column 1 (timestamp)', problem: /no duplicates.*the same as/ },
    { name: 'a negative count', text: 'timestamp,requests\n1773100800,5\n1773101100,-3\n', line: 3, field: 'column 2 (requests)', problem: /requests >= 0, got -3/ },
    { name: 'a non-numeric count', text: 'timestamp,requests\n1773100800,5\n1773101100,lots\n', line: 3, field: 'column 2 (requests)', problem: /number of requests, got "lots"/ },
    { name: 'a non-numeric timestamp', text: 'timestamp,requests\nyesterday,5\n1773101100,5\n', line: 2, field: 'column 1 (timestamp)', problem: /RFC 3339 timestamp .* or Unix seconds, got "yesterday"/ },
    { name: 'an extra column', text: 'timestamp,requests\n1773100800,5,7\n1773101100,5\n', line: 2, field: undefined, problem: /expected 2 columns/ },
    { name: 'a wrong header', text: 'time,count\n1773100800,5\n1773101100,5\n', line: 1, field: undefined, problem: /header `timestamp,requests`/ },
  ])('$name -> InputError naming the file, line $line and column', ({ text, line, field, problem }) => {
    const e = errorOf(text);
    expect(e.file).toBe('day.csv');
    expect(e.line).toBe(line);
    expect(e.field).toBe(field);
    expect(e.problem).toMatch(problem);
    expect(e.message.startsWith(`day.csv:${line}: `)).toBe(true);
  });

  it('too few rows to know a bucket width -> InputError', () => {
    expect(errorOf('timestamp,requests\n1773100800,5\n').problem).toMatch(/at least two rows/);
  });

  it('a file that cannot be read -> InputError naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-trace-'));
    expect(() => readTraceCsv(join(dir, 'missing.csv'))).toThrow(/missing\.csv: file not found$/);
    writeFileSync(join(dir, 'ok.csv'), 'timestamp,requests\n0,1\n60,2\n');
    expect(readTraceCsv(join(dir, 'ok.csv'))).toEqual([{ timeS: 0, count: 1 }, { timeS: 60, count: 2 }]);
  });
});
