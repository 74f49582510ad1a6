/**
 * Non-fatal problems found while reading k6 output (a truncated file, skipped lines, time
 * going backwards). Readers never print: they hand warnings to a callback so the CLI can
 * send them to stderr and tests can assert on them.
 */
export interface ReaderWarning {
  /** File path as the user gave it. */
  readonly file: string;
  /** 1-based line number, when the warning is about one line. */
  readonly line?: number;
  /** What happened and what was done about it. */
  readonly message: string;
}

/** Receives warnings as they are found. */
export type WarnFn = (w: ReaderWarning) => void;

/**
 * One-line rendering `file:line: message` (or `file: message`).
 * @example formatWarning({ file: 'a.ndjson', line: 7, message: 'x' }) // 'a.ndjson:7: x'
 */
export function formatWarning(w: ReaderWarning): string {
  return w.line !== undefined ? `${w.file}:${w.line}: ${w.message}` : `${w.file}: ${w.message}`;
}

/** A WarnFn that keeps everything, for callers that report at the end. */
export function collectWarnings(): WarnFn & { readonly list: ReaderWarning[] } {
  const list: ReaderWarning[] = [];
  const fn = (w: ReaderWarning): void => void list.push(w);
  return Object.assign(fn, { list });
}
