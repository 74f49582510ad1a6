/**
 * A growable FIFO ring of 32-bit integers (request slots waiting for a worker).
 * O(1) push and shift; no allocation once grown.
 */
export class IntQueue {
  private buf: Int32Array;
  private head = 0;
  size = 0;

  constructor(initialCapacity = 16) {
    this.buf = new Int32Array(initialCapacity);
  }

  push(v: number): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & (this.buf.length - 1)] = v;
    this.size++;
  }

  shift(): number {
    const v = this.buf[this.head] as number;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.size--;
    return v;
  }

  /** The i-th element from the head (0 = head). */
  at(i: number): number {
    return this.buf[(this.head + i) & (this.buf.length - 1)] as number;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.at(i);
    this.buf = next;
    this.head = 0;
  }
}
