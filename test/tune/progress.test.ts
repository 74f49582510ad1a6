import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../cli/io.js';
import { createProgress } from '../../tune/progress.js';

describe('progress when stderr is not a terminal (CI, a Kubernetes Job)', () => {
  it('prints one plain line per tenth of the work, with the time elapsed and an estimate of the time left', () => {
    const io = memoryIo();
    let t = 0;
    const p = createProgress(io, 'capsim tune', () => t);
    for (let done = 1; done <= 20; done++) {
      t = done * 1000; // one simulation per second
      p.update(done, 20);
    }
    p.stop();
    const lines = io.stderr().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('capsim tune: 1/20 simulations (5%), 1s elapsed, about 19s left');
    expect(lines[1]).toBe('capsim tune: 2/20 simulations (10%), 2s elapsed, about 18s left');
    expect(lines.at(-1)).toBe('capsim tune: 20/20 simulations (100%), 20s elapsed, about 0s left');
  });
});

describe('progress on a terminal', () => {
  it('draws a cli-progress bar with the ETA on the CLI stderr', () => {
    const io = { ...memoryIo(), interactive: true };
    const out: string[] = [];
    const p = createProgress({ ...io, err: (s) => out.push(s) }, 'capsim tune');
    p.update(5, 10);
    p.stop();
    expect(out.join('')).toMatch(/capsim tune \[.*\] 50% \| 5\/10 simulations \| .* elapsed \| ETA /);
  });
});
