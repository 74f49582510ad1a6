import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The project runs from any checkout: no file names a path of the machine it was written on.
 * Shared fixtures are found as `../shared` beside the checkout (test/support/shared.ts) only.
 */
describe('no fixed machine path in the project', () => {
  const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter((f) => f !== '' && !f.startsWith('dist/'));

  it('finds the tracked files', () => expect(files.length).toBeGreaterThan(100));

  it('no tracked file names an absolute home, work or temp folder (write temporary files under os.tmpdir())', () => {
    const machinePath = /(?<![\w.~-])\/(?:work|home|Users|root|mnt|tmp|farm)\/[\w.-]/;
    const offenders = files.filter((f) => {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        return false; // deleted in the work tree
      }
      return machinePath.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
