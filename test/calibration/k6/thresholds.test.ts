import { describe, expect, it } from 'vitest';
import { formatG, goParseFloat, parseThreshold, sinkKey, thresholdPasses, unsupportedMethod, type ThresholdExpression } from '../../../calibration/k6/thresholds.js';
import { parseMetricName } from '../../../calibration/k6/thresholdConfig.js';

// Cases ported from grafana/k6 v0.48.0 metrics/thresholds_parser_test.go and thresholds_test.go.

describe('parseThreshold (k6 TestParseThresholdExpression, TestParseThresholdAggregationMethod, TestScanThresholdExpression)', () => {
  it.each([
    ['count>20', { method: 'count', operator: '>', value: 20 }],
    ['p(99)<200', { method: 'p', percentile: 99, operator: '<', value: 200 }],
    ['p(99.9) < 200', { method: 'p', percentile: 99.9, operator: '<', value: 200 }],
    ['  avg  <=300  ', { method: 'avg', operator: '<=', value: 300 }],
    ['rate>=0.01', { method: 'rate', operator: '>=', value: 0.01 }],
    ['value===3', { method: 'value', operator: '===', value: 3 }],
    ['med==3', { method: 'med', operator: '==', value: 3 }],
    ['max!=3', { method: 'max', operator: '!=', value: 3 }],
    ['min<1e3', { method: 'min', operator: '<', value: 1000 }],
  ] as const)('%s', (input, want) => {
    expect(parseThreshold(input)).toEqual(want);
  });

  it.each([
    ['count!20', /malformed threshold expression/], // unknown operator
    ['foo>20', /left hand side; reason: failed parsing method/], // unknown method
    ['count>abc', /right hand side/], // non-numerical value
    ['p()<1', /malformed percentile value/],
    ['p(99<1', /failed parsing method/], // incomplete percentile
    ['p(foo)<1', /malformed percentile value/],
    ['p95<1', /failed parsing method/],
  ])('%s is refused as k6 refuses it', (input, reason) => {
    expect(parseThreshold(input)).toMatch(reason);
  });
});

describe('thresholdPasses (k6 TestThreshold_runNoTaint)', () => {
  const e = (s: string): ThresholdExpression => parseThreshold(s) as ThresholdExpression;
  it.each([
    ['rate>0.01', { rate: 1 }, true],
    ['rate>=0.01', { rate: 0.01 }, true],
    ['rate<=0.01', { rate: 0.01 }, true],
    ['rate<0.01', { rate: 0.00001 }, true],
    ['rate==0.01', { rate: 0.01 }, true],
    ['rate===0.01', { rate: 0.01 }, true],
    ['rate!=0.01', { rate: 0.02 }, true],
    ['rate>0.01', { rate: 0.00001 }, false],
    // k6: "valid expression over non-existing sink" passes (no samples yet)
    ['rate>0.01', { med: 27.2 }, true],
  ] as const)('%s over %j -> %s', (expr, sinked, ok) => {
    expect(thresholdPasses(e(expr), sinked)).toBe(ok);
  });
});

describe('sinkKey and Go formatting', () => {
  it.each([
    [95, 'p(95)'],
    [99.9, 'p(99.9)'],
    [99.90, 'p(99.9)'],
    [0.00001, 'p(1e-05)'],
    [0.0001, 'p(0.0001)'],
  ])('p(%s) is looked up as %s (Go %%g)', (pct, key) => {
    expect(sinkKey({ method: 'p', percentile: pct, operator: '<', value: 1 })).toBe(key);
  });
  it('formatG uses an exponent from 1e6 on, as Go does', () => {
    expect([formatG(123456.7), formatG(1e6), formatG(1.5e-7)]).toEqual(['123456.7', '1e+06', '1.5e-07']);
  });
  it('goParseFloat takes what strconv.ParseFloat takes for thresholds', () => {
    expect([goParseFloat('1.5'), goParseFloat('.5'), goParseFloat('5.'), goParseFloat('-2e-3'), goParseFloat('+Inf')]).toEqual([1.5, 0.5, 5, -0.002, Infinity]);
    expect([goParseFloat(''), goParseFloat('0x10'), goParseFloat('1_000'), goParseFloat('1 0')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('unsupportedMethod (k6 TestThresholdsValidate: aggregation methods per metric type)', () => {
  const e = (s: string): ThresholdExpression => parseThreshold(s) as ThresholdExpression;
  it.each([
    ['counter', 'count<1', true],
    ['counter', 'rate<1', true],
    ['counter', 'p(95)<1', false],
    ['gauge', 'value<1', true],
    ['gauge', 'max<1', false],
    ['rate', 'rate<1', true],
    ['rate', 'count<1', false],
    ['trend', 'p(95)<1', true],
    ['trend', 'med<1', true],
    ['trend', 'count<1', false],
  ] as const)('%s accepts %s: %s', (type, expr, ok) => {
    expect(unsupportedMethod(e(expr), expr, 'm', type) === undefined).toBe(ok);
  });
  it('says what the metric supports', () => {
    expect(unsupportedMethod(e('p(95)<1'), 'p(95)<1', 'http_reqs', 'counter')).toBe(
      'invalid threshold "p(95)<1" applied on metric http_reqs; reason: unsupported aggregation method p on metric of type counter. supported aggregation methods for this metric are: count, rate',
    );
  });
});

describe('parseMetricName (k6 ParseMetricName + AddSubmetric)', () => {
  it.each([
    ['http_req_duration', { parent: 'http_req_duration', tags: [] }],
    ['http_req_duration{name:authorize}', { parent: 'http_req_duration', tags: [['name', 'authorize']] }],
    ['http_req_duration{ name : "authorize" , status:200}', { parent: 'http_req_duration', tags: [['name', 'authorize'], ['status', '200']] }],
    ["checks{check:'status is 200'}", { parent: 'checks', tags: [['check', 'status is 200']] }],
    ['http_req_duration{url:http://x/a:b}', { parent: 'http_req_duration', tags: [['url', 'http://x/a:b']] }],
  ])('%s', (name, want) => {
    expect(parseMetricName(name)).toEqual(want);
  });
  it.each([
    ['http_req_duration{name:authorize', /unmatched/],
    ['http_req_duration}name:a{', /closing curly brace appears before/],
    ['http_req_duration{name:a}x', /lacks a closing curly brace in its last position/],
    ['http_req_duration{name}', /tag expression "name" is malformed/],
    ['http_req_duration{name:}', /malformed/],
  ])('%s is refused', (name, reason) => {
    expect(parseMetricName(name)).toMatch(reason);
  });
});
