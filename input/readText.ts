import { readFileSync } from 'node:fs';
import { InputError } from './inputError.js';

/**
 * Why a file the user named cannot be read, worded the same by every command:
 * "file not found", "is a folder, expected a file", "permission denied", else the system's code.
 */
export function unreadable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a folder, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'file not found (a parent is not a folder)';
    default:
      return `cannot read the file (${code ?? (err as Error | undefined)?.message ?? String(err)})`;
  }
}

/** A file the user named, as UTF-8 text. @throws InputError naming the file and why it cannot be read. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(unreadable(e), file);
  }
}

/** A JSON file the user named. @throws InputError naming the file for an unreadable file or invalid JSON. */
export function readJsonFile(file: string): unknown {
  const text = readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    // The message quotes the input (newlines included): InputError makes it one line and cuts it.
    throw new InputError(`invalid JSON: ${(e as Error).message}`, file);
  }
}
