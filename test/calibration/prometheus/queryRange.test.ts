import { describe, expect, it } from 'vitest';
import { parseQueryRange, seriesName } from '../../../calibration/prometheus/queryRange.js';
import { queryRangeBody } from './support.js';

describe('parseQueryRange: the JSON of GET /api/v1/query_range', () => {
  it('turns each series into labels and numeric samples (values are strings in the API, NaN and +Inf included)', () => {
    const body = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'payment' }, values: [[10, '1'], [11, 'NaN'], [12, '+Inf']] }] } });
    const [s] = parseQueryRange(body, 'up.json');
    expect(s!.labels).toEqual({ __name__: 'up', job: 'payment' });
    expect([...s!.timesS]).toEqual([10, 11, 12]);
    expect([...s!.values]).toEqual([1, NaN, Infinity]);
  });

  it.each([
    ['not JSON', 'oops', /^x\.json: expected the JSON of a Prometheus query_range response/],
    ['an error response', JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }), /^x\.json: status: Prometheus answered an error: parse error/],
    ['an instant vector', JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }), /^x\.json: data\.resultType: expected "resultType":"matrix"/],
    ['times going backwards', queryRangeBody([{ metric: { __name__: 'a' }, values: [[2, 1], [1, 2]] }]), /^x\.json: data\.result\[0\]\.values\[1\]: series 0 \(a\{\}\): sample times must increase/],
  ])('refuses %s with one line naming the file', (_, body, message) => {
    expect(() => parseQueryRange(body, 'x.json')).toThrow(message);
  });

  it('names a series as Prometheus prints it', () => {
    expect(seriesName({ replica: '0', __name__: 'process_cpu_seconds_total', job: 'payment' })).toBe('process_cpu_seconds_total{job="payment",replica="0"}');
  });
});
