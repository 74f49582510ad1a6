/**
 * Output folders and files as a user meets them (issue 13 items 3 and 4, issue 12 "kills and
 * races"): each case is a session — the command, its exit code, its stderr, and the files of the
 * folder before and after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { session, tree } from '../support/transcript.js';

const SMALL = resolve('test/fixtures/scenarios/small-mix.yaml');
/** A scenario that simulates for minutes: a check that ran after the simulation would time the test out. */
const SLOW = 'black-friday';
/**
 * The files capsim says it wrote in `out` (its manifest), with the manifest itself: what a
 * folder holds when nobody else put anything there.
 */
function capsimFiles(out: string): string[] {
  const listed = readFileSync(join(out, '.capsim-run'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  expect(listed).toEqual(expect.arrayContaining(['events.json', 'operations.csv', 'report.html', 'report.md', 'summary.json', 'timeseries.csv']));
  return ['.capsim-run', ...listed];
}

const dir = () => mkdtempSync(join(tmpdir(), 'capsim-outputs-'));

/** A process that stays alive (a stand-in for another capsim) until killed. */
function liveProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
}
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('--out is checked before any work (item 3)', () => {
  it('$ capsim run black-friday --out report.txt   (an existing file): exit 2 at once, the file untouched', async () => {
    const d = dir();
    writeFileSync(join(d, 'report.txt'), 'mine');
    const s = await session(d, ['run', SLOW, '--out', join(d, 'report.txt')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual([`capsim: ${join(d, 'report.txt')}: is a file, expected a folder (an output folder to create or a capsim output folder)`]);
    expect(s.after).toEqual(['report.txt']);
    expect(readFileSync(join(d, 'report.txt'), 'utf8')).toBe('mine');
  });

  it('$ capsim run black-friday --out notes.txt/run   (a parent is a file): exit 2 at once', async () => {
    const d = dir();
    writeFileSync(join(d, 'notes.txt'), 'mine');
    const s = await session(d, ['run', SLOW, '--out', join(d, 'notes.txt', 'run')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toHaveLength(1);
    expect(s.stderr[0]).toMatch(/notes\.txt[/\\]run: cannot create it: .*notes\.txt is a file, not a folder$/);
    expect(s.after).toEqual(s.before);
  });

  it.skipIf(process.getuid?.() === 0)('$ capsim run black-friday --out locked/run   (parent not writable): exit 2 at once', async () => {
    const d = dir();
    mkdirSync(join(d, 'locked'));
    chmodSync(join(d, 'locked'), 0o555);
    try {
      const s = await session(d, ['run', SLOW, '--out', join(d, 'locked', 'run')]);
      expect(s.code).toBe(2);
      expect(s.stderr[0]).toMatch(/locked[/\\]run: cannot write there: the folder .*locked is not writable \(permission denied\)$/);
    } finally {
      chmodSync(join(d, 'locked'), 0o755);
    }
  });

  // As root, permission bits do not stop a write; the kernel's /proc/sys refuses even root.
  const procSysLocked = (() => {
    try {
      accessSync('/proc/sys', constants.W_OK);
      return false;
    } catch {
      return existsSync('/proc/sys');
    }
  })();
  it.skipIf(!procSysLocked)('$ capsim run black-friday --out /proc/sys/run   (parent not writable, even for root): exit 2 at once, the folder named as given', async () => {
    const d = dir();
    const s = await session(d, ['run', SLOW, '--out', '/proc/sys/capsim-run']);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual(['capsim: /proc/sys/capsim-run: cannot write there: the folder /proc/sys is not writable (permission denied)']);
    expect(s.after).toEqual(s.before);
  });

  it('$ capsim run black-friday --out mine   (a folder capsim did not write): exit 2 at once, nothing touched', async () => {
    const d = dir();
    mkdirSync(join(d, 'mine'));
    writeFileSync(join(d, 'mine', 'precious.txt'), 'mine');
    const s = await session(d, ['run', SLOW, '--out', join(d, 'mine')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual([`capsim: ${join(d, 'mine')}: the output folder exists and was not written by capsim; choose another --out or empty it`]);
    expect(s.after).toEqual(['mine/', 'mine/precious.txt']);
  });

  it('$ capsim run small-mix.yaml --out a/b/c --trace t/trace.ndjson   (missing parents): created', async () => {
    const d = dir();
    const s = await session(d, ['run', SMALL, '--out', join(d, 'a', 'b', 'c'), '--trace', join(d, 't', 'trace.ndjson')]);
    expect(s.code, s.stderr.join('\n')).toBe(0);
    expect(s.before).toEqual([]);
    expect(s.after).toEqual(['a/', 'a/b/', 'a/b/c/', ...capsimFiles(join(d, 'a', 'b', 'c')).map((f) => `a/b/c/${f}`), 't/', 't/trace.ndjson'].sort());
  });

  it('$ capsim calibrate ... --out a-folder   (a folder where a file is expected): exit 2 before fitting', async () => {
    const d = dir();
    mkdirSync(join(d, 'model.yaml'));
    const s = await session(d, ['calibrate', '--k6', 'nope.ndjson', '--scenario', 'test/fixtures/calibration-scenarios/one-replica.yaml', '--out', join(d, 'model.yaml')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual([`capsim: ${join(d, 'model.yaml')}: is a folder, expected a file name to write`]);
    expect(s.after).toEqual(['model.yaml/']);
  });

  it('$ capsim calibrate --scenario s.yaml --out s.yaml   and   run s.yaml --trace ./s.yaml   (an output that is an input): exit 2 at once, the input untouched', async () => {
    const d = dir();
    const scenario = readFileSync(SMALL, 'utf8');
    writeFileSync(join(d, 's.yaml'), scenario);
    writeFileSync(join(d, 'k6.ndjson'), '');
    const s = join(d, 's.yaml');
    const calibrate = await session(d, ['calibrate', '--k6', join(d, 'k6.ndjson'), '--scenario', s, '--out', s]);
    expect(calibrate.code).toBe(2);
    expect(calibrate.stderr).toEqual([`capsim: ${s}: --out names a file this command reads (--scenario); capsim never writes over its inputs: choose another path`]);
    const same = `${d}/./s.yaml`; // the same file spelt otherwise
    const run = await session(d, ['run', s, '--trace', same]);
    expect(run.code).toBe(2);
    expect(run.stderr).toEqual([`capsim: ${same}: --trace names a file this command reads (the scenario argument); capsim never writes over its inputs: choose another path`]);
    expect(run.after).toEqual(['k6.ndjson', 's.yaml']);
    expect(readFileSync(join(d, 's.yaml'), 'utf8')).toBe(scenario);
  });

  it('a failed run leaves no folder behind, not even the parents it created', async () => {
    const d = dir();
    const bad = join(d, 'bad.yaml');
    writeFileSync(bad, readFileSync(SMALL, 'utf8').replace(/^(\s*)cpu: ?\{?\s*request: .*$/m, '$1cpu: { request: "500 m" }'));
    const s = await session(d, ['run', bad, '--out', join(d, 'x', 'y')]);
    expect(s.code).toBe(2);
    expect(s.after).toEqual(['bad.yaml']);
  });
});

describe('a capsim folder is updated, never emptied (item 4)', () => {
  it('$ capsim run ... --out out   twice, with a note added between: the note stays, capsim files are replaced', async () => {
    const d = dir();
    const out = join(d, 'out');
    expect((await session(d, ['run', SMALL, '--out', out, '--seed', '1'])).code).toBe(0);
    writeFileSync(join(out, 'notes.md'), 'my notes');
    const first = readFileSync(join(out, 'summary.json'), 'utf8');
    const s = await session(d, ['run', SMALL, '--out', out, '--seed', '2']);
    expect(s.code).toBe(0);
    expect(s.after).toEqual(['out/', ...[...capsimFiles(out), 'notes.md'].sort().map((f) => `out/${f}`)]);
    expect(readFileSync(join(out, 'notes.md'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).not.toBe(first);
    expect(readFileSync(join(out, '.capsim-run'), 'utf8')).not.toContain('notes.md');
  });

  it('a folder written by capsim 0.1 (a manifest without a list, the whole folder was capsim\'s): a rerun replaces all of it', async () => {
    const d = dir();
    const out = join(d, 'out');
    mkdirSync(out);
    writeFileSync(join(out, '.capsim-run'), 'written by capsim; this folder is replaced by the next run with the same --out\n');
    writeFileSync(join(out, 'summary.json'), '{}');
    writeFileSync(join(out, 'dropped-since.csv'), 'x');
    const s = await session(d, ['run', SMALL, '--out', out]);
    expect(s.code, s.stderr.join('\n')).toBe(0);
    expect(s.after).toEqual(['out/', ...capsimFiles(out).map((f) => `out/${f}`)]);
    writeFileSync(join(out, 'notes.md'), 'mine'); // from now on the manifest lists capsim's files: the note is the user's
    expect((await session(d, ['run', SMALL, '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, 'notes.md'), 'utf8')).toBe('mine');
  });

  it('a file capsim wrote before and no longer writes is removed; one the user put there is not', async () => {
    const { writeRunFolder } = await import('../../reports/runFolder.js');
    const d = dir();
    writeRunFolder(join(d, 'o'), { 'a.txt': 'a', 'sub/b.txt': 'b' });
    writeFileSync(join(d, 'o', 'mine.txt'), 'mine');
    writeRunFolder(join(d, 'o'), { 'a.txt': 'a2' });
    expect(tree(d)).toEqual(['o/', 'o/.capsim-run', 'o/a.txt', 'o/mine.txt']);
  });

  it('a file the user put where capsim now writes one is never overwritten', async () => {
    const { writeRunFolder } = await import('../../reports/runFolder.js');
    const d = dir();
    writeRunFolder(join(d, 'o'), { 'a.txt': 'a' });
    writeFileSync(join(d, 'o', 'b.txt'), 'mine');
    expect(() => writeRunFolder(join(d, 'o'), { 'a.txt': 'a', 'b.txt': 'capsim' })).toThrow(/b\.txt is in the output folder and was not written by capsim/);
    expect(readFileSync(join(d, 'o', 'b.txt'), 'utf8')).toBe('mine');
    expect(tree(d)).toEqual(['o/', 'o/.capsim-run', 'o/a.txt', 'o/b.txt']);
  });

  it('$ capsim slo rules ... --out out   where out holds a capacity run: exit 2 at once, naming both commands; the run is untouched', async () => {
    const d = dir();
    const out = join(d, 'out');
    expect((await session(d, ['run', SMALL, '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, '.capsim-run'), 'utf8')).toContain('# written by: capsim run\n');
    const s = await session(d, ['slo', 'rules', SMALL, '--out', out]);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual([`capsim: ${out}: the output folder holds the output of \`capsim run\`, which \`capsim slo rules\` would replace; choose another --out`]);
    expect(s.after).toEqual(s.before);
    // The same command again replaces its own output, and a report rebuilt there keeps the kind.
    expect((await session(d, ['run', SMALL, '--out', out])).code).toBe(0);
    expect((await session(d, ['report', out])).code).toBe(0);
    expect(readFileSync(join(out, '.capsim-run'), 'utf8')).toContain('# written by: capsim run\n');
  });

  it('$ capsim report out   rebuilds the report beside the other files and keeps them', async () => {
    const d = dir();
    const out = join(d, 'out');
    expect((await session(d, ['run', SMALL, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'notes.md'), 'my notes');
    const s = await session(d, ['report', out]);
    expect(s.code, s.stderr.join('\n')).toBe(0);
    expect(s.after).toEqual(s.before);
    expect(capsimFiles(out)).not.toContain('notes.md');
  });
});

describe('one writer at a time (item 4)', () => {
  it('$ capsim run ... --out out   while another capsim holds out: refused at once, naming it', async () => {
    const d = dir();
    const other = liveProcess();
    children.push(other);
    writeFileSync(join(d, '.out.lock'), `${other.pid}\n`);
    const s = await session(d, ['run', SLOW, '--out', join(d, 'out')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual([`capsim: ${join(d, 'out')}: another capsim (pid ${other.pid}) is writing here; wait for it to finish or choose another output (if no capsim is running, delete .out.lock)`]);
    expect(s.after).toEqual(['.out.lock']);
  });

  it('the lock of a process that no longer exists is taken over, and released after', async () => {
    const d = dir();
    const dead = liveProcess();
    const pid = dead.pid as number;
    dead.kill('SIGKILL');
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(d, '.out.lock'), `${pid}\n`);
    const s = await session(d, ['run', SMALL, '--out', join(d, 'out')]);
    expect(s.code, s.stderr.join('\n')).toBe(0);
    expect(s.after).toEqual(['out/', ...capsimFiles(join(d, 'out')).map((f) => `out/${f}`)]);
  });

  it('every command that writes takes the lock: calibrate --out, run --trace, report --compare, tune', async () => {
    const d = dir();
    const run = join(d, 'r');
    expect((await session(d, ['run', SMALL, '--out', run])).code).toBe(0);
    const other = liveProcess();
    children.push(other);
    for (const name of ['model.yaml', 'trace.ndjson', 'cmp', 'tune']) writeFileSync(join(d, `.${name}.lock`), `${other.pid}\n`);
    const cases = [
      ['calibrate', '--k6', 'x.ndjson', '--scenario', SMALL, '--out', join(d, 'model.yaml')],
      ['run', SLOW, '--out', join(d, 'free'), '--trace', join(d, 'trace.ndjson')],
      ['report', '--compare', run, run, '--out', join(d, 'cmp')],
      ['tune', '--scenario', SMALL, '--manifests', 'test/fixtures/tune/steady/k8s', '--out', join(d, 'tune')],
    ];
    for (const argv of cases) {
      const s = await session(d, argv);
      expect(s.code, argv.join(' ')).toBe(2);
      expect(s.stderr, argv.join(' ')).toEqual([expect.stringContaining(`another capsim (pid ${other.pid}) is writing here`)]);
      expect(s.after).toEqual(s.before);
    }
  });
});

describe('runs without --out get a fresh folder each (item 4)', () => {
  it('$ capsim run small-mix.yaml   twice: out/small-mix/001, then 002; each run says where', async () => {
    const d = dir();
    const cwd = process.cwd();
    process.chdir(d);
    try {
      const first = await session(d, ['run', SMALL]);
      const second = await session(d, ['run', SMALL]);
      expect(first.code).toBe(0);
      expect(first.stderr).toContain(`capsim: small-mix: results in ${join('out', 'small-mix', '001')}`);
      expect(second.stderr).toContain(`capsim: small-mix: results in ${join('out', 'small-mix', '002')}`);
      expect(second.after.filter((f) => /^out\/small-mix\/\d+\/$/.test(f))).toEqual(['out/small-mix/001/', 'out/small-mix/002/']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('npm start runs the default scenario without --out, so it never reuses a folder', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toMatch(/ run --default$/);
  });
});

describe('what killed processes leave is recognised and removed (issue 12)', () => {
  it('$ capsim run ... --out out   next to .out.tmp-<dead pid> and .out.old-<dead pid>: removed; a live one kept', async () => {
    const d = dir();
    const dead = liveProcess();
    const deadPid = dead.pid as number;
    dead.kill('SIGKILL');
    await new Promise((r) => dead.once('exit', r));
    const live = liveProcess();
    children.push(live);
    for (const name of [`.out.tmp-${deadPid}`, `.out.old-${deadPid}`, `.out.tmp-${live.pid}`]) {
      mkdirSync(join(d, name));
      writeFileSync(join(d, name, 'summary.json'), '{}');
    }
    const s = await session(d, ['run', SMALL, '--out', join(d, 'out')]);
    expect(s.code, s.stderr.join('\n')).toBe(0);
    expect(s.after.filter((f) => !f.startsWith('out/'))).toEqual([`.out.tmp-${live.pid}/`, `.out.tmp-${live.pid}/summary.json`]);
  });

  it('$ capsim report out   of a folder whose write was interrupted: exit 2, and a rerun completes it', async () => {
    const d = dir();
    const out = join(d, 'out');
    expect((await session(d, ['run', SMALL, '--out', out])).code).toBe(0);
    writeFileSync(join(out, '.capsim-incomplete'), '# capsim (pid 1) was writing this folder and stopped\nsummary.json\n');
    const s = await session(d, ['report', out]);
    expect(s.code).toBe(2);
    expect(s.stderr).toEqual([`capsim: ${out}: capsim was interrupted while writing this folder (.capsim-incomplete is present): its files may be from two runs; run the command that wrote it again`]);
    const again = await session(d, ['run', SMALL, '--out', out]);
    expect(again.code).toBe(0);
    expect(existsSync(join(out, '.capsim-incomplete'))).toBe(false);
  });
});
