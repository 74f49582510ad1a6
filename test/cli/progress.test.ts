import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../cli/io.js';
import { createProgress } from '../../cli/progress.js';

describe('progress of a long command when stderr is not a terminal (CI logs)', () => {
  it('prints a line about every 10 s with the time elapsed and an estimate of the time left, and a last one when done', () => {
    const io = memoryIo();
    let t = 0;
    const p = createProgress(io, 'capsim run black-friday', { unit: 'simulated h', decimals: 1, now: () => t });
    // 24 simulated hours at 1 simulated hour per 2 s of wall clock, updated every simulated 5 min.
    for (let m = 5; m <= 24 * 60; m += 5) {
      t = (m / 60) * 2000;
      p.update(m / 60, 24);
    }
    p.stop();
    const lines = io.stderr().trim().split('\n');
    expect(lines[0]).toBe('capsim run black-friday: 5.0/24.0 simulated h (21%), 10s elapsed, about 38s left');
    expect(lines).toHaveLength(5); // at 10, 20, 30 and 40 s, then done at 48 s
    expect(lines.at(-1)).toBe('capsim run black-friday: 24.0/24.0 simulated h (100%), 48s elapsed, done');
  });

  it('before the first unit is done, says the time left is not known yet (never "done")', () => {
    const io = memoryIo();
    let t = 0;
    const p = createProgress(io, 'capsim tune', { unit: 'simulations', decimals: 1, now: () => t });
    t = 12_000;
    p.update(0, 38);
    expect(io.stderr()).toBe('capsim tune: 0.0/38.0 simulations (0%), 12s elapsed, time left not known yet\n');
  });

  it('says nothing for work that ends within the first 10 s', () => {
    const io = memoryIo();
    let t = 0;
    const p = createProgress(io, 'capsim run', { unit: 'simulated h', now: () => t });
    for (let i = 1; i <= 10; i++) {
      t = i * 500;
      p.update(i, 10);
    }
    expect(io.stderr()).toBe('');
  });
});

describe('progress on a terminal', () => {
  it('draws a bar with the share done, the units and an ETA', () => {
    const out: string[] = [];
    const p = createProgress({ err: (s) => void out.push(s), interactive: true }, 'capsim run', { unit: 'simulated h', decimals: 1 });
    p.update(6, 24);
    p.stop();
    expect(out.join('')).toMatch(/capsim run \[.*\] 25% \| 6\.0\/24\.0 simulated h \| .* elapsed \| ETA /);
  });
});
