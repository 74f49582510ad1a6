/**
 * Where a command writes. Commands never touch process.stdout directly, so tests can run
 * the whole CLI in-process and read what it printed.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly interactive: boolean;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** A CliIo that keeps everything written, for tests. */
export function memoryIo(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    interactive: false,
    stdout: () => out,
    stderr: () => err,
  };
}
