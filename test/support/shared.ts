import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared/ folder of reference docs and read-only fixtures: beside the checkout
 * (`../shared`), as CI lays it out next to its fresh clone, and nowhere else. Tests that need it
 * say so when it is absent rather than looking elsewhere.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SHARED = join(root, '..', 'shared');
export const SHARED_FIXTURES = join(SHARED, 'fixtures');
