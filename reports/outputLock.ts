import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../input/inputError.js';

/**
 * One writer at a time per output (a run folder or a file such as model.yaml): a lock file
 * `.<name>.lock` beside it holds the writer's pid. A second capsim refuses at once with a message
 * naming the holder; a lock whose pid is no longer alive (a run killed with SIGKILL, a machine
 * that rebooted) is taken over. Every command that writes takes it before its work starts.
 */

/** A held lock; `release` is idempotent. */
export interface OutputLock {
  readonly file: string;
  release(): void;
}

/** Locks this process holds, so that a lock of our own pid left by an earlier call is not taken for a live one. */
const held = new Set<string>();

/** `.<name>.lock` beside `target`. */
export function lockFileOf(target: string): string {
  const abs = resolve(target);
  return join(dirname(abs), `.${basename(abs)}.lock`);
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isNaN(pid) ? 0 : pid;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Take the lock of `target` (a folder or a file; its parent must exist).
 * @param shown the path as the user gave it, for the message.
 * @throws InputError when another live capsim holds it.
 */
export function lockOutput(target: string, shown: string = target): OutputLock {
  const file = lockFileOf(target);
  // The content is written before the lock appears (link of a complete file), so a reader never sees an empty lock.
  const mine = `${file}.new-${process.pid}`;
  writeFileSync(mine, `${process.pid}\n`);
  try {
    // Bounded: each pass either takes the lock, refuses, or removes one dead holder's lock.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        linkSync(mine, file);
        held.add(file);
        return { file, release: () => release(file) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = holderOf(file);
      if (holder === undefined) continue; // released meanwhile
      const ours = holder === process.pid && !held.has(file); // left by an earlier call of this process
      if (pidAlive(holder) && !ours)
        throw new InputError(`another capsim (pid ${holder}) is writing here; wait for it to finish or choose another output (if no capsim is running, delete ${basename(file)})`, shown);
      removeIfHeldBy(file, holder);
    }
    throw new InputError('cannot take the output lock: other capsim processes keep taking it; try again', shown);
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * Remove the lock only if `pid` still holds it: it is moved aside first (atomic), checked, and
 * put back if another process took it in the meantime.
 */
function removeIfHeldBy(file: string, pid: number): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (holderOf(aside) !== pid) {
    try {
      linkSync(aside, file); // someone else's fresh lock: restore it
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  rmSync(aside, { force: true });
}

function release(file: string): void {
  if (!held.delete(file)) return;
  removeIfHeldBy(file, process.pid);
}

/** Release every lock this process holds (on exit, so an interrupted command leaves none behind). */
export function releaseAllLocks(): void {
  for (const file of [...held]) {
    try {
      release(file);
    } catch {
      // exiting: a lock left behind names a dead pid and is taken over by the next run
    }
  }
}
