import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mutateBytes, mutateText, prng } from './mutate.js';
import { inputValidity, outputComplete } from './oracle.js';

/**
 * `npm run fuzz:campaign -- --count 1500 [--seed 1] [--timeout 60] [--jobs 2] [--keep DIR]`
 *
 * Mutates the project's own fixtures and manifests (and the k6 fixtures in ../shared when
 * present), runs the CLI on each mutant in a fresh process, `--jobs` at a time with a time
 * limit, and counts what happened against the contract of the README: exit 0 with complete
 * output for a valid input (judged independently of capsim's readers, fuzz/oracle.ts; a damaged
 * one only when a warning names the damage), or exit 2 with one line and no output. Anything else (several lines, a stack trace,
 * another exit code, output left behind by a failed run, a hang, a crashed process) is a
 * defect; `--keep DIR` keeps those inputs with their command and stderr for triage. Same seed,
 * same inputs.
 *
 * Each of the `--jobs` workers (fuzz/worker.ts) is a Node process with a 1 GB heap that loads
 * the CLI once and runs `main()` on input after input, exactly as bin.ts does but without a
 * process start per input; one that overruns the time limit is killed (a hang) and one that
 * dies (a V8 abort, an uncaught exception) is counted as a crash; either is replaced.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const workerJs = join(root, 'dist', 'fuzz', 'worker.js');

interface Options {
  count: number;
  seed: number;
  timeoutS: number;
  jobs: number;
  keep?: string;
}

function options(argv: readonly string[]): Options {
  const o: Options = { count: 200, seed: 1, timeoutS: 60, jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const num = (): number => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: expected a positive number, got ${String(value)}`);
      i++;
      return n;
    };
    if (flag === '--count') o.count = Math.floor(num());
    else if (flag === '--seed') o.seed = Math.floor(num());
    else if (flag === '--timeout') o.timeoutS = num();
    else if (flag === '--jobs') o.jobs = Math.floor(num());
    else if (flag === '--keep' && value !== undefined) (o.keep = value), i++;
    else throw new Error(`unknown option ${String(flag)}; expected --count N, --seed N, --timeout S, --jobs N, --keep DIR`);
  }
  return o;
}

/** One way to call the CLI: the files it reads (one of them is mutated) and its arguments. */
interface Target {
  readonly name: string;
  /** Files the command reads, by role; `mutate` names the role that gets the mutant. */
  readonly files: Record<string, string>;
  readonly mutable: readonly string[];
  /** Arguments, with {role} replaced by the file's path and {out} by a fresh output folder. */
  readonly args: readonly string[];
}

const fx = (...p: string[]) => join(root, 'test', 'fixtures', ...p);
const shared = join(root, '..', 'shared', 'fixtures');

function targets(): Target[] {
  const t: Target[] = [];
  // Short scenarios only: a valid mutant is simulated in full, and a long one would pass for a hang.
  const tiny = writeTiny();
  for (const s of [fx('scenarios', 'small-mix.yaml'), fx('calibration-scenarios', 'one-replica.yaml'), fx('calibration-scenarios', 'two-replicas-500m.yaml'), fx('calibration-scenarios', 'one-replica-fifo.yaml'), tiny]) {
    t.push({ name: `run ${basename(s)}`, files: { scenario: s }, mutable: ['scenario'], args: ['run', '{scenario}', '--out', '{out}'] });
  }
  const manifests: string[] = [];
  for (const dir of [fx('scenarios', 'hpa-step'), fx('scenarios', 'hpa-vpa'), fx('scenarios', 'flash-nodes'), fx('tune', 'steady', 'k8s'), fx('k8s'), join(root, 'scenarios', 'manifests', 'reference'), join(root, 'k8s')]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (/\.ya?ml$/.test(f) && !f.startsWith('scenario')) manifests.push(join(dir, f));
  }
  for (const m of manifests) {
    t.push({ name: `run --manifests ${basename(dirname(m))}/${basename(m)}`, files: { manifest: m, scenario: tiny }, mutable: ['manifest'], args: ['run', '{scenario}', '--manifests', '{manifest}', '--out', '{out}'] });
  }
  const explain = { hpa: fx('k8s', 'payments-hpa.yaml'), pods: fx('k8s', 'payments-pods.json'), metrics: fx('k8s', 'payments-podmetrics.json'), deployment: fx('k8s', 'payments-deployment.yaml') };
  t.push({ name: 'hpa explain', files: explain, mutable: ['hpa', 'pods', 'metrics', 'deployment'], args: ['hpa', 'explain', '--hpa', '{hpa}', '--pods', '{pods}', '--metrics', '{metrics}', '--deployment', '{deployment}'] });
  const usage = join(root, 'test', 'fixtures', 'vpa', 'usage.csv');
  const vpa = { vpa: fx('scenarios', 'hpa-vpa', 'vpa.yaml'), usage: existsSync(usage) ? usage : '' };
  if (vpa.usage === '') vpa.usage = writeUsage();
  t.push({ name: 'vpa recommend', files: vpa, mutable: ['vpa', 'usage'], args: ['vpa', 'recommend', '--vpa', '{vpa}', '--usage', '{usage}'] });
  for (const f of ['local/run.ndjson', 'local/run.csv', 'local/summary.json', 'public/KirillY__k6-load-template__k6-results.ndjson', 'public/andreposman__qr-code-generator__summary-export.json']) {
    const file = join(shared, 'k6', f);
    if (existsSync(file) && statSync(file).size < 20e6) t.push({ name: `k6 summary ${basename(f)}`, files: { run: file }, mutable: ['run'], args: ['k6', 'summary', '{run}'] });
  }
  return t;
}

// Ten seconds of one operation at 10 requests per second: the scenario manifests are tried with.
function writeTiny(): string {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-fuzz-tiny-'));
  const f = join(dir, 'tiny.yaml');
  writeFileSync(f, ['name: tiny', 'traffic:', '  startRate: 10', '  stages: [{duration: 10s, target: 10}]', '  mix: {authorize: 1}', 'workload:', '  operations:', '    authorize: {cpu: {distribution: constant, valueMs: 5}}', '  pod: {workers: 4, queueLimit: 10}', ''].join('\n'));
  return f;
}

// A usage history for vpa recommend when the project ships none: two days of one container.
function writeUsage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-fuzz-usage-'));
  const rows = ['time,pod,container,cpu_cores,memory_bytes'];
  for (let m = 0; m < 2 * 24 * 60; m += 10) rows.push(`${1767571200 + m * 60},api-1,api,${(0.2 + 0.1 * Math.sin(m / 60)).toFixed(3)},${268435456 + (m % 97) * 1048576}`);
  const f = join(dir, 'usage.csv');
  writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

type Outcome =
  | 'exit 0'
  | 'exit 0, damaged input named in a warning'
  | 'exit 2, one line'
  | 'exit 0 on invalid input, nothing said'
  | 'exit 0, output incomplete'
  | 'exit 2, several lines'
  | 'stack trace'
  | 'hang'
  | 'crash'
  | 'output left by a failed run'
  | 'other exit';

/** What the contract allows; every other outcome is a defect. */
const ALLOWED: ReadonlySet<Outcome> = new Set(['exit 0', 'exit 0, damaged input named in a warning', 'exit 2, one line']);
/** Roles whose files are Kubernetes objects (judged by their OpenAPI schemas when accepted). */
const MANIFEST_ROLES = new Set(['manifest', 'hpa', 'deployment', 'vpa']);

interface Result {
  outcome: Outcome;
  target: string;
  args: string[];
  stderr: string;
  dir: string;
}

function prepare(target: Target, index: number, seed: number, work: string): { args: string[]; dir: string; out: string; mutant: string; role: string } {
  const r = prng(seed * 1_000_003 + index);
  const dir = join(work, String(index));
  mkdirSync(dir, { recursive: true });
  const role = target.mutable[Math.floor(r() * target.mutable.length)] as string;
  const paths: Record<string, string> = {};
  for (const [name, file] of Object.entries(target.files)) {
    if (name !== role) {
      paths[name] = file;
      continue;
    }
    const dest = join(dir, basename(file));
    const raw = readFileSync(file);
    const gz = raw[0] === 0x1f && raw[1] === 0x8b;
    // Compressed inputs: damage the compressed bytes, or mutate the text and compress it again.
    writeFileSync(dest, gz ? (r() < 0.5 ? mutateBytes(raw, r) : gzipSync(mutateText(gunzipSync(raw).toString('utf8'), r))) : mutateText(raw.toString('utf8'), r));
    paths[name] = dest;
  }
  const out = join(dir, 'out');
  const args = target.args.map((a) => a.replace(/\{(\w+)\}/g, (_, k: string) => (k === 'out' ? out : (paths[k] as string))));
  return { args, dir, out, mutant: paths[role] as string, role };
}

interface Answer {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  crashed: boolean;
  outLeft: boolean;
}

/** A worker process and the input it is running. */
class Worker {
  private child: ChildProcess | undefined;
  private runs = 0;

  /** Run one input; restarts the worker after a hang or a crash, and every 200 inputs (memory). */
  run(args: string[], out: string, timeoutS: number): Promise<Answer> {
    if (this.child === undefined || this.runs >= 200) this.restart();
    this.runs++;
    const child = this.child as ChildProcess;
    return new Promise((done) => {
      let settled = false;
      const finish = (a: Omit<Answer, 'outLeft'>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        done({ ...a, outLeft: existsSync(out) });
      };
      const onMessage = (m: { code: number; stdout: string; stderr: string }): void => finish({ code: m.code, stdout: m.stdout, stderr: m.stderr, timedOut: false, crashed: false });
      const onExit = (code: number | null, signal: string | null): void => {
        this.child = undefined;
        finish({ code, stdout: '', stderr: `worker died (${signal ?? `exit ${String(code)}`}): ${stderrTail.join('').slice(-2000)}`, timedOut: false, crashed: true });
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        this.child = undefined;
        finish({ code: null, stdout: '', stderr: '', timedOut: true, crashed: false });
      }, timeoutS * 1000);
      const stderrTail = this.stderrTail;
      stderrTail.length = 0;
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ id: 0, args });
    });
  }

  private stderrTail: string[] = [];

  private restart(): void {
    this.child?.kill('SIGKILL');
    this.runs = 0;
    const child = fork(workerJs, [], { execArgv: ['--max-old-space-size=1024'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr?.on('data', (d: Buffer) => {
      this.stderrTail.push(d.toString());
      if (this.stderrTail.length > 20) this.stderrTail.shift();
    });
    this.child = child;
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

/** Why an accepted input's outcome is what it is (for the defect list), set by classify. */
let why = '';

function classify(r: Answer, accepted: () => { input: ReturnType<typeof inputValidity>; output: ReturnType<typeof outputComplete> }): Outcome {
  why = '';
  if (r.timedOut) return 'hang';
  if (r.crashed) return 'crash';
  if (/internal error|\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr) || /^\s+at /m.test(r.stderr)) return 'stack trace';
  if (r.code === 0) {
    const { input, output } = accepted();
    if (!output.valid) return (why = output.why), 'exit 0, output incomplete';
    if (input.valid) return 'exit 0';
    why = input.why;
    return /warning/.test(r.stderr) ? 'exit 0, damaged input named in a warning' : 'exit 0 on invalid input, nothing said';
  }
  if (r.code === 2) {
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    if (lines.length !== 1) return 'exit 2, several lines';
    if (r.outLeft || r.stdout !== '') return 'output left by a failed run';
    return 'exit 2, one line';
  }
  return 'other exit';
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (!existsSync(bin) || !existsSync(workerJs)) throw new Error('dist/ is missing: run npm run build first');
  const ts = targets();
  const work = mkdtempSync(join(tmpdir(), 'capsim-fuzz-'));
  const counts = new Map<Outcome, number>();
  const byTarget = new Map<string, number>();
  const defects: Result[] = [];
  const started = Date.now();
  let next = 0;
  let finished = 0;
  console.log(`capsim fuzz campaign: ${o.count} mutated inputs over ${ts.length} command/fixture pairs, seed ${o.seed}, ${o.jobs} at a time, ${o.timeoutS} s limit each`);
  const worker = async (): Promise<void> => {
    const w = new Worker();
    while (next < o.count) {
      const i = next++;
      const target = ts[i % ts.length] as Target;
      const { args, dir, out, mutant, role } = prepare(target, i, o.seed, work);
      const r = await w.run(args, out, o.timeoutS);
      const outcome = classify(r, () => ({ input: inputValidity(mutant, MANIFEST_ROLES.has(role)), output: outputComplete(args.includes('--out') ? out : undefined, r.stdout) }));
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      byTarget.set(`${target.name}: ${outcome}`, (byTarget.get(`${target.name}: ${outcome}`) ?? 0) + 1);
      if (!ALLOWED.has(outcome)) {
        const stderr = why === '' ? r.stderr : `${why}\n${r.stderr}`;
        defects.push({ outcome, target: target.name, args, stderr, dir });
        if (o.keep !== undefined) keep(o.keep, i, { outcome, target: target.name, args, stderr, dir });
      }
      rmSync(dir, { recursive: true, force: true });
      finished++;
      if (finished % 100 === 0) console.log(`  ${finished}/${o.count} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    w.stop();
  };
  await Promise.all(Array.from({ length: o.jobs }, () => worker()));
  rmSync(work, { recursive: true, force: true });
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const order: Outcome[] = ['exit 0', 'exit 0, damaged input named in a warning', 'exit 2, one line', 'exit 0 on invalid input, nothing said', 'exit 0, output incomplete', 'exit 2, several lines', 'stack trace', 'hang', 'crash', 'output left by a failed run', 'other exit'];
  for (const k of order) console.log(`${String(counts.get(k) ?? 0).padStart(6)}  ${k}`);
  for (const d of defects.slice(0, 20)) console.log(`defect: ${d.outcome}: capsim ${d.args.join(' ')}\n  ${d.stderr.split('\n').slice(0, 3).join('\n  ')}`);
  if (defects.length > 0) process.exitCode = 1;
}

function keep(dir: string, i: number, d: Result): void {
  const dest = join(dir, String(i));
  mkdirSync(dest, { recursive: true });
  for (const f of readdirSync(d.dir)) if (f !== 'out') writeFileSync(join(dest, f), readFileSync(join(d.dir, f)));
  writeFileSync(join(dest, 'defect.txt'), `${d.outcome}\ncapsim ${d.args.join(' ')}\n\n${d.stderr}`);
}

await main();
