import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../input/inputError.js';

const MARKER = '.capsim-run';

/**
 * Write a run's files into `outDir` all at once: everything goes to a temporary sibling folder
 * first, which is renamed into place only when complete, so a failed or interrupted run never
 * leaves partial results that look complete. A folder that capsim did not write is never
 * replaced (nothing a user put there is lost).
 * @returns the absolute path of the folder.
 * @throws InputError when outDir exists, is not empty, and is not a previous capsim output.
 */
export function writeRunFolder(outDir: string, files: Readonly<Record<string, string | Uint8Array>>): string {
  const target = resolve(outDir);
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, MARKER)))
    throw new InputError('the output folder exists and was not written by capsim; choose another --out or empty it', outDir);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(tmp, name)), { recursive: true });
      writeFileSync(join(tmp, name), content);
    }
    writeFileSync(join(tmp, MARKER), 'written by capsim; this folder is replaced by the next run with the same --out\n');
    const old = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return target;
}

/** Write one file via a temporary name and a rename, so readers never see it half-written. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const tmp = join(dirname(resolve(file)), `.${basename(file)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
