import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../../loadtests/service/workerPool.js';

describe('createWorkerPool: W slots, FIFO queue of at most QMAX waiting', () => {
  it('starts requests at once while a slot is free', () => {
    const pool = createWorkerPool(2, 0);
    const ran: string[] = [];
    expect(pool.acquire(() => ran.push('a'))).toBe('started');
    expect(pool.acquire(() => ran.push('b'))).toBe('started');
    expect(ran).toEqual(['a', 'b']);
    expect([pool.busy, pool.waiting]).toEqual([2, 0]);
  });

  it('queues when W are busy, and refuses when QMAX are already waiting', () => {
    const pool = createWorkerPool(1, 2);
    const ran: string[] = [];
    const outcomes = ['a', 'b', 'c', 'd'].map((id) => pool.acquire(() => ran.push(id)));
    expect(outcomes).toEqual(['started', 'queued', 'queued', 'rejected']);
    expect([pool.busy, pool.waiting]).toEqual([1, 2]);
    expect(ran).toEqual(['a']);
  });

  it('hands a released slot to the longest-waiting request before release returns', () => {
    const pool = createWorkerPool(1, 8);
    const ran: string[] = [];
    for (const id of ['a', 'b', 'c']) pool.acquire(() => ran.push(id));
    pool.release();
    expect(ran).toEqual(['a', 'b']);
    pool.release();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect([pool.busy, pool.waiting]).toEqual([1, 0]);
    pool.release();
    expect([pool.busy, pool.waiting]).toEqual([0, 0]);
  });

  it('QMAX 0 means no queue at all', () => {
    const pool = createWorkerPool(1, 0);
    pool.acquire(() => undefined);
    expect(pool.acquire(() => undefined)).toBe('rejected');
  });

  it.each([
    { name: 'release without a held slot', act: () => createWorkerPool(1, 1).release(), message: /without a held slot/ },
    { name: 'zero slots', act: () => createWorkerPool(0, 1), message: /size must be an integer >= 1/ },
  ])('throws on $name', ({ act, message }) => {
    expect(act).toThrow(message);
  });
});
