import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

// The entry point runs as its own process (as in the container): bundled once with esbuild,
// so the test does not depend on the whole project's build.
let entry = '';
beforeAll(async () => {
  entry = join(mkdtempSync(join(tmpdir(), 'capsim-main-')), 'main.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, '../../../loadtests/service/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: entry,
    logLevel: 'error',
  });
});

interface Child {
  readonly exited: Promise<number | null>;
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the first stderr line matching `re` (bounded by the test timeout). */
  line(re: RegExp): Promise<string>;
}

function run(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [entry], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const waiters: Array<() => void> = [];
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = async (re: RegExp): Promise<string> => {
    for (;;) {
      const found = err.split('\n').find((l) => re.test(l));
      if (found !== undefined) return found;
      if (child.exitCode !== null) throw new Error(`exited before printing ${re}: ${err}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { exited, stderr: () => err, kill: (s) => void child.kill(s), line };
}

describe('main: the service as a process', () => {
  it('a malformed variable exits 2 with one line naming it', async () => {
    const child = run({ W: 'eight' });
    expect(await child.exited).toBe(2);
    expect(child.stderr()).toBe('payment-service: W: expected a whole number >= 1, got "eight"\n');
  });

  it('SIGTERM drains: the in-flight request completes, then the process exits 0', async () => {
    const child = run({ HOST: '127.0.0.1', PORT: '0', W: '1', CPU_MS_SETTLE: '0', DS_MEDIAN_SETTLE: '300', DS_SIGMA: '0' });
    const listening = JSON.parse(await child.line(/"msg":"listening"/)) as { url: string };
    const inFlight = fetch(`${listening.url}/settle`, { method: 'POST' });
    // Wait until the request holds the slot: /metrics shows one busy worker (bounded: 100 tries).
    for (let i = 0; i < 100; i++) {
      const text = await (await fetch(`${listening.url}/metrics`)).text();
      if (/^payment_workers_busy 1$/m.test(text)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await child.exited).toBe(0);
    expect(child.stderr()).toMatch(/"msg":"draining","signal":"SIGTERM"/);
    expect(child.stderr()).toMatch(/"msg":"stopped"/);
  });
});
