import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { InputError } from '../../input/inputError.js';
import { unreadable } from '../../input/readText.js';
import type { WarnFn } from './warnings.js';

/**
 * Called with the whole lines of one chunk; `firstLine` is the 1-based number of `lines[0]`.
 * Returning `false` stops reading (the rest of the file is not looked at).
 */
export type LineBatchFn = (lines: readonly string[], firstLine: number) => void | boolean;

/** Told how many bytes of the file have been read so far (for progress on files of gigabytes). */
export type ByteProgress = (bytesRead: number) => void;

/** What was read: line count and whether the input ended cleanly. */
export interface LinesRead {
  /** Whole lines delivered. */
  readonly lines: number;
  /** True when the file (or gzip stream) was cut off; a warning was emitted. */
  readonly truncated: boolean;
  /** Bytes of a partial last line that were dropped (0 when none). */
  readonly bytesLost: number;
}

/**
 * True when the file starts with the gzip magic bytes 1f 8b (whatever its name).
 * @throws InputError when the file cannot be opened.
 */
export async function isGzipFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`${unreadable(e)}; expected a k6 output file`, file);
  });
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Stream a text file (plain or gzip, detected by magic bytes) as batches of whole lines,
 * with O(chunk) memory. Line ends `\n` and `\r\n` are accepted. A file cut off mid-line
 * (a killed run) or a truncated gzip stream is read up to the last whole line, and a
 * warning names the file, the line and the bytes lost.
 * @throws InputError when the file cannot be read or is corrupt gzip.
 * @example await readLineBatches('k6.ndjson.gz', (ls, n) => ls.forEach(...), warn)
 */
export async function readLineBatches(file: string, onBatch: LineBatchFn, warn: WarnFn, onBytes?: ByteProgress): Promise<LinesRead> {
  const gzip = await isGzipFile(file);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let next = 1;
  let gzipCut = false;
  const deliver = (text: string): boolean => {
    const parts = (carry + text).split('\n');
    carry = parts.pop() ?? '';
    if (parts.length === 0) return true;
    for (let i = 0; i < parts.length; i++) if (parts[i]!.endsWith('\r')) parts[i] = parts[i]!.slice(0, -1);
    const more = onBatch(parts, next);
    next += parts.length;
    return more !== false;
  };
  try {
    for await (const chunk of openStream(file, gzip, onBytes)) {
      if (!deliver(decoder.write(chunk as Buffer))) return { lines: next - 1, truncated: false, bytesLost: 0 };
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as NodeJS.ErrnoException;
    // Only errors of the file or of zlib carry a code; anything else is a bug and is not disguised as one.
    if (typeof err.code !== 'string') throw e;
    if (err.code !== 'Z_BUF_ERROR') throw readError(file, gzip, err);
    gzipCut = true;
  }
  const rest = carry + decoder.end();
  return finish(file, next - 1, rest, gzipCut, warn);
}

/**
 * The first `maxBytes` (or so) of a file's text, gunzipped when needed, a last line without its
 * newline included (a summary written by JSON.stringify has none). For telling formats apart.
 * @throws InputError when the file cannot be read or its gzip is corrupt before any text.
 */
export async function readHead(file: string, maxBytes: number): Promise<string> {
  const gzip = await isGzipFile(file);
  const decoder = new StringDecoder('utf8');
  let text = '';
  const stream = openStream(file, gzip, undefined);
  try {
    for await (const chunk of stream) {
      text += decoder.write(chunk as Buffer);
      if (text.length >= maxBytes) break;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (text === '' && err.code !== 'Z_BUF_ERROR') throw readError(file, gzip, err);
  } finally {
    stream.destroy();
  }
  return text + decoder.end();
}

function openStream(file: string, gzip: boolean, onBytes: ByteProgress | undefined): Readable {
  const source = createReadStream(file);
  if (onBytes !== undefined) {
    // Bytes of the file itself (compressed ones for gzip): what its size on disk is a total of.
    let read = 0;
    source.on('data', (chunk) => onBytes((read += chunk.length)));
  }
  if (!gzip) return source;
  const gunzip = createGunzip();
  source.on('error', (e) => gunzip.destroy(e));
  // Stopping early destroys only the gunzip stream; close the file with it.
  gunzip.on('close', () => source.destroy());
  return source.pipe(gunzip);
}

function readError(file: string, gzip: boolean, err: NodeJS.ErrnoException): InputError {
  if (gzip && err.code?.startsWith('Z_')) return new InputError(`corrupt gzip data (${err.message}); expected a gzip-compressed k6 output`, file);
  return new InputError(unreadable(err), file);
}

function finish(file: string, lines: number, rest: string, gzipCut: boolean, warn: WarnFn): LinesRead {
  const bytesLost = Buffer.byteLength(rest, 'utf8');
  // k6 ends every line with '\n', so text after the last newline is a line cut off.
  if (bytesLost > 0) {
    warn({
      file,
      line: lines + 1,
      message: `${gzipCut ? 'gzip stream is truncated and the' : 'file ends in the middle of a line: the'} last line is incomplete; read up to line ${lines}, ignored ${bytesLost} bytes (was the run killed?)`,
    });
  } else if (gzipCut) {
    warn({ file, message: `gzip stream is truncated (unexpected end of file) after line ${lines}; read up to that line` });
  }
  return { lines, truncated: gzipCut || bytesLost > 0, bytesLost };
}
