import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../input/inputError.js';
import { packageRoot } from '../input/packageRoot.js';

/** The folders whose TypeScript the k6 bundle is built from (loadtests/payments.ts and what it imports). */
const SOURCE_DIRS = ['loadtests', 'scenarios', 'sim/traffic', 'sim/engine'];

/** Where `npm run build:k6` writes the bundle. */
export function defaultBundlePath(): string {
  return join(packageRoot(), 'dist/k6/payments.js');
}

/**
 * The k6 bundle (dist/k6/payments.js), built first when it is missing or older than any of its
 * sources, so a fresh clone needs no separate `npm run build:k6`. Builds with loadtests/build.mjs
 * (esbuild, a dev dependency `npm ci` installs).
 * @returns the bundle's path and whether it was (re)built.
 * @throws InputError when it must be built and esbuild is not installed, or the build fails.
 */
export async function ensureK6Bundle(): Promise<{ path: string; built: boolean }> {
  const root = packageRoot();
  const path = defaultBundlePath();
  const newest = SOURCE_DIRS.reduce((m, d) => Math.max(m, newestTs(join(root, d))), 0);
  if (existsSync(path) && statSync(path).mtimeMs >= newest) return { path, built: false };
  const script = join(root, 'loadtests/build.mjs');
  if (!existsSync(script)) throw new InputError('the k6 bundle is missing and loadtests/build.mjs is not here to build it', path);
  try {
    const { buildK6Bundle } = (await import(pathToFileURL(script).href)) as { buildK6Bundle: (out: string) => Promise<string> };
    await buildK6Bundle(path);
  } catch (e) {
    const err = e as { code?: string; errors?: Array<{ text: string }>; message?: string };
    const why = err.code === 'ERR_MODULE_NOT_FOUND' ? 'esbuild is not installed (npm ci installs it)' : (err.errors?.map((x) => x.text).join('; ') ?? err.message ?? String(e));
    throw new InputError(`cannot build the k6 bundle: ${why.split('\n')[0]}`, path);
  }
  return { path, built: true };
}

/** Latest modification time (ms) of a .ts file under `dir`, 0 when none. O(files). */
function newestTs(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const full = join((entry as { parentPath?: string }).parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}
