import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';

/**
 * `npm run build` bundles the command (cli/buildBin.mjs): dist/cli/bin.js is one ES module with
 * its chunks, not tsc's ~150 files. The bundle must answer as the modules it was built from do:
 * the same help, the same one-line errors and exit codes, the same run folder byte for byte.
 * It is built here into a temporary package (package.json, node_modules and scenarios of this checkout),
 * and compared with the CLI run in-process from source.
 */
const pkg = mkdtempSync(join(tmpdir(), 'capsim-bin-'));
const work = mkdtempSync(join(tmpdir(), 'capsim-bin-work-'));
afterAll(() => {
  rmSync(pkg, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

beforeAll(() => {
  copyFileSync('package.json', join(pkg, 'package.json'));
  symlinkSync(resolve('node_modules'), join(pkg, 'node_modules'), 'dir');
  symlinkSync(resolve('scenarios'), join(pkg, 'scenarios'), 'dir');
  const built = spawnSync(process.execPath, ['cli/buildBin.mjs', '--outdir', join(pkg, 'dist')], { encoding: 'utf8', timeout: 120_000 });
  if (built.status !== 0) throw new Error(`cli/buildBin.mjs exited ${built.status}: ${built.stderr}`);
}, 150_000);

function bundled(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(pkg, 'dist', 'cli', 'bin.js'), ...args], { encoding: 'utf8', timeout: 120_000, cwd: work });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function inProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const cwd = process.cwd();
  process.chdir(work);
  try {
    const code = await main(args, io);
    return { code, out: io.stdout(), err: io.stderr() };
  } finally {
    process.chdir(cwd);
  }
}

const files = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('the bundled capsim command', () => {
  const commands = [['--help'], ['run', '--help'], ['k6', 'testrun', '--help'], ['run', '--bogus'], ['run', 'no-such-scenario.yaml'], ['tune', '--budget', 'x'], ['run', resolve('test/fixtures/scenarios/wrong-type.yaml')]];
  it.each(commands.map((args) => [args.join(' '), args] as const))('answers `capsim %s` as the modules do', async (_shown, args) => {
    const want = await inProcess(args);
    const got = bundled(args);
    expect({ code: got.code, out: got.out, err: got.err }).toEqual(want);
  });

  it('writes the same run folder, byte for byte, and prints the same summary', async () => {
    const scenario = resolve('test/fixtures/scenarios/small-mix.yaml');
    const want = await inProcess(['run', scenario, '--seed', '3', '--json', '--out', 'modules']);
    const got = bundled(['run', scenario, '--seed', '3', '--json', '--out', 'bundle']);
    expect(got.code).toBe(0);
    expect(want.code).toBe(0);
    expect(got.out).toBe(want.out);
    expect(files(join(work, 'bundle'))).toEqual(files(join(work, 'modules')));
  });

  it('imports a bundled package with import() as Node does (yaml\'s named exports: k6 testrun)', () => {
    mkdirSync(join(work, 'k6'), { recursive: true });
    const r = bundled(['k6', 'testrun', 'checkout-peak', '--parallelism', '2', '--bundle', resolve('package.json'), '--out', join(work, 'k6', 'testrun.yaml')]);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(work, 'k6', 'testrun.yaml'), 'utf8')).toMatch(/kind: TestRun/);
  });
});
