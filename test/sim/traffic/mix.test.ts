import { describe, expect, it } from 'vitest';
import { makeMix, pickByUniform, pickFrom, pickStarts, PICK_BUCKETS } from '../../../sim/traffic/mix.js';
import { Rng } from '../../../sim/engine/rng.js';

describe('pickFrom: the operation search started from a table of buckets', () => {
  const mixes: [string, Record<string, number>][] = [
    ['one operation', { a: 1 }],
    ['the bench mix 70/20/10', { authorize: 70, capture: 20, refund: 10 }],
    ['black-friday mix 60/25/5/3/7', { authorize: 60, capture: 25, refund: 5, void: 3, balance: 7 }],
    ['zero weights between', { a: 1, b: 0, c: 0, d: 3 }],
    ['operations narrower than a bucket', { a: 1, b: 0.001, c: 0.0005, d: 0.0001, e: 2 }],
    ['boundaries on bucket edges', { a: 1, b: 1, c: 2 }],
  ];
  for (const [name, weights] of mixes) {
    it(`gives pickByUniform's operation for every u (${name})`, () => {
      const mix = makeMix(weights);
      const starts = pickStarts(mix);
      const rng = new Rng(1, 'mix-test');
      const us: number[] = [0, 1 - 2 ** -53];
      for (let j = 0; j < PICK_BUCKETS; j++) us.push(j / PICK_BUCKETS, (j + 1) / PICK_BUCKETS - 2 ** -53);
      for (const c of mix.cumulative) us.push(c, c - 2 ** -53, Math.min(c + 2 ** -53, 1 - 2 ** -53));
      for (let i = 0; i < 20_000; i++) us.push(rng.next());
      for (const u of us) if (u >= 0 && u < 1) expect(pickFrom(mix, starts, u)).toBe(pickByUniform(mix, u));
    });
  }
});
