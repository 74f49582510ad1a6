import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse/sync';
import { SERIES_COLUMNS, type SeriesColumn, type TimeSeries } from '../sim/metrics/timeSeries.js';
import { InputError } from '../input/inputError.js';
import { SERIES_HEADERS } from './seriesCsv.js';

/**
 * A run's time series as the reports see it: the values of `timeseries.csv` (counts as rates per
 * second, as its headers say), one array per column, NaN where the CSV cell is empty. Built from
 * the CSV text both for a fresh run and for a run folder, so both give the same report.
 */
export interface SeriesTable {
  intervalSeconds: number;
  /** Start of each interval, in seconds. */
  tSeconds: number[];
  /** Columns present in the CSV; a column the CSV lacks (an older run) is absent. */
  columns: Partial<Record<SeriesColumn, number[]>>;
}

/**
 * The table of a simulated time series: the values its CSV form holds once read back (rounded as
 * `seriesCsv` rounds them, -0 read as 0, NaN as an empty cell), so a fresh run and its folder give
 * the same report. Computed directly: writing the CSV and parsing it again took longer than the
 * rest of a short run's report.
 */
export function seriesTableOf(series: TimeSeries): SeriesTable {
  const seconds = series.intervalMs / 1000;
  const tSeconds = Array.from({ length: series.rows }, (_, r) => roundCsv((r * series.intervalMs) / 1000));
  const columns: Partial<Record<SeriesColumn, number[]>> = {};
  for (const c of SERIES_COLUMNS) {
    const { header, perSecond } = SERIES_HEADERS[c];
    const values = series.columns[c];
    const out = new Array<number>(series.rows);
    for (let r = 0; r < series.rows; r++) {
      const v = values[r] as number;
      if (Number.isNaN(v)) {
        out[r] = NaN;
        continue;
      }
      const x = roundCsv(perSecond ? v / seconds : v);
      // As parseSeriesCsv would refuse the cell of the written CSV.
      if (!Number.isFinite(x)) throw new InputError(`expected a number, got "${String(x)}"`, 'timeseries.csv', header, r + 2);
      out[r] = x === 0 ? 0 : x;
    }
    columns[c] = out;
  }
  const intervalSeconds = tSeconds.length > 1 ? (tSeconds[1] as number) - (tSeconds[0] as number) : 0;
  return { intervalSeconds, tSeconds, columns };
}

/** The rounding of seriesCsv: six decimals. */
function roundCsv(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
}

/**
 * Read `timeseries.csv` text. Unknown columns are ignored (a newer capsim may add some).
 * @throws InputError naming `file` when the `t_s` column is missing or a cell is not a number.
 */
export function parseSeriesCsv(text: string, file: string): SeriesTable {
  const byHeader = new Map<string, SeriesColumn>(SERIES_COLUMNS.map((c) => [SERIES_HEADERS[c].header, c]));
  const tSeconds: number[] = [];
  const columns: Partial<Record<SeriesColumn, number[]>> = {};
  let header: string[] | undefined;
  let r = 0;
  // Each record is taken into the columns as it is parsed and dropped (on_record returns null):
  // the rows never exist as string arrays all at once.
  // The CSV parser is loaded when a folder is read back, not by every command that writes one.
  const { parse } = createRequire(import.meta.url)('csv-parse/sync') as typeof CsvParse;
  parse(text, {
    skip_empty_lines: true,
    on_record: (row: string[]) => {
      if (header === undefined) {
        header = row;
        if (header[0] !== 't_s') throw new InputError('expected a time-series CSV whose first column is t_s', file, undefined, 1);
        header.forEach((h, i) => {
          const c = byHeader.get(h);
          if (c !== undefined && i > 0) columns[c] = [];
        });
        return null;
      }
      tSeconds.push(cell(row[0], file, r + 2, 't_s'));
      header.forEach((h, i) => {
        const c = byHeader.get(h);
        if (c !== undefined && i > 0) (columns[c] as number[]).push(cell(row[i], file, r + 2, h));
      });
      r++;
      return null;
    },
  });
  if (header === undefined) throw new InputError('expected a time-series CSV whose first column is t_s', file, undefined, 1);
  const intervalSeconds = tSeconds.length > 1 ? (tSeconds[1] as number) - (tSeconds[0] as number) : 0;
  return { intervalSeconds, tSeconds, columns };
}

function cell(text: string | undefined, file: string, line: number, column: string): number {
  if (text === undefined || text === '') return NaN;
  const v = Number(text);
  if (!Number.isFinite(v)) throw new InputError(`expected a number, got "${text}"`, file, column, line);
  return v;
}

/** A column's values, or an array of NaN when the run has no such column. */
export function column(table: SeriesTable, c: SeriesColumn): number[] {
  return table.columns[c] ?? table.tSeconds.map(() => NaN);
}
