/**
 * Deterministic mutations of an input file, for the fuzzing campaign: the kinds of damage
 * that broke capsim's readers (wrong types, nulls and lists where scalars belong, numbers
 * out of range, YAML aliases and deep nesting, control characters, truncation, flipped bits).
 * Same seed, same mutation.
 */

/** A small, fast PRNG (mulberry32): the campaign is reproducible from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values that readers have assumed away: each is valid YAML or JSON somewhere. */
export const TOKENS: readonly string[] = [
  'null', '~', '', '[]', '{}', '[500m]', '{a: 1}', '-1', '0', '-0', '1e999', '-1e999', '.inf', '.nan', '0.0000001',
  '2147483648', '123456789012', '9223372036854775808', '1e15', 'true', 'yes', '0x1F', '"500 m"', '"thirty"',
  '"2026-99-99T99:99:99Z"', '9999999999999', '0000-01-01T00:00:00Z', '"a\\nb"', '"\\u0000"', '"\\ufeff"',
  '"fast please"', '[[[[[[[[[[1]]]]]]]]]]', '{"type": 1}', '"%"', '".."', '-100', '1ns', '0s', '-5s',
];

/** Keys that are close to real ones (misspelt) or wrong. */
const KEYS: readonly string[] = ['averageUtilisation', 'scaleDownn', 'replica', 'resource', 'limits', 'group', 'tags', '"a\\nb"', '<<'];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/**
 * One to three mutations of `text`. Lines keep their indentation where a value is replaced,
 * so most mutants still parse and reach the reader's own checks.
 */
export function mutateText(text: string, r: () => number): string {
  let out = text;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) out = pick(r, OPERATORS)(out, r);
  return out;
}

type Operator = (text: string, r: () => number) => string;

const lines = (t: string): string[] => t.split('\n');
const lineIndex = (ls: readonly string[], r: () => number): number => Math.floor(r() * Math.max(1, ls.length));

const OPERATORS: readonly Operator[] = [
  // Replace a scalar value (YAML `key: value`, JSON `"key": value`, or a CSV cell).
  (t, r) => {
    const ls = lines(t);
    const i = lineIndex(ls, r);
    const l = ls[i] ?? '';
    const m = /^(\s*-?\s*"?[\w.\-/]+"?\s*:\s*)(.*?)(,?)$/.exec(l);
    if (m) ls[i] = `${m[1]}${pick(r, TOKENS)}${m[3]}`;
    else if (l.includes(',')) {
      const cells = l.split(',');
      cells[Math.floor(r() * cells.length)] = pick(r, TOKENS);
      ls[i] = cells.join(',');
    } else ls[i] = pick(r, TOKENS);
    return ls.join('\n');
  },
  // Misspell or replace a key.
  (t, r) => {
    const ls = lines(t);
    const i = lineIndex(ls, r);
    ls[i] = (ls[i] ?? '').replace(/^(\s*-?\s*)"?([\w.\-/]+)"?(\s*:)/, (_, pre: string, key: string, colon: string) => `${pre}${r() < 0.5 ? pick(r, KEYS) : `${key}${key.slice(-1)}`}${colon}`);
    return ls.join('\n');
  },
  // Delete, duplicate or swap lines.
  (t, r) => {
    const ls = lines(t);
    const i = lineIndex(ls, r);
    const k = 1 + Math.floor(r() * 3);
    ls.splice(i, k);
    return ls.join('\n');
  },
  (t, r) => {
    const ls = lines(t);
    const i = lineIndex(ls, r);
    ls.splice(i, 0, ls[i] ?? '');
    return ls.join('\n');
  },
  (t, r) => {
    const ls = lines(t);
    const [i, j] = [lineIndex(ls, r), lineIndex(ls, r)];
    [ls[i], ls[j]] = [ls[j] ?? '', ls[i] ?? ''];
    return ls.join('\n');
  },
  // Truncate anywhere (a killed writer).
  (t, r) => t.slice(0, Math.floor(r() * t.length)),
  // Flip one character.
  (t, r) => {
    if (t.length === 0) return '\u0000';
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << Math.floor(r() * 7))) + t.slice(i + 1);
  },
  // Deep nesting where a value belongs.
  (t, r) => {
    const depth = pick(r, [100, 10_000, 100_000]);
    const ls = lines(t);
    const i = lineIndex(ls, r);
    ls[i] = (ls[i] ?? '').replace(/:\s*(.*)$/, `: ${'['.repeat(depth)}${']'.repeat(depth)}`);
    return ls.join('\n');
  },
  // YAML anchors and many aliases (101 harmless uses, or a nested "bomb").
  (t, r) => {
    const bomb = r() < 0.5;
    const extra = bomb
      ? `x0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n${Array.from({ length: 8 }, (_, k) => `x${k + 1}: &a${k + 1} [${Array(10).fill(`*a${k}`).join(', ')}]`).join('\n')}\n`
      : `x: &x "v"\nxs: [${Array(101).fill('*x').join(', ')}]\n`;
    return r() < 0.5 ? extra + t : t + '\n' + extra;
  },
  // Control characters, a BOM, CRLF line ends.
  (t, r) => pick(r, ['\ufeff' + t, t.replace(/\n/g, '\r\n'), t.replace(/:/, ':\u001b[31m'), t + '\u0000\u0007', t.replace(/\n/, '\n\t')]),
];

/** Damage to a binary (gzip) file: truncation or one flipped bit. */
export function mutateBytes(buf: Buffer, r: () => number): Buffer {
  if (buf.length === 0 || r() < 0.5) return buf.subarray(0, Math.floor(r() * buf.length));
  const out = Buffer.from(buf);
  const i = Math.floor(r() * out.length);
  out[i] = (out[i] as number) ^ (1 << Math.floor(r() * 8));
  return out;
}
