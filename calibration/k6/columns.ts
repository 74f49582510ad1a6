type TypedArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * A growable typed-array column (amortised O(1) push by doubling). Keeps numbers only, so a
 * million samples cost 8 MB as Float64, not ~50 MB as JS objects.
 */
export class Column<T extends TypedArray> {
  private data: T;
  private n = 0;
  constructor(private readonly make: (capacity: number) => T, capacity = 1024) {
    this.data = make(capacity);
  }
  get length(): number {
    return this.n;
  }
  push(v: number): number {
    if (this.n === this.data.length) this.grow(this.n * 2);
    this.data[this.n] = v;
    return this.n++;
  }
  get(i: number): number {
    return this.data[i] ?? Number.NaN;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  /** The filled part, without copying (invalidated by the next push that grows). */
  view(): T {
    return this.data.subarray(0, this.n) as T;
  }
  private grow(capacity: number): void {
    const next = this.make(Math.max(capacity, 16));
    next.set(this.data);
    this.data = next;
  }
}

export const float64Column = (): Column<Float64Array> => new Column((n) => new Float64Array(n));
export const uint32Column = (): Column<Uint32Array> => new Column((n) => new Uint32Array(n));
export const uint16Column = (): Column<Uint16Array> => new Column((n) => new Uint16Array(n));
export const uint8Column = (): Column<Uint8Array> => new Column((n) => new Uint8Array(n));

/** Interns strings (operation names, scenarios) so records store a small index instead. */
export class StringTable {
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];
  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  get(i: number): string {
    return this.values[i] ?? '';
  }
  get size(): number {
    return this.values.length;
  }
  all(): readonly string[] {
    return this.values;
  }
}
