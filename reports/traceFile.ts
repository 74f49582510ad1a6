import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../input/inputError.js';
import type { TraceRecord } from '../sim/trace.js';

/** Records buffered before one write: about 0.5 MB of NDJSON. */
const BATCH = 4096;

/**
 * The `--trace` NDJSON file, written as the simulation runs: one line per request attempt,
 * in batches, so memory stays flat however long the run (an hour at 2,000 rps is 7 million
 * lines, 1 GB of text: built as one string it overflowed V8's string length). The lines go to a
 * hidden temporary file beside the target (`.<name>.tmp-<pid>`, as writeFileAtomic names it),
 * renamed to the target only once complete; `abort` removes it, so a failed run never leaves a
 * partial trace looking complete.
 */
export class TraceFile {
  private readonly tmp: string;
  private fd: number;
  private lines: string[] = [];
  /** Lines written so far. */
  count = 0;

  constructor(readonly file: string) {
    this.tmp = join(dirname(resolve(file)), `.${basename(file)}.tmp-${process.pid}`);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      throw new InputError(`cannot write the trace: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);
    }
  }

  write(record: TraceRecord): void {
    this.lines.push(JSON.stringify(record));
    if (this.lines.length >= BATCH) this.flush();
  }

  /** Write what is left and put the file in place. */
  commit(): void {
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.file);
  }

  /** Remove the temporary file (the run failed). Safe to call after commit. */
  abort(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('\n') + '\n';
    this.count += this.lines.length;
    this.lines = [];
    const bytes = Buffer.from(text);
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
  }
}
