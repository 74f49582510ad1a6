import { performance } from 'node:perf_hooks';
import type { Ms } from '../../sim/units.js';
import type { CpuClock } from './config.js';

/**
 * The synchronous CPU phase of a request (fixtures' service model, step 2).
 *
 * CPU_CLOCK=cpu spins until the *process* has consumed the op's CPU time (process.cpuUsage,
 * i.e. getrusage), so CPU contention (two replicas on one core, a noisy neighbour, a CFS quota)
 * stretches the wall time instead of silently shortening the work: a wall-bounded loop would
 * finish after 4 ms of wall time having done less than 4 ms of work and inflate capacity.
 * CPU_CLOCK=wall spins for wall time (process.hrtime).
 *
 * The loop allocates nothing per check: the spin is Smi arithmetic, and V8 removes the
 * `{ user, system }` object of process.cpuUsage() once the loop is optimised (an allocating
 * loop caused ~20 scavenges/s in the fixtures' first version).
 */

export interface BurnResult {
  /** Wall time the loop took. */
  readonly wallMs: Ms;
  /** Process CPU time consumed while it ran (all threads, as getrusage counts it). */
  readonly cpuUsedMs: Ms;
}

// ~5-10 µs of arithmetic between clock reads on a 2020s x86 core: the overshoot bound.
const SPIN_ITERATIONS = 2048;
let sink = 0;

/**
 * Burn `ms` of CPU (clock 'cpu') or of wall time (clock 'wall') synchronously.
 * Blocks the event loop for at least `ms` of wall time. ms <= 0 returns at once.
 * @example burnCpu(4, 'cpu').cpuUsedMs // ~4.01
 */
export function burnCpu(ms: Ms, clock: CpuClock): BurnResult {
  const wall0 = performance.now();
  const cpu0 = processCpuMicros();
  if (ms > 0) {
    if (clock === 'cpu') spinUntilCpu(cpu0, ms * 1000);
    else spinUntilWall(ms * 1e6);
  }
  const cpuUsedMs = (processCpuMicros() - cpu0) / 1000;
  return { wallMs: performance.now() - wall0, cpuUsedMs };
}

function spinUntilCpu(cpu0: number, targetMicros: number): void {
  while (processCpuMicros() - cpu0 < targetMicros) sink = spin(sink);
}

function spinUntilWall(targetNanos: number): void {
  const t0 = process.hrtime();
  for (;;) {
    sink = spin(sink);
    const [s, ns] = process.hrtime(t0);
    if (s * 1e9 + ns >= targetNanos) return;
  }
}

function processCpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

// xorshift32 on Smis: no heap numbers, and the result is kept so the loop cannot be elided.
function spin(seed: number): number {
  let x = seed | 1;
  for (let i = 0; i < SPIN_ITERATIONS; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
  }
  return x & 0x3fffffff;
}
