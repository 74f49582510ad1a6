import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../input/inputError.js';
import { lockOutput, type OutputLock } from './outputLock.js';
import { checkOutputPath, createParents, removeDeadLeftovers, removeEmptyUpTo } from './outputPath.js';

/**
 * capsim's output folders. A folder capsim writes holds a manifest, `.capsim-run`, listing the
 * files capsim put there; the next write to the folder replaces those files and never touches
 * anything else (a note the user added stays). One writer at a time (reports/outputLock.ts).
 *
 * A new folder is built beside its place (`.<name>.tmp-<pid>`) and renamed into it when complete.
 * An existing one is updated file by file, each file renamed into place whole, under an
 * `.capsim-incomplete` marker that is removed only once every file and the manifest are written:
 * an interrupted write leaves a folder that says it is incomplete, never one that looks complete.
 */

export const MANIFEST = '.capsim-run';
export const INCOMPLETE = '.capsim-incomplete';
const MANIFEST_HEADER = '# capsim output folder: the files below were written by capsim; its next write here replaces them and touches nothing else';
/** The manifest line naming the command whose output the folder holds (absent before capsim 0.3). */
const KIND_PREFIX = '# written by: ';
const INCOMPLETE_HEADER = (pid: number) => `# capsim (pid ${pid}) was writing this folder and stopped before it finished: the files below may be from two runs. Run the command again.`;

/** Files of a run folder by relative path (forward slashes), as text or bytes. */
export type FolderFiles = Readonly<Record<string, string | Uint8Array>>;

/**
 * The command whose output a folder holds, e.g. `capsim run`. A folder of one kind is never
 * replaced by another command's output (a rules file written over a capacity run would delete
 * its report); undefined = keep whatever kind the folder has (a report rebuilt in its run folder).
 */
export type FolderKind = string | undefined;

/** An output folder checked and locked before the work that fills it. */
export interface RunFolder {
  /** Absolute path. */
  readonly path: string;
  /**
   * Write `files`. By default they replace everything capsim wrote here before (a rerun);
   * `{ add: true }` keeps capsim's other files (a report rebuilt into its run folder).
   * @returns the absolute path of the folder.
   * @throws InputError when a file to write exists here and was not written by capsim.
   */
  write(files: FolderFiles, opts?: { add?: boolean }): string;
  /** Give up the lock; removes the folder and the parents this call created if nothing was written. Idempotent. */
  release(): void;
}

/**
 * What capsim wrote in `folder`: its manifest's list, plus the list of an interrupted write. A
 * manifest without a list (capsim 0.1, which replaced the whole folder on every run) owns every
 * file in the folder, as that version did.
 */
function ownedFiles(folder: string): { files: Set<string>; incomplete: boolean } {
  const files = new Set<string>();
  const read = (name: string) => {
    try {
      return readFileSync(join(folder, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const manifest = read(MANIFEST);
  if (manifest !== undefined) {
    if (!manifest.startsWith('# ')) {
      for (const f of filesIn(folder)) files.add(f);
    } else for (const f of listed(manifest)) files.add(f);
  }
  const incomplete = read(INCOMPLETE);
  if (incomplete !== undefined) for (const f of listed(incomplete)) files.add(f);
  return { files, incomplete: incomplete !== undefined };
}

const listed = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

/** A marker being written whole by `atomicWrite` (`..capsim-run.tmp-<pid>`). */
const MARKER_TMP = /^\.\.capsim-(?:run|incomplete)\.tmp-\d+$/;

/** Every file under `root` (relative, forward slashes) but capsim's own markers and staging folders. */
function filesIn(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel === '' ? e.name : `${rel}/${e.name}`;
    if (rel === '' && (e.name === MANIFEST || e.name === INCOMPLETE || e.name.startsWith('.capsim-tmp-') || MARKER_TMP.test(e.name))) return [];
    return e.isDirectory() ? filesIn(root, path) : [path];
  });
}

/** The command whose output `folder` holds, from its manifest; undefined when unknown. */
function kindOf(folder: string): string | undefined {
  try {
    const line = readFileSync(join(folder, MANIFEST), 'utf8').split('\n').find((l) => l.startsWith(KIND_PREFIX));
    return line?.slice(KIND_PREFIX.length).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The manifest's text: header, the kind when known, the files. */
const manifestText = (kind: string | undefined, files: readonly string[]): string => `${MANIFEST_HEADER}\n${kind !== undefined ? `${KIND_PREFIX}${kind}\n` : ''}${files.join('\n')}\n`;

/** True when `folder` is missing, empty, or written by capsim. */
function isCapsimOrEmpty(folder: string): boolean {
  if (!existsSync(folder)) return true;
  const names = readdirSync(folder);
  return names.length === 0 || names.includes(MANIFEST) || names.includes(INCOMPLETE);
}

/**
 * Check and lock an output folder before the work that fills it: it is missing, empty or
 * capsim's; its missing parents are created; leftovers of dead capsim processes are removed.
 * @param shown the path as the user gave it, for messages.
 * @throws InputError (one line, exit 2) for a file in the way, an unwritable parent, a folder
 *   capsim did not write, or another capsim writing it.
 */
export function openRunFolder(outDir: string, shown: string = outDir, kind?: FolderKind): RunFolder {
  return open(outDir, shown, undefined, kind);
}

/**
 * A fresh numbered folder under `base` for a run without `--out`: `out/black-friday/001`, `002`...
 * (one more than the highest there), reserved with an exclusive mkdir so that two runs started
 * together never share one; removed again if nothing is written.
 */
export function openNextRunFolder(base: string, kind?: FolderKind): RunFolder {
  checkOutputPath(base, 'folder', base);
  const createdBase = mkdirSync(resolve(base), { recursive: true });
  let next = readdirSync(base).filter((n) => /^\d+$/.test(n)).reduce((max, n) => Math.max(max, Number(n)), 0) + 1;
  for (let attempt = 0; attempt < 1000; attempt++, next++) {
    const dir = join(base, String(next).padStart(3, '0'));
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    return open(dir, dir, createdBase ?? resolve(dir), kind);
  }
  throw new InputError('no free numbered folder after 1000 attempts; give --out', base);
}

/**
 * Check an output path, create its missing parents (unless `reserved` already did) and lock it;
 * if the lock is refused, the parents created here are removed again.
 */
function checkAndLock(target: string, kind: 'folder' | 'file', shown: string, reserved: string | undefined): { lock: OutputLock; createdParent: string | undefined } {
  checkOutputPath(target, kind, shown);
  const createdParent = reserved ?? createParents(target);
  try {
    return { lock: lockOutput(target, shown), createdParent };
  } catch (e) {
    removeEmptyUpTo(dirname(target), createdParent);
    throw e;
  }
}

/** @param reserved the topmost folder created for this run (removed again when nothing is written). */
function open(outDir: string, shown: string, reserved: string | undefined, kind: FolderKind): RunFolder {
  const target = resolve(outDir);
  const { lock, createdParent } = checkAndLock(target, 'folder', shown, reserved);
  try {
    if (!isCapsimOrEmpty(target)) throw new InputError('the output folder exists and was not written by capsim; choose another --out or empty it', shown);
    const holds = kindOf(target);
    if (kind !== undefined && holds !== undefined && holds !== kind)
      throw new InputError(`the output folder holds the output of \`${holds}\`, which \`${kind}\` would replace; choose another --out`, shown);
    removeDeadLeftovers(target);
  } catch (e) {
    lock.release();
    removeEmptyUpTo(dirname(target), createdParent);
    throw e;
  }
  let written = false;
  return {
    path: target,
    write(files, opts = {}) {
      writeFolder(target, files, opts.add === true, shown, kind ?? kindOf(target));
      written = true;
      return target;
    },
    release() {
      lock.release();
      if (!written) removeEmptyUpTo(reserved !== undefined ? target : dirname(target), createdParent);
    },
  };
}

/**
 * Write a run's files into `outDir` (see openRunFolder): check, lock, write, unlock.
 * @returns the absolute path of the folder.
 * @throws InputError when outDir is not a folder capsim may write (not empty and not capsim's, a file, not writable) or another capsim is writing it.
 */
export function writeRunFolder(outDir: string, files: FolderFiles, opts: { add?: boolean; kind?: FolderKind } = {}): string {
  const folder = openRunFolder(outDir, outDir, opts.kind);
  try {
    return folder.write(files, opts);
  } finally {
    folder.release();
  }
}

/**
 * Refuse a folder whose last write was interrupted.
 * @throws InputError naming the folder.
 */
export function assertCompleteFolder(dir: string): void {
  if (existsSync(join(resolve(dir), INCOMPLETE)))
    throw new InputError(`capsim was interrupted while writing this folder (${INCOMPLETE} is present): its files may be from two runs; run the command that wrote it again`, dir);
}

function writeFolder(target: string, files: FolderFiles, add: boolean, shown: string, kind: string | undefined): void {
  const names = Object.keys(files).map(checkName(shown));
  const empty = !existsSync(target) || readdirSync(target).length === 0;
  if (empty && writeNewFolder(target, files, names, kind)) return;
  const owned = ownedFiles(target);
  for (const name of names) {
    if (!owned.files.has(name) && existsSync(join(target, name)))
      throw new InputError(`${name} is in the output folder and was not written by capsim; move it away or choose another --out`, shown);
  }
  const keep = add ? [...owned.files].filter((f) => existsSync(join(target, f))) : [];
  const final = [...new Set([...keep, ...names])].sort();
  // From here until the manifest is written, the folder says it is incomplete (and which files are capsim's).
  atomicWrite(join(target, INCOMPLETE), `${INCOMPLETE_HEADER(process.pid)}\n${[...new Set([...owned.files, ...names])].sort().join('\n')}\n`);
  const staging = join(target, `.capsim-tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const name of names) put(staging, name, files[name] as string | Uint8Array);
    for (const name of names) {
      mkdirSync(dirname(join(target, name)), { recursive: true });
      renameSync(join(staging, name), join(target, name));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!add) for (const old of owned.files) if (!names.includes(old)) removeFile(target, old);
  atomicWrite(join(target, MANIFEST), manifestText(kind, final));
  rmSync(join(target, INCOMPLETE), { force: true });
}

/**
 * A folder that does not exist yet (or is empty): built beside it, then renamed into place whole.
 * @returns false when the empty folder received a file meanwhile (then it is updated in place).
 */
function writeNewFolder(target: string, files: FolderFiles, names: string[], kind: string | undefined): boolean {
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp);
    for (const name of names) put(tmp, name, files[name] as string | Uint8Array);
    writeFileSync(join(tmp, MANIFEST), manifestText(kind, [...names].sort()));
    if (existsSync(target)) rmdirSync(target); // rmdir removes only an empty folder, never content
    renameSync(tmp, target);
    return true;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** A relative file name inside the folder; never the manifest, never outside. */
const checkName = (shown: string) => (name: string): string => {
  const norm = relative('.', join('.', name)).split(sep).join('/');
  if (norm === '' || norm.startsWith('..') || name.startsWith('/') || norm === MANIFEST || norm === INCOMPLETE || norm.startsWith('.capsim-tmp-'))
    throw new Error(`capsim bug: output file name ${JSON.stringify(name)} for ${shown}`);
  return norm;
};

function put(root: string, name: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, name)), { recursive: true });
  writeFileSync(join(root, name), content);
}

/** Remove one file capsim wrote earlier (and its folders when they become empty); a folder in its place is left alone. */
function removeFile(root: string, name: string): void {
  const path = join(root, name);
  try {
    if (!statSync(path).isFile()) return;
  } catch {
    return;
  }
  rmSync(path, { force: true });
  let dir = dirname(path);
  while (dir !== root && dir.startsWith(root)) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

/** Write a file via a temporary name beside it and a rename, so readers never see it half-written. */
function atomicWrite(file: string, content: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** One output file (a model, a trace, k6 options) checked and locked before the work that produces it. */
export interface OutputFile {
  readonly path: string;
  /** Write it whole (temporary name, then rename). */
  write(content: string | Uint8Array): void;
  release(): void;
}

/**
 * Check and lock an output file before the work: not a folder, its parent a writable folder
 * (missing parents created), no other capsim writing it; leftovers of dead writers removed.
 * @throws InputError (one line, exit 2) naming the path as given.
 */
export function openOutputFile(file: string, shown: string = file): OutputFile {
  const target = resolve(file);
  const { lock, createdParent } = checkAndLock(target, 'file', shown, undefined);
  removeDeadLeftovers(target);
  let written = false;
  return {
    path: target,
    write(content) {
      atomicWrite(target, content);
      written = true;
    },
    release() {
      lock.release();
      if (!written) removeEmptyUpTo(dirname(target), createdParent);
    },
  };
}

/**
 * Add `content` at the end of a file (created if missing), with openOutputFile's checks and lock:
 * for files other programs write too, such as GitHub Actions' step summary. One write call, so
 * a reader never sees half of it unless the disk fills.
 */
export function appendToFile(file: string, content: string): void {
  const target = resolve(file);
  const { lock } = checkAndLock(target, 'file', file, undefined);
  try {
    appendFileSync(target, content);
  } finally {
    lock.release();
  }
}

/** Write one file whole (see openOutputFile): check, lock, write, unlock. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const out = openOutputFile(file);
  try {
    out.write(content);
  } finally {
    out.release();
  }
}
