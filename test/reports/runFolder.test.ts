/**
 * reports/runFolder.ts under races and kills (issue 12): two processes writing one folder in a
 * loop with the project's own writeRunFolder never get an internal error, never refuse the
 * folder as "not written by capsim", and leave nothing behind; a writer killed at any moment
 * leaves either a complete folder or one marked incomplete, and the next write cleans up.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { INCOMPLETE, MANIFEST, writeRunFolder } from '../../reports/runFolder.js';
import { tree } from '../support/transcript.js';

let script = '';
beforeAll(() => {
  // The writer runs as separate node processes: bundled from TypeScript once (esbuild, well under a second).
  script = join(mkdtempSync(join(tmpdir(), 'capsim-writer-')), 'writerLoop.mjs');
  buildSync({ entryPoints: ['test/reports/support/writerLoop.ts'], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent' });
});

interface Outcome { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function writer(folder: string, count: number, killAfterMs?: number): Promise<Outcome> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [script, folder, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The folder as capsim's manifest describes it: the manifest plus exactly the files it lists.
 * Right after a kill, a dead writer's hidden marker temporaries (`..capsim-run.tmp-<pid>`) may
 * be there too (`afterKill`): never taken for content, removed by the next write.
 */
function expectComplete(folder: string, afterKill = false): void {
  const listed = readFileSync(join(folder, MANIFEST), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const files = tree(folder).filter((f) => !f.endsWith('/') && !(afterKill && /^\.\.capsim-(?:run|incomplete)\.tmp-\d+$/.test(f)));
  expect(files.sort()).toEqual([MANIFEST, ...listed, 'user-note.txt'].sort());
  const summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as { pid: number; i: number };
  // summary.json and report.md are from the same write: never a mix of two runs in a complete folder.
  expect(readFileSync(join(folder, 'report.md'), 'utf8').split('\n')[0]).toBe(`# ${summary.pid} ${summary.i}`);
}

describe('two processes writing one folder in a loop', () => {
  it('never give an internal error, a false "not written by capsim", or leftovers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'capsim-race-'));
    const folder = join(root, 'out');
    writeRunFolder(folder, { 'summary.json': '{"pid":0,"i":0}\n', 'report.md': '# 0 0\n' });
    writeFileSync(join(folder, 'user-note.txt'), 'mine');
    const [a, b] = await Promise.all([writer(folder, 150), writer(folder, 150)]);
    for (const o of [a, b]) {
      expect(o.stderr).toBe('');
      expect(o.code).toBe(0);
    }
    const results = [a, b].map((o) => JSON.parse(o.stdout) as { written: number; refusals: Record<string, number> });
    for (const r of results) {
      // The only refusal is the lock's, naming the other writer.
      expect(Object.keys(r.refusals).every((k) => k.startsWith('another capsim (pid N) is writing here'))).toBe(true);
      expect(r.written + Object.values(r.refusals).reduce((x, y) => x + y, 0)).toBe(150);
    }
    expect(results[0]!.written + results[1]!.written).toBeGreaterThan(0);
    expect(tree(root).filter((f) => !f.startsWith('out/'))).toEqual([]); // no .out.tmp-*, .out.lock*
    expect(readFileSync(join(folder, 'user-note.txt'), 'utf8')).toBe('mine');
    expectComplete(folder);
  }, 120_000);
});

describe('a writer killed at any moment', () => {
  it('leaves a complete folder or one marked incomplete; the next write removes its leftovers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'capsim-kill-'));
    const folder = join(root, 'out');
    writeRunFolder(folder, { 'summary.json': '{"pid":0,"i":0}\n', 'report.md': '# 0 0\n' });
    writeFileSync(join(folder, 'user-note.txt'), 'mine');
    let markedIncomplete = 0;
    // Kills at spread-out moments of the loop (bounded: 12 kills).
    for (let k = 0; k < 12; k++) {
      const o = await writer(folder, 0, 150 + k * 37);
      expect(o.signal).toBe('SIGKILL');
      expect(o.stderr).toBe('');
      if (existsSync(join(folder, INCOMPLETE))) markedIncomplete++;
      else expectComplete(folder, true);
      expect(readFileSync(join(folder, 'user-note.txt'), 'utf8')).toBe('mine');
      // The next writer takes over the dead one's lock and removes what it left.
      writeRunFolder(folder, { 'summary.json': `{"pid":1,"i":${k}}\n`, 'report.md': `# 1 ${k}\n` });
      expect(existsSync(join(folder, INCOMPLETE))).toBe(false);
      expect(tree(root).filter((f) => !f.startsWith('out/'))).toEqual([]); // no .out.tmp-*, .out.lock*
      expectComplete(folder);
    }
    // How many kills fell inside an in-place update depends on timing (3 of 12 on the machine this
    // was written on); either way every state above was checked.
    void markedIncomplete;
  }, 120_000);
});
