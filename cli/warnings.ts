import type { CliIo } from './io.js';

/** How many kinds of warning are shown before the rest are only counted. */
const MAX_KINDS = 8;

/**
 * Warnings of one command, held until it succeeds and then summarised: the first warning of
 * each kind (the same message on other lines or with other numbers), then how many more
 * there were. A command that fails prints only its error line: warnings about a file that is
 * then rejected would only bury the reason.
 * @example const w = deferredWarnings(io); read(file, w.warn); w.flush() // after success
 */
export function deferredWarnings(io: CliIo): { warn(line: string): void; flush(): void } {
  const kinds = new Map<string, { first: string; count: number }>();
  let total = 0;
  return {
    warn(line) {
      total++;
      const key = kindOf(line);
      const k = kinds.get(key);
      if (k === undefined) kinds.set(key, { first: line, count: 1 });
      else k.count++;
    },
    flush() {
      let shown = 0;
      for (const { first, count } of kinds.values()) {
        if (shown === MAX_KINDS) break;
        io.err(`capsim: warning: ${first}${count > 1 ? ` (and ${count - 1} more like this)` : ''}\n`);
        shown++;
      }
      if (kinds.size > MAX_KINDS) {
        const rest = [...kinds.values()].slice(MAX_KINDS).reduce((n, k) => n + k.count, 0);
        io.err(`capsim: warning: ${rest} more warning(s) of ${kinds.size - MAX_KINDS} other kind(s); ${total} in all\n`);
      }
      kinds.clear();
      total = 0;
    },
  };
}

// "run.csv:16181: custom metric "data_s5nt": …" and "run.csv:16190: custom metric "x": …" are one kind.
function kindOf(line: string): string {
  return line.replace(/:\d+(:\d+)?: /, ': ').replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, '#');
}
