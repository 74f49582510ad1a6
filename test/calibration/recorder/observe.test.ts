import { describe, expect, test } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { isoTime, observePod } from '../../../calibration/recorder/observe.js';
import { podUsages } from '../../../calibration/recorder/podMetrics.js';

describe('isoTime: the informer cache holds listed objects (Date) and watched ones (string)', () => {
  const cases = [
    { name: 'RFC 3339 string from a watch event', value: '2026-11-25T18:00:41Z', expected: '2026-11-25T18:00:41.000Z' },
    { name: 'Date from the list (ObjectSerializer)', value: new Date('2026-11-25T18:00:41Z'), expected: '2026-11-25T18:00:41.000Z' },
    { name: 'MicroTime with fraction and offset', value: '2026-11-25T19:00:41.123456+01:00', expected: '2026-11-25T18:00:41.123Z' },
    { name: 'absent', value: undefined, expected: null },
    { name: 'not a time', value: 'soon', expected: null },
  ];
  test.each(cases)('$name', ({ value, expected }) => {
    expect(isoTime(value)).toBe(expected);
  });
});

describe('observePod', () => {
  test('a pending pod without status, node or requests', () => {
    const pod = { metadata: { name: 'p', creationTimestamp: new Date('2026-11-25T18:00:00Z') }, spec: { containers: [{ name: 'app' }] } } as V1Pod;
    expect(observePod(pod, 'added')).toEqual({
      kind: 'pod',
      event: 'added',
      name: 'p',
      phase: null,
      ready: false,
      readyTransitionTime: null,
      startTime: null,
      creationTimestamp: '2026-11-25T18:00:00.000Z',
      deletionTimestamp: null,
      node: null,
      restarts: 0,
      requests: { cpuMillicores: null, memoryBytes: null },
    });
  });
});

describe('podUsages (metrics.k8s.io/v1beta1 PodMetricsList)', () => {
  test('sums containers, rounds CPU up to millicores as MilliValue, parses the window, sorts by pod', () => {
    const body = {
      kind: 'PodMetricsList',
      items: [
        { metadata: { name: 'b' }, timestamp: '2026-11-25T18:02:00Z', window: '1m0.5s', containers: [{ name: 'app', usage: { cpu: '2500001n', memory: '1Ki' } }] },
        { metadata: { name: 'a' }, containers: [{ name: 'app', usage: { cpu: '1', memory: '1Mi' } }, { name: 'side', usage: { cpu: '10m', memory: '0' } }] },
      ],
    };
    expect(podUsages(body)).toEqual([
      { name: 'a', cpuMillicores: 1010, memoryBytes: 1048576, timestamp: null, windowMs: null },
      { name: 'b', cpuMillicores: 3, memoryBytes: 1024, timestamp: '2026-11-25T18:02:00.000Z', windowMs: 60_500 },
    ]);
  });
  test('an empty or missing list', () => {
    expect(podUsages({ items: [] })).toEqual([]);
    expect(podUsages(null)).toEqual([]);
  });
});
