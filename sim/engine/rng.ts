import { hashString } from './hash.js';
import { EXP_R, expF, expK, expW, NOR_R, norF, norK, norW } from './ziggurat.js';

export { hashString };

/**
 * Seeded random streams. Every consumer (arrivals, each operation's service times, routing,
 * the operation mix, start-up delays...) draws from its own named stream, so adding a draw in
 * one place does not shift the numbers of another and runs stay comparable across versions.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 32-bit state words, seeded by splitmix32 from a
 * hash of (seed, stream name). Doubles take 53 random bits from two outputs.
 */
export class Rng {
  // The state words as int32 (what the generator's bit operations read them as), initialised
  // where declared: V8 then keeps them as small integers instead of tagged values or boxed
  // doubles (a field declared without a value starts as undefined; a uint32 above 2^31 is a double).
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  // The ziggurats' tables of the common case, held by each stream: read through a field, a table
  // costs a load, where an imported binding costs a load and a check for the uninitialised binding.
  private readonly expK = expK;
  private readonly expW = expW;
  private readonly norK = norK;
  private readonly norW = norW;

  constructor(seed: number, stream: string) {
    let s = (hashString(stream) ^ Math.imul(seed | 0, 0x9e3779b1) ^ ((seed / 4294967296) | 0)) >>> 0;
    const next = (): number => {
      // splitmix32
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next() | 0;
    this.b = next() | 0;
    this.c = next() | 0;
    this.d = next() | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    // The rotations written out: a call to a module function, even inlined, costs a check of its identity.
    const b5 = Math.imul(this.b, 5);
    const result = Math.imul((b5 << 7) | (b5 >>> 25), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in (0, 1]: safe for -log(u). */
  nextOpen(): number {
    return 1 - this.next();
  }

  /** Exponential draw with mean 1 (ziggurat, see ziggurat.ts). */
  exp1(): number {
    const jz = this.nextUint32();
    const iz = jz & 255;
    if (jz < (this.expK[iz] as number)) return jz * (this.expW[iz] as number);
    return this.expTail(jz, iz);
  }

  /**
   * Fill `out` with `scale` × exp1() draws, the same numbers in the same order. The common case
   * (about 99%) is inline, each double written straight into the array: a double returned from
   * a call V8 does not inline is a heap allocation.
   */
  fillExp(out: Float64Array, scale: number): void {
    const K = this.expK;
    const W = this.expW;
    for (let i = 0; i < out.length; i++) {
      const jz = this.nextUint32();
      const iz = jz & 255;
      if (jz < (K[iz] as number)) out[i] = scale * (jz * (W[iz] as number));
      else out[i] = scale * this.expTail(jz, iz);
    }
  }

  /** The rest of exp1 after its first draw `jz` (layer `iz`) missed the layer's rectangle. */
  private expTail(jz: number, iz: number): number {
    for (;;) {
      if (iz === 0) return EXP_R - Math.log(this.nextOpen());
      const x = jz * (expW[iz] as number);
      if ((expF[iz] as number) + this.next() * ((expF[iz - 1] as number) - (expF[iz] as number)) < Math.exp(-x)) return x;
      jz = this.nextUint32();
      iz = jz & 255;
      if (jz < (expK[iz] as number)) return jz * (expW[iz] as number);
    }
  }

  /** Standard normal draw (ziggurat, see ziggurat.ts). */
  normal(): number {
    let hz = this.nextUint32() | 0;
    let iz = hz & 127;
    const abs = hz < 0 ? -hz : hz;
    if (abs < (this.norK[iz] as number)) return hz * (this.norW[iz] as number);
    for (;;) {
      let x = hz * (norW[iz] as number);
      if (iz === 0) {
        let y: number;
        do {
          x = -Math.log(this.nextOpen()) / NOR_R;
          y = -Math.log(this.nextOpen());
        } while (y + y < x * x);
        return hz > 0 ? NOR_R + x : -NOR_R - x;
      }
      if ((norF[iz] as number) + this.next() * ((norF[iz - 1] as number) - (norF[iz] as number)) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextUint32() | 0;
      iz = hz & 127;
      const a = hz < 0 ? -hz : hz;
      if (a < (norK[iz] as number)) return hz * (norW[iz] as number);
    }
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A factory of named streams for one run: `streams.get('arrivals')`. */
export class RngStreams {
  constructor(readonly seed: number) {}
  get(stream: string): Rng {
    return new Rng(this.seed, stream);
  }
}
