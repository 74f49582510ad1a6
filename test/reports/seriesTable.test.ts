import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { SERIES_HEADERS, seriesCsv } from '../../reports/seriesCsv.js';
import { parseSeriesCsv, seriesTableOf } from '../../reports/seriesTable.js';
import { SERIES_COLUMNS, TimeSeries } from '../../sim/metrics/timeSeries.js';

/** A series whose cells exercise the CSV's rounding: fractions, large counts, NaN, -0. */
function awkwardSeries(): TimeSeries {
  const s = new TimeSeries(7_500, 5);
  const cells = [0.1234567891, 1e9 / 3, NaN, -0, 2.5e-7, 42];
  SERIES_COLUMNS.forEach((c, k) => {
    for (let r = 0; r < s.rows; r++) s.columns[c][r] = cells[(k + r) % cells.length] as number;
  });
  return s;
}

describe('seriesTableOf: the table of a fresh run', () => {
  it('holds exactly what its timeseries.csv holds once read back, so a run and its folder give the same report', () => {
    const s = awkwardSeries();
    const direct = seriesTableOf(s);
    const viaCsv = parseSeriesCsv(seriesCsv(s), 'timeseries.csv');
    expect(direct.intervalSeconds).toBe(viaCsv.intervalSeconds);
    expect(direct.tSeconds).toStrictEqual(viaCsv.tSeconds);
    expect(Object.keys(direct.columns)).toStrictEqual(Object.keys(viaCsv.columns));
    for (const c of SERIES_COLUMNS) {
      const a = direct.columns[c] as number[];
      const b = viaCsv.columns[c] as number[];
      // Object.is: -0 must come back as 0, NaN as NaN.
      expect(a.map((v, i) => Object.is(v, b[i]))).toStrictEqual(b.map(() => true));
    }
  });

  it('refuses an infinite value as reading the CSV back would', () => {
    const s = new TimeSeries(10_000, 2);
    s.columns.busyWorkers[1] = Infinity;
    expect(() => parseSeriesCsv(seriesCsv(s), 'timeseries.csv')).toThrow('expected a number, got "Infinity"');
    expect(() => seriesTableOf(s)).toThrow('expected a number, got "Infinity"');
  });
});

describe('seriesCsv: the rows written by hand', () => {
  it('are byte for byte what csv-stringify writes for the same cells, across the 4096-row blocks', () => {
    const s = new TimeSeries(10_000, 4100);
    const cells = [0.1234567891, 1e9 / 3, NaN, -0, 2.5e-7, 42, -17.25, Infinity, -Infinity, 1e21, 123456789.123456789];
    SERIES_COLUMNS.forEach((c, k) => {
      for (let r = 0; r < s.rows; r++) s.columns[c][r] = cells[(k * 7 + r) % cells.length] as number;
    });
    const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v);
    const rows = Array.from({ length: s.rows }, (_, r) => [round(r * 10), ...SERIES_COLUMNS.map((c) => {
      const v = s.columns[c][r] as number;
      return Number.isNaN(v) ? '' : round(SERIES_HEADERS[c].perSecond ? v / 10 : v);
    })]);
    expect(seriesCsv(s)).toBe(stringify([['t_s', ...SERIES_COLUMNS.map((c) => SERIES_HEADERS[c].header)], ...rows]));
  });
});
