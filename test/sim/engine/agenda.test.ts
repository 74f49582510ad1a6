import { describe, expect, it } from 'vitest';
import { Agenda } from '../../../sim/engine/agenda.js';

function drain(a: Agenda): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  while (a.pop()) out.push([a.time, a.kind, a.arg]);
  return out;
}

describe('the agenda', () => {
  it('pops events in time order', () => {
    const a = new Agenda(2);
    for (const t of [5, 1, 4, 2, 3]) a.push(t, 0, 0, t);
    expect(drain(a).map((e) => e[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('runs same-time events by priority, then first in first out', () => {
    const a = new Agenda();
    a.push(10, 2, 0, 1);
    a.push(10, 1, 0, 2);
    a.push(10, 2, 0, 3);
    a.push(10, 1, 0, 4);
    a.push(9, 9, 0, 5);
    expect(drain(a).map((e) => e[2])).toEqual([5, 2, 4, 1, 3]);
  });

  it('keeps FIFO order among thousands of ties while growing', () => {
    const a = new Agenda(4);
    for (let i = 0; i < 5000; i++) a.push(7, 0, 0, i);
    const args = drain(a).map((e) => e[2]);
    expect(args).toEqual([...Array(5000).keys()]);
  });

  it('reports the next time and size', () => {
    const a = new Agenda();
    expect(a.peekTime()).toBe(Infinity);
    a.push(3, 0, 1, 0, 42);
    expect(a.size).toBe(1);
    expect(a.peekTime()).toBe(3);
    a.pop();
    expect([a.time, a.kind, a.token]).toEqual([3, 1, 42]);
    expect(a.pop()).toBe(false);
  });

  describe('timers (one pending event per id, moved in place)', () => {
    it('run in time order with pushed events, by priority then order of setting at equal times', () => {
      const a = new Agenda();
      a.push(10, 1, 0, 1);
      a.set(0, 10, 1, 1, 2);
      a.push(10, 1, 0, 3);
      a.set(1, 5, 9, 1, 4);
      a.push(10, 0, 0, 5);
      expect(drain(a).map((e) => e[2])).toEqual([4, 5, 1, 2, 3]);
    });

    it('setting a timer again moves it: it runs once, at its last time, ordered as if pushed then', () => {
      const a = new Agenda();
      a.set(3, 20, 1, 1, 7);
      a.push(15, 1, 0, 1);
      a.set(3, 15, 1, 1, 8);
      a.push(15, 1, 0, 2);
      expect(a.size).toBe(3);
      expect(drain(a).map((e) => [e[0], e[2]])).toEqual([
        [15, 1],
        [15, 8],
        [15, 2],
      ]);
    });

    it('a cancelled timer never runs; cancelling one not set does nothing', () => {
      const a = new Agenda();
      a.set(0, 1, 0, 1, 1);
      a.set(40, 2, 0, 1, 2);
      a.cancel(0);
      a.cancel(5);
      a.cancel(1000);
      expect(a.isSet(0)).toBe(false);
      expect(a.isSet(40)).toBe(true);
      expect(a.peekTime()).toBe(2);
      expect(drain(a).map((e) => e[2])).toEqual([2]);
      expect(a.isSet(40)).toBe(false);
    });

    it('give the same order as pushing every move and ignoring the stale ones (random moves)', () => {
      // A pseudo-random schedule of moves on 50 ids, against the pushed-with-versions equivalent.
      let x = 12345;
      const rnd = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
      const timers = new Agenda();
      const pushed = new Agenda();
      const version = new Array<number>(50).fill(0);
      for (let k = 0; k < 5000; k++) {
        const id = Math.floor(rnd() * 50);
        const t = Math.floor(rnd() * 100);
        if (rnd() < 0.1) {
          timers.cancel(id);
          version[id] = (version[id] as number) + 1;
          continue;
        }
        timers.set(id, t, 1, 2, id, k);
        version[id] = (version[id] as number) + 1;
        pushed.push(t, 1, 2, id, version[id] as number);
      }
      const fromTimers = drain(timers).map((e) => [e[0], e[2]]);
      const fromPushed: number[][] = [];
      while (pushed.pop()) if (pushed.token === version[pushed.arg]) fromPushed.push([pushed.time, pushed.arg]);
      expect(fromTimers).toEqual(fromPushed);
    });
  });

  it('an event source outside the agenda resolves ties as if pushed when its order is reserved', () => {
    const a = new Agenda();
    a.push(10, 5, 0, 1);
    const order = a.reserve(5); // an outside event at 10, priority 5, "pushed" after event 1
    a.push(10, 5, 0, 2);
    a.set(0, 10, 4, 0, 3);
    expect(a.runsBefore(10, order)).toBe(true); // the timer at priority 4
    a.pop();
    expect(a.runsBefore(10, order)).toBe(true); // event 1, pushed earlier
    a.pop();
    expect(a.runsBefore(10, order)).toBe(false); // event 2 was pushed after the reservation
    expect(a.runsBefore(9.5, a.reserve(0))).toBe(false);
    expect(a.runsBefore(10.5, a.reserve(9))).toBe(true);
  });
});


describe('the agenda against a plain sorted list', () => {
  /** The reference: every pending event in a list, the smallest (time, priority, sequence) popped first. */
  class Reference {
    private items: Array<{ t: number; p: number; s: number; arg: number; id: number }> = [];
    private seq = 0;
    push(t: number, p: number, arg: number, id = -1): void {
      if (id >= 0) this.items = this.items.filter((e) => e.id !== id);
      this.items.push({ t, p, s: this.seq++, arg, id });
    }
    cancel(id: number): void {
      this.items = this.items.filter((e) => e.id !== id);
    }
    pop(): { t: number; arg: number } | null {
      if (this.items.length === 0) return null;
      let b = 0;
      this.items.forEach((e, i) => {
        const x = this.items[b] as { t: number; p: number; s: number };
        if (e.t < x.t || (e.t === x.t && (e.p < x.p || (e.p === x.p && e.s < x.s)))) b = i;
      });
      const [e] = this.items.splice(b, 1);
      return e ? { t: e.t, arg: e.arg } : null;
    }
    get size(): number {
      return this.items.length;
    }
  }

  // Delays over many scales (the slot width adapts, events leave and enter its window), ties at
  // equal times, timers moved and cancelled, events before the last one popped.
  for (const [name, delay] of [
    ['sub-millisecond service times', (u: number) => u * 0.01],
    ['milliseconds with a long tail', (u: number) => 5 * Math.exp(4 * (u - 0.5))],
    ['seconds to hours', (u: number) => 1000 * 3600 ** u],
    ['equal times (ties)', (u: number) => Math.floor(u * 4)],
  ] as const) {
    it(`pops in the same order: ${name}`, () => {
      let x = 2024;
      const rnd = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
      const a = new Agenda(4);
      const ref = new Reference();
      let now = 0;
      for (let k = 0; k < 30_000; k++) {
        const u = rnd();
        if (u < 0.45) {
          const t = rnd() < 0.01 ? now - 1 : now + delay(rnd());
          const p = Math.floor(rnd() * 3);
          a.push(t, p, 0, k);
          ref.push(t, p, k);
        } else if (u < 0.6) {
          const id = Math.floor(rnd() * 40);
          const t = now + delay(rnd());
          a.set(id, t, 1, 0, k);
          ref.push(t, 1, k, id);
        } else if (u < 0.62) {
          const id = Math.floor(rnd() * 40);
          a.cancel(id);
          ref.cancel(id);
        } else {
          const e = ref.pop();
          expect(a.pop()).toBe(e !== null);
          if (e === null) continue;
          expect([a.time, a.arg]).toEqual([e.t, e.arg]);
          now = Math.max(now, e.t);
        }
        expect(a.size).toBe(ref.size);
      }
      for (let e = ref.pop(); e !== null; e = ref.pop()) {
        expect(a.pop()).toBe(true);
        expect([a.time, a.arg]).toEqual([e.t, e.arg]);
      }
      expect(a.pop()).toBe(false);
    });
  }
});
