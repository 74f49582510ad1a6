import { accessSync, constants, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../input/inputError.js';
import { pidAlive } from './outputLock.js';

/**
 * Checks on an output path made before any work starts, so that a mistake in `--out` costs one
 * line and exit 2 rather than a simulation (10 minutes for black-friday) followed by a stack
 * trace; and the removal of what dead capsim processes left beside it.
 */

/** What the output is: a folder of files (run, tune, report) or one file (model.yaml, a trace). */
export type OutputKind = 'folder' | 'file';

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return 'notdir' as const;
    throw e;
  }
}

/**
 * Check that `target` can be written as a `kind`: not the other kind, and its nearest existing
 * ancestor a writable folder (missing parents are created later).
 * @throws InputError naming the path as given and what is wrong.
 */
export function checkOutputPath(target: string, kind: OutputKind, shown: string = target): void {
  const abs = resolve(target);
  const st = statOrNull(abs);
  if (st !== null && st !== 'notdir') {
    if (kind === 'folder' && !st.isDirectory()) throw new InputError('is a file, expected a folder (an output folder to create or a capsim output folder)', shown);
    if (kind === 'file' && st.isDirectory()) throw new InputError('is a folder, expected a file name to write', shown);
    writable(dirname(abs), shown);
    return;
  }
  // Missing: the nearest existing ancestor must be a folder we may create in.
  let ancestor = dirname(abs);
  for (;;) {
    const a = statOrNull(ancestor);
    if (a !== null && a !== 'notdir') {
      if (!a.isDirectory()) throw new InputError(`cannot create it: ${relative(process.cwd(), ancestor) || ancestor} is a file, not a folder`, shown);
      break;
    }
    const up = dirname(ancestor);
    if (up === ancestor) break;
    ancestor = up;
  }
  writable(ancestor, shown);
}

function writable(folder: string, shown: string): void {
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw new InputError(`cannot write there: the folder ${asShown(folder)} is not writable (permission denied)`, shown);
  }
}

/** A folder as the user would type it: relative to the working folder when inside it, else absolute. */
function asShown(folder: string): string {
  const rel = relative(process.cwd(), folder);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? folder : rel;
}

/**
 * Create the missing parents of `target`; returns the first folder created (to remove again if
 * nothing is written), or undefined when they all existed.
 */
export function createParents(target: string): string | undefined {
  return mkdirSync(dirname(resolve(target)), { recursive: true });
}

/** Remove `folder` and its parents up to `top` (inclusive) while they are empty. Never removes anything else. */
export function removeEmptyUpTo(folder: string, top: string | undefined): void {
  if (top === undefined) return;
  let dir = resolve(folder);
  const stop = resolve(top);
  for (;;) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === stop || !dir.startsWith(stop)) return;
    dir = dirname(dir);
  }
}

/**
 * Temporary names a capsim process uses beside `target` (`.<name>.tmp-<pid>` while writing,
 * `.<name>.old-<pid>` of earlier versions, `.<name>.lock.new-<pid>` / `.lock.stale-<pid>` while
 * locking) and inside a run folder (`.capsim-tmp-<pid>`, `..capsim-run.tmp-<pid>`). Those of processes no longer alive are
 * leftovers of a kill and are removed by the next writer, which holds the lock.
 */
const SIBLING = (name: string) => new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:tmp|old|lock\\.new|lock\\.stale)-(\\d+)$`);
// The staging folder, and the temporary names of the folder's own markers (`.capsim-run`,
// `.capsim-incomplete`) while they are written whole.
const INSIDE = /^(?:\.capsim-tmp-|\.\.capsim-(?:run|incomplete)\.tmp-)(\d+)$/;

/** Remove the leftovers of dead capsim processes beside and inside `target`. @returns what was removed (names). */
export function removeDeadLeftovers(target: string): string[] {
  const abs = resolve(target);
  const removed: string[] = [];
  const sweep = (folder: string, pattern: RegExp) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const m = pattern.exec(name);
      if (m === null) continue;
      const pid = Number(m[1]);
      if (pid === process.pid || pidAlive(pid)) continue;
      rmSync(join(folder, name), { recursive: true, force: true });
      removed.push(name);
    }
  };
  sweep(dirname(abs), SIBLING(basename(abs)));
  sweep(abs, INSIDE);
  return removed;
}
