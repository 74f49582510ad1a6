import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';

/** What one `capsim ...` invocation did: its exit code and everything it printed. */
export interface Transcript {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run `capsim <args>` in-process, as a user would type it, and return the transcript.
 * `onErr` sees stderr as it is written (e.g. to stop a long run once progress shows).
 */
export async function capsim(args: readonly string[], onErr?: (text: string) => void): Promise<Transcript> {
  const io = memoryIo();
  const spy = { ...io, err: (t: string) => (io.err(t), onErr?.(t)) };
  const code = await main(args, spy);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** The stderr lines of a transcript (without the trailing empty line). */
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
}

/** A `capsim` invocation that exited non-zero: its code, and its stderr as the message. */
export class CliFailure extends Error {
  constructor(readonly code: number, readonly stderr: string) {
    super(stderr.trimEnd());
  }
}

/** Run `capsim <args>`; resolves to the transcript when it exits 0, rejects with a CliFailure otherwise. */
export async function capsimOk(args: readonly string[], onErr?: (text: string) => void): Promise<Transcript> {
  const t = await capsim(args, onErr);
  if (t.code !== 0) throw new CliFailure(t.code, t.stderr);
  return t;
}

/**
 * Run `capsim <args>` that must fail: its exit code, its last stderr line as `message` (without
 * the `capsim: ` prefix) and all of stderr. Rejects if it exits 0.
 */
export async function capsimFails(args: readonly string[]): Promise<{ code: number; message: string; stderr: string }> {
  const t = await capsim(args);
  if (t.code === 0) throw new Error(`expected capsim ${args.join(' ')} to fail; it exited 0`);
  const last = t.stderr.trimEnd().split('\n').at(-1) ?? '';
  return { code: t.code, message: last.replace(/^capsim: /, ''), stderr: t.stderr };
}
