import { describe, expect, it } from 'vitest';
import { ContainerState, DEFAULT_RECOMMENDER_CONFIG, type SampleSink } from '../../../../sim/autoscaling/vpa/index.js';
import { CONTAINER_CASES, type Call } from '../../../fixtures/upstream/vpa/containerCases.js';

/** Records what the container sends to its aggregate (upstream uses mock histograms). */
function recorder(): SampleSink & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    addCpuSample: (m, at) => void calls.push(['cpu', m, at]),
    addMemoryPeak: (b, at) => void calls.push(['addPeak', b, at]),
    subtractMemoryPeak: (b, at) => void calls.push(['subtractPeak', b, at]),
  };
}

describe('container state (upstream recommender/model/container_test.go)', () => {
  it.each(CONTAINER_CASES)('$name', (c) => {
    const sink = recorder();
    const container = new ContainerState(sink, {
      ...DEFAULT_RECOMMENDER_CONFIG,
      memoryAggregationIntervalMs: c.intervalMs ?? DEFAULT_RECOMMENDER_CONFIG.memoryAggregationIntervalMs,
    });
    for (const [kind, at, value, accepted] of c.ops) {
      const ok =
        kind === 'cpu' ? container.addCpuSample(value, at) : kind === 'memory' ? container.addMemorySample(value, at) : container.recordOom(at, value);
      expect(ok, `${kind} at ${at}`).toBe(accepted);
    }
    expect(sink.calls).toEqual(c.calls);
  });

  it('quirk kept from upstream: a window whose first peak was 0 bytes never records a larger one', () => {
    const sink = recorder();
    const container = new ContainerState(sink, DEFAULT_RECOMMENDER_CONFIG);
    container.addMemorySample(0, 0);
    container.addMemorySample(500, 1000);
    expect(sink.calls).toEqual([['addPeak', 0, 86_400_000]]);
  });

  it('an OOM in a later window bumps the old window peak, read before the window moves (vpa.md §5.5)', () => {
    const sink = recorder();
    const container = new ContainerState(sink, DEFAULT_RECOMMENDER_CONFIG);
    const MB = 1024 * 1024;
    container.addMemorySample(2000 * MB, 0);
    container.recordOom(2 * 86_400_000, 1000 * MB);
    expect(sink.calls.at(-1)).toEqual(['addPeak', 2400 * MB, 3 * 86_400_000]);
  });
});
