import { describe, expect, it } from 'vitest';
import { ClientDeadlines } from '../../../sim/workload/clientDeadlines.js';

describe('client deadlines (requests in arrival order, by slot and generation)', () => {
  it('skips the requests that ended (their slot moved to another generation) and gives the oldest alive', () => {
    const gen = new Int32Array(8);
    const d = new ClientDeadlines();
    for (let s = 0; s < 5; s++) d.push(s, gen[s] as number, gen);
    gen[0] = 1; // request in slot 0 ended
    gen[1] = 2; // slot 1 ended and holds a newer request
    expect(d.firstLive(gen)).toBe(2);
    expect(d.size).toBe(3);
    d.shift();
    gen[3] = 1;
    expect(d.firstLive(gen)).toBe(4);
    d.shift();
    expect(d.firstLive(gen)).toBe(-1);
    expect(d.size).toBe(0);
  });

  it('stays bounded by the requests alive, in arrival order, however many pass through', () => {
    const gen = new Int32Array(64);
    const d = new ClientDeadlines();
    // A million requests, at most 40 alive at once (slots reused round robin): the ring never
    // needs more than its first allocation, and the order of the live ones is kept.
    for (let k = 0; k < 1_000_000; k++) {
      const s = k % 40;
      gen[s] = (gen[s] as number) + 1; // the previous request in the slot ended, a new one starts
      d.push(s, gen[s] as number, gen);
    }
    expect(d.size).toBeLessThanOrEqual(1024);
    const order: number[] = [];
    for (let r = d.firstLive(gen); r >= 0; r = d.firstLive(gen)) {
      order.push(r);
      d.shift();
    }
    expect(order).toEqual([...Array(40).keys()].map((i) => (1_000_000 - 40 + i) % 40));
  });

  it('grows when most entries are alive, keeping their order', () => {
    const gen = new Int32Array(5000);
    const d = new ClientDeadlines();
    for (let s = 0; s < 5000; s++) d.push(s, 0, gen);
    for (let s = 0; s < 5000; s += 2) gen[s] = 1;
    const order: number[] = [];
    for (let r = d.firstLive(gen); r >= 0; r = d.firstLive(gen)) {
      order.push(r);
      d.shift();
    }
    expect(order).toEqual([...Array(2500).keys()].map((i) => 2 * i + 1));
  });
});
