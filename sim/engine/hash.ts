/**
 * 32-bit integer hashing, shared by the random streams (seeding) and the operation mix (the
 * k6 iteration hash). Integer-only arithmetic: identical in Node and in k6. No imports, so the k6
 * bundle can include it.
 */

/** murmur3's 32-bit finaliser: a bijective mix of all bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}
