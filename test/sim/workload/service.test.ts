import { describe, expect, it } from 'vitest';
import type { SimConfig } from '../../../sim/model.js';
import { simulate } from '../../../sim/run.js';
import { baseConfig, replayAt } from '../../support/scenarios.js';
import { loadTuneInputs } from '../../../tune/inputs.js';
import { FLASH } from '../../tune/support.js';

/**
 * A Kubernetes Service reached through kube-proxy with keep-alive clients: the endpoint is chosen
 * per connection, not per request. Three Ready pods; every request takes 10 ms (downstream only).
 */
function run(times: number[], over: Partial<SimConfig> = {}) {
  return simulate(
    baseConfig({
      traffic: replayAt(times, (times[times.length - 1] as number) + 100),
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 0 }, downstream: { distribution: 'constant', valueMs: 10 }, memoryPerRequest: 0 }],
      pod: { ...baseConfig().pod, workers: 10, queueLimit: 10 },
      deployment: { replicas: 3 },
      routing: 'service',
      output: { intervalMs: 1000, drainMs: 1000, sketchAccuracy: 0.01, trace: true },
      ...over,
      lifecycle: { ...baseConfig().lifecycle, initialReady: 3 },
    }),
  ).trace!.map((t) => t.pod);
}

const oneAtATime = Array.from({ length: 30 }, (_, i) => i * 100);

describe('routing: a Service (kube-proxy, keep-alive connections)', () => {
  it('a client that reuses its connection sends every request to the pod that connection reached', () => {
    const pods = run(oneAtATime);
    expect(new Set(pods).size).toBe(1);
  });

  it('the ideal global rotation spreads the same requests evenly (global-round-robin)', () => {
    const pods = run(oneAtATime, { routing: 'global-round-robin' });
    expect([0, 1, 2].map((p) => pods.filter((x) => x === p).length)).toEqual([10, 10, 10]);
  });

  it('a connection idle beyond the keep-alive timeout is closed by the server: the next request opens one, drawn anew (iptables: at random)', () => {
    const pods = run(oneAtATime, { service: { proxyMode: 'iptables', keepAliveTimeoutMs: 50, clientNodes: 1, clients: 1 } });
    expect(new Set(pods).size).toBe(3);
  });

  it('IPVS round-robins new connections: three concurrent requests open three connections on three pods', () => {
    const pods = run([0, 1, 2], { service: { proxyMode: 'ipvs', keepAliveTimeoutMs: 5000, clientNodes: 1, clients: 1 } });
    expect([...pods].sort()).toEqual([0, 1, 2]);
  });

  it('the busiest connections pin their load: with a few concurrent requests most pods see uneven shares', () => {
    // Pairs of overlapping requests: two connections, so at most two of the three pods are used.
    const pairs = oneAtATime.flatMap((t) => [t, t + 1]);
    const pods = run(pairs, { service: { proxyMode: 'ipvs', keepAliveTimeoutMs: 5000, clientNodes: 1, clients: 1 } });
    const counts = [0, 1, 2].map((p) => pods.filter((x) => x === p).length);
    expect(counts.filter((c) => c === 0).length).toBe(1);
  });

  it('several callers keep pools of their own, requests dealt to them in turn: with IPVS, three clients one request at a time use three connections on three pods', () => {
    const pods = run(oneAtATime.slice(0, 9), { service: { proxyMode: 'ipvs', keepAliveTimeoutMs: 5000, clientNodes: 1, clients: 3 } });
    expect(pods).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it('one pool is a knife edge: in a flash sale the saturated first pod answers 503 at once, keeps the most recently used connections, and the pods the HPA adds get almost nothing; a few callers are enough to spread the load', () => {
    const [scenario] = loadTuneInputs([FLASH.scenario], FLASH.manifests).scenarios;
    const cfg = (scenario as { config: SimConfig }).config;
    const withClients = (clients: number) => simulate({ ...cfg, service: { ...cfg.service, clients } }).summary;
    const one = withClients(1);
    const many = withClients(16);
    const rotation = simulate({ ...cfg, routing: 'global-round-robin' }).summary;
    expect(one.errorRate).toBeGreaterThan(0.5);
    expect(one.replicas.max).toBeLessThan(rotation.replicas.max);
    expect(many.errorRate).toBeLessThan(rotation.errorRate + 0.1);
    expect(many.replicas.max).toBeGreaterThanOrEqual(rotation.replicas.max - 1);
  });
});
