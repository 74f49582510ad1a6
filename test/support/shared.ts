import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The steering repository's shared/ folder (reference docs and read-only fixtures): beside the
 * checkout (`../shared`, as CI lays it out next to its fresh clone), else /work/shared.
 */
function findShared(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  for (const candidate of [join(root, '..', 'shared'), '/work/shared']) if (existsSync(join(candidate, 'fixtures'))) return candidate;
  return join(root, '..', 'shared');
}

export const SHARED = findShared();
export const SHARED_FIXTURES = join(SHARED, 'fixtures');
