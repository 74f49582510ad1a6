import { describe, expect, it } from 'vitest';
import { timeChartOption } from '../../reports/chartKit.js';
import { m4, type Point } from '../../reports/downsample.js';

/** A month of 10 s rows: a noisy diurnal curve with one spike and one gap. */
const MONTH = 30 * 86_400 / 10;
const month: Point[] = Array.from({ length: MONTH }, (_, i) => {
  const y = i === 123_457 ? 5000 : i >= 200_000 && i < 200_010 ? NaN : 100 + 50 * Math.sin(i / 8640 * 2 * Math.PI) + ((i * 7919) % 13);
  return [i * 10, y];
});

describe('M4 downsampling of chart lines', () => {
  it('keeps short lines as they are', () => {
    const line: Point[] = [[0, 1], [1, 2], [2, 3]];
    expect(m4(line, 960, 0, 2)).toEqual(line);
  });

  it('keeps at most 5 points a pixel column, so a month draws from a few thousand points', () => {
    const kept = m4(month, 960, 0, (MONTH - 1) * 10);
    expect(kept.length).toBeLessThanOrEqual(5 * 960);
    expect(kept.length).toBeGreaterThan(960);
  });

  it('keeps every column\'s first, last, lowest and highest point, in order, so the drawn pixels and the axes are the same', () => {
    const x1 = (MONTH - 1) * 10;
    const kept = m4(month, 960, 0, x1);
    for (let i = 1; i < kept.length; i++) expect((kept[i] as Point)[0]).toBeGreaterThan((kept[i - 1] as Point)[0]);
    const width = x1 / 960;
    const columns = new Map<number, Point[]>();
    for (const p of month) {
      const b = Math.min(959, Math.floor(p[0] / width));
      columns.set(b, [...(columns.get(b) ?? []), p]);
    }
    const keptSet = new Set(kept.map((p) => p[0]));
    for (const pts of columns.values()) {
      const finite = pts.filter((p) => Number.isFinite(p[1]));
      let lo = finite[0] as Point;
      let hi = finite[0] as Point;
      for (const p of finite) {
        if (p[1] < lo[1]) lo = p;
        if (p[1] > hi[1]) hi = p;
      }
      for (const p of [pts[0], pts.at(-1), lo, hi]) expect(keptSet.has((p as Point)[0])).toBe(true);
    }
    expect(kept.some((p) => p[1] === 5000)).toBe(true);
  });

  it('keeps a gap (a non-finite value) visible', () => {
    const kept = m4(month, 960, 0, (MONTH - 1) * 10);
    expect(kept.some((p) => Number.isNaN(p[1]))).toBe(true);
  });

  it('a time chart of a month holds a bounded number of points and its x axis reaches the last one', () => {
    const option = timeChartOption({ title: 't', yName: 'y', xName: 'x', lines: [{ name: 'a', color: '#000', points: month }, { name: 'b', color: '#111', points: month.map(([x, y]) => [x, -y]) }] }) as { xAxis: { max: number }; series: Array<{ data: unknown[] }> };
    expect(option.xAxis.max).toBe((MONTH - 1) * 10);
    for (const s of option.series) expect(s.data.length).toBeLessThanOrEqual(5 * 960);
  });
});
