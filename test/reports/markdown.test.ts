import { describe, expect, it } from 'vitest';
import { escapeMd, markdownReport, runMarkdown } from '../../reports/markdown.js';
import { syntheticRecord } from './records.js';

describe('escapeMd: user text cannot break a table or start markup', () => {
  it.each([
    ['a table cell', 'a|b', 'a\\|b'],
    ['an HTML tag', '<script>alert(1)</script>', '\\<script\\>alert\\(1\\)\\</script\\>'],
    ['emphasis and code', '*x* _y_ `z`', '\\*x\\* \\_y\\_ \\`z\\`'],
    ['a link', '[x](http://e)', '\\[x\\]\\(http://e\\)'],
    ['an entity', '&lt;', '\\&lt;'],
    ['a line break', 'a\nb', 'a b'],
    ['plain text', 'authorize', 'authorize'],
  ])('%s', (_n, input, want) => {
    expect(escapeMd(input)).toBe(want);
  });
});

describe('runMarkdown', () => {
  const events = Array.from({ length: 25 }, (_, i) => ({ tMs: i * 15_000, source: 'hpa' as const, reason: 'SuccessfulRescale', message: `New size: ${i + 2}; <b>`, from: i + 1, to: i + 2 }));

  it('lists the first 20 replica changes, escaped, and says how many more there are', () => {
    const md = runMarkdown(syntheticRecord({ arrivals: 10 }, { events }));
    expect(md).toContain('## Scaling events');
    expect(md).toContain('| 15s | hpa | SuccessfulRescale | 2 → 3 | New size: 3; \\<b\\> |');
    expect(md.match(/\| hpa \|/g)?.length).toBe(20);
    expect(md).toContain('_5 more changes; every event is in events.json and the HTML report._');
  });

  it('leaves out events that change nothing (conditions, failed metrics)', () => {
    const noise = [{ tMs: 2000, source: 'hpa' as const, reason: 'FailedGetResourceMetric', message: 'no metrics', from: 4, to: 4 }, { tMs: 3000, source: 'hpa' as const, reason: 'ScalingActive', message: 'ok' }];
    expect(runMarkdown(syntheticRecord({ arrivals: 10 }, { events: noise }))).not.toContain('## Scaling events');
  });

  it('carries the calibration error table when calibrated', () => {
    const md = runMarkdown(syntheticRecord({}, { calibration: { rows: [{ scope: 'authorize', metric: 'p99 latency (ms)', measured: 210, predicted: 198, relativeError: -0.057 }] } }));
    expect(md).toContain('| authorize | p99 latency \\(ms\\) | 210 | 198 | -5.70% |');
  });

  it('escapes the scenario name in the title', () => {
    expect(runMarkdown(syntheticRecord({}, { name: '<script>alert(1)</script>' }))).toMatch(/^# Capacity run: \\<script\\>alert\\\(1\\\)\\<\/script\\>\n/);
  });

  it('still reports a summary alone (markdownReport) with its verdicts and figures', () => {
    const r = syntheticRecord({});
    const md = markdownReport(r.summary, r.verdicts);
    expect(md).toContain('**SLOs: all met.**');
    expect(md).toContain('| peak ready replicas (desired) | 4 (5) |');
    expect(md).not.toContain('## Recommendations');
  });
});
