import { describe, expect, it } from 'vitest';
import { recognise } from '../../../calibration/prometheus/telemetry.js';
import { series } from './support.js';

const t = (n: number): [number, number][] => [[100, n], [101, n + 1]];

describe('recognise: the series capsim needs, found by name and labels', () => {
  it("a process's own counters: CPU per replica, requests by op and status, the duration histogram's sum and count", () => {
    const tel = recognise(
      [
        series({ __name__: 'process_cpu_seconds_total', replica: '0' }, t(1)),
        series({ __name__: 'process_cpu_seconds_total', replica: '1' }, t(2)),
        series({ __name__: 'http_requests_total', replica: '0', op: 'authorize', status: '200' }, t(3)),
        series({ __name__: 'http_requests_total', replica: '1', op: 'authorize', status: '503' }, t(4)),
        series({ __name__: 'http_request_duration_seconds_sum', replica: '0', op: 'authorize', status: '200' }, t(5)),
        series({ __name__: 'http_request_duration_seconds_count', replica: '0', op: 'authorize', status: '200' }, t(6)),
      ],
      'dir',
    );
    expect(tel.pods.map((p) => [p.pod, p.podLabel, p.cpuMetric, p.requests.map((r) => `${r.op}/${r.status}`)])).toEqual([
      ['0', 'replica', 'process_cpu_seconds_total', ['authorize/200']],
      ['1', 'replica', 'process_cpu_seconds_total', ['authorize/503']],
    ]);
    expect(tel.pods[0]!.durationSum).toHaveLength(1);
    expect(tel.spanS).toEqual([100, 101]);
  });

  it("cAdvisor's container_cpu_usage_seconds_total per pod, leaving out the pod total (container=\"\") and the pause container (POD)", () => {
    const tel = recognise(
      [
        series({ __name__: 'container_cpu_usage_seconds_total', pod: 'pay-a', container: 'pay' }, t(1)),
        series({ __name__: 'container_cpu_usage_seconds_total', pod: 'pay-a', container: '' }, t(9)),
        series({ __name__: 'container_cpu_usage_seconds_total', pod: 'pay-a', container: 'POD' }, t(9)),
        series({ __name__: 'process_cpu_seconds_total', pod: 'pay-a' }, t(9)),
      ],
      'dir',
    );
    expect(tel.pods).toHaveLength(1);
    expect(tel.pods[0]!.cpuMetric).toBe('container_cpu_usage_seconds_total');
    expect(tel.pods[0]!.cpu.map((s) => s.labels.container)).toEqual(['pay']);
  });

  it("for validate: the histogram's buckets (le as a number, +Inf as Infinity) and the busy-worker and queue-length gauges, per pod", () => {
    const tel = recognise(
      [
        series({ __name__: 'process_cpu_seconds_total', replica: '0' }, t(1)),
        series({ __name__: 'process_cpu_seconds_total', replica: '1' }, t(1)),
        series({ __name__: 'http_request_duration_seconds_bucket', replica: '0', op: 'authorize', status: '200', le: '0.015' }, t(2)),
        series({ __name__: 'http_request_duration_seconds_bucket', replica: '0', op: 'authorize', status: '200', le: '+Inf' }, t(3)),
        series({ __name__: 'payment_workers_busy', replica: '1' }, t(4)),
        series({ __name__: 'payment_queue_length', replica: '0' }, t(5)),
        series({ __name__: 'nodejs_eventloop_lag_seconds', replica: '0' }, t(6)),
      ],
      'dir',
    );
    expect(tel.pods[0]!.durationBucket.map((b) => [b.op, b.status, b.le])).toEqual([
      ['authorize', '200', 0.015],
      ['authorize', '200', Infinity],
    ]);
    expect(tel.pods.map((p) => [p.busyWorkers.length, p.queueLength.length])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('refuses an export without a CPU counter, naming the source and the series it has', () => {
    expect(() => recognise([series({ __name__: 'http_requests_total', op: 'a' }, t(1))], 'run/prometheus')).toThrow(
      'run/prometheus: no CPU seconds counter: expected a series named container_cpu_usage_seconds_total or process_cpu_seconds_total, found http_requests_total',
    );
  });

  it('refuses a label match that matches no pod, showing the pods there are', () => {
    expect(() => recognise([series({ __name__: 'process_cpu_seconds_total', replica: '0' }, t(1))], 'dir', [{ name: 'replica', value: '7' }])).toThrow(
      'dir: --prometheus-match: the label match replica="7" matches no pod\'s CPU series; expected one of: process_cpu_seconds_total{replica="0"}',
    );
  });
});
