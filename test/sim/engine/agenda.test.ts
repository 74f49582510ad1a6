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
});
