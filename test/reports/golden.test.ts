import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runMarkdown } from '../../reports/markdown.js';
import { recordFromRun } from '../../reports/runRecord.js';
import { operationsCsv, seriesCsv } from '../../reports/seriesCsv.js';
import { smallMixRun } from './smallMix.js';

/**
 * Golden outputs of the small-mix run (seed 3), committed under test/fixtures/golden/small-mix/.
 * After an intended change of the model or of the report text, regenerate them with
 *   UPDATE_GOLDEN=1 npx vitest run test/reports/golden.test.ts
 * and review the diff. CSVs are compared column by column on the golden's columns, so a new
 * time-series column does not break the check; the Markdown is compared as a whole.
 */
const DIR = 'test/fixtures/golden/small-mix';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const run = smallMixRun();
const outputs: Record<string, string> = {
  'report.md': runMarkdown(recordFromRun(run)),
  'timeseries.csv': seriesCsv(run.result.series),
  'operations.csv': operationsCsv(run.result.summary),
};

if (UPDATE) {
  mkdirSync(DIR, { recursive: true });
  for (const [name, text] of Object.entries(outputs)) writeFileSync(join(DIR, name), text);
}

/** Columns of a CSV by header. */
function columns(text: string): Map<string, string[]> {
  const rows = parse(text) as string[][];
  const header = rows[0] ?? [];
  return new Map(header.map((h, i) => [h, rows.slice(1).map((r) => r[i] ?? '')]));
}

describe('golden run: small-mix, seed 3', () => {
  it('has golden files to compare with (run with UPDATE_GOLDEN=1 once to write them)', () => {
    for (const name of Object.keys(outputs)) expect(existsSync(join(DIR, name)), name).toBe(true);
  });

  it('writes the same Markdown report, byte for byte', () => {
    expect(outputs['report.md']).toBe(readFileSync(join(DIR, 'report.md'), 'utf8'));
  });

  it.each(['timeseries.csv', 'operations.csv'])('writes the same %s, column by column (new columns allowed)', (name) => {
    const golden = columns(readFileSync(join(DIR, name), 'utf8'));
    const now = columns(outputs[name] as string);
    expect([...golden.keys()].filter((h) => !now.has(h)), 'columns missing').toEqual([]);
    for (const [h, values] of golden) expect(now.get(h), `column ${h}`).toEqual(values);
  });

  it('keeps the time-series headers stable: units in the names, t_s first', () => {
    const header = readFileSync(join(DIR, 'timeseries.csv'), 'utf8').split('\n')[0] as string;
    expect(header.startsWith('t_s,arrivals_rps,retries_rps,completed_rps,rejected_rps,errors_rps,timed_out_rps,latency_p50_ms,')).toBe(true);
  });
});
