import { describe, expect, it } from 'vitest';
import { canonicalIds, chartSvg } from '../../reports/chartSvg.js';

const option = {
  title: { text: 'test' },
  legend: {},
  xAxis: { type: 'value' },
  yAxis: { type: 'value' },
  series: [{ type: 'line', name: 'a', data: [[0, 1], [1, 3]], areaStyle: {} }, { type: 'line', name: 'b', data: [[0, 2], [1, 1]] }],
};
const size = { width: 400, height: 200 };
const ids = (svg: string) => [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);

describe('chartSvg: ECharts rendered server-side to an SVG string', () => {
  it('gives the same bytes for the same option, size and prefix, however many charts came before', () => {
    const a = chartSvg(option, size, 'x');
    chartSvg(option, size, 'other');
    expect(chartSvg(option, size, 'x')).toBe(a);
  });

  it('prefixes every id, clip-path reference and class, so two charts on a page do not collide', () => {
    const a = chartSvg(option, size, 'first');
    const b = chartSvg(option, size, 'second');
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(a).every((id) => id?.startsWith('first-'))).toBe(true);
    expect(ids(a).filter((id) => ids(b).includes(id))).toEqual([]);
    expect(a).not.toMatch(/zr\d+-/);
    expect([...a.matchAll(/url\(#([^)]+)\)/g)].every((m) => ids(a).includes(m[1]))).toBe(true);
  });

  it('draws an SVG with paths and the title', () => {
    const svg = chartSvg(option, size, 'c');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<path');
    expect(svg).toContain('>test</text>');
  });

  it('rejects an id prefix that is not a plain name', () => {
    expect(() => chartSvg(option, size, '1"><script>')).toThrow(/bad id prefix/);
  });

  it.each([
    ['clip paths and classes numbered per kind in order of appearance', '<g id="zr7-c3" class="zr7-cls-9"/><use href="#zr7-c3" class="zr7-cls-2"/><g id="zr7-c1"/>', '<g id="p-c0" class="p-cls-0"/><use href="#p-c0" class="p-cls-1"/><g id="p-c1"/>'],
    ['gradients and patterns too', '<linearGradient id="zr3-g5"/><pattern id="zr3-p2"/><rect fill="url(#zr3-g5)"/>', '<linearGradient id="p-g0"/><pattern id="p-p0"/><rect fill="url(#p-g0)"/>'],
  ])('canonicalIds: %s', (_n, input, want) => {
    expect(canonicalIds(input, 'p')).toBe(want);
  });
});
