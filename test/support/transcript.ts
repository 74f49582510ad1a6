import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { capsim } from './cli.js';

/**
 * What a user sees when typing one `capsim` command in a folder: the exit code, the stderr
 * lines, and the files of the folder before and after (hidden ones included), so that a test
 * reads as the session it specifies.
 */
export interface Session {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string[];
  readonly before: string[];
  readonly after: string[];
}

/** Every file and folder under `dir`, as sorted relative paths (folders end with `/`); [] when absent. */
export function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const walk = (rel: string): string[] =>
    readdirSync(join(dir, rel)).flatMap((name) => {
      const path = rel === '' ? name : `${rel}/${name}`;
      return statSync(join(dir, path)).isDirectory() ? [`${path}/`, ...walk(path)] : [path];
    });
  return walk('').sort();
}

/** Run `capsim <args>` and record the session against the folder `watch`. */
export async function session(watch: string, args: readonly string[]): Promise<Session> {
  const before = tree(watch);
  const t = await capsim(args);
  return { code: t.code, stdout: t.stdout, stderr: t.stderr.split('\n').filter((l) => l !== ''), before, after: tree(watch) };
}
