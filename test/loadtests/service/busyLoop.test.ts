import { describe, expect, it } from 'vitest';
import { burnCpu } from '../../../loadtests/service/busyLoop.js';

// Small budgets only: the machine's two cores are shared.
describe('burnCpu', () => {
  it('CPU_CLOCK=cpu: consumes at least the requested process CPU time, and not much more', () => {
    for (let i = 0; i < 5; i++) {
      const r = burnCpu(3, 'cpu');
      expect(r.cpuUsedMs).toBeGreaterThanOrEqual(3);
      // Overshoot is one spin chunk (µs) unless a GC or a hypervisor stall lands inside the loop.
      expect(r.cpuUsedMs).toBeLessThan(3 + 20);
      // Process CPU counts every thread (GC, the test runner's workers), so the loop's wall time can
      // be well below its CPU budget when other threads are busy: only check that it did spin.
      expect(r.wallMs).toBeGreaterThan(0);
    }
  });

  it('CPU_CLOCK=wall: spins for at least the requested wall time', () => {
    const r = burnCpu(3, 'wall');
    expect(r.wallMs).toBeGreaterThanOrEqual(3);
  });

  it.each(['cpu', 'wall'] as const)('CPU_CLOCK=%s with 0 ms returns at once', (clock) => {
    expect(burnCpu(0, clock).wallMs).toBeLessThan(50);
  });
});
