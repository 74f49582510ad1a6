import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HORIZON_CASES, horizonLine, runHorizon } from './horizons.js';

/**
 * `npm run bench`: simulator speed and memory (issues 2 and 15), each case in a fresh process so
 * its peak memory is its own. Figures are printed, not asserted: speed is a property of the
 * machine (and of its load: on a shared machine, compare figures taken at the same time, so each
 * line ends with the 1-minute load average before and after its case).
 *
 * `npm run bench -- d day-3000rps` runs only the cases named (a-e, scaling, tune, or a long-horizon
 * case's id, or tune-readme, the README's tuning example, minutes long, run only when named); with
 * no names, every other case. `--runs n` runs each of cases a-e n times, each in a fresh process,
 * and prints the run of median CPU time with the range over the n runs: on a virtual machine one
 * run in several can be much slower in every function alike, so one run alone decides nothing.
 */
const here = dirname(fileURLToPath(import.meta.url));

interface CaseResult {
  id: string;
  title: string;
  requests: number;
  seconds: number;
  /** CPU seconds of the simulation (case.js), or of the whole process (case e). */
  cpuSeconds?: number;
  requestsPerSecond: number;
  peakRssMB: number;
}

function runCase(id: string, requests?: number): CaseResult {
  const args = [join(here, 'case.js'), id, ...(requests === undefined ? [] : [String(requests)])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as CaseResult;
}

function line(r: CaseResult): string {
  return `${r.id}  ${r.title.padEnd(68)} ${(r.requests / 1e6).toFixed(2).padStart(6)}M req  ${r.seconds.toFixed(2).padStart(7)} s${r.cpuSeconds === undefined ? '' : ` (CPU ${r.cpuSeconds.toFixed(2)} s)`}  ${(r.requestsPerSecond / 1e6).toFixed(2).padStart(6)}M req/s  peak RSS ${r.peakRssMB.toFixed(0).padStart(4)} MB`;
}

/** Run a case and its printed line, followed by the machine's 1-minute load average before and after it. */
function withLoad(run: () => string): string {
  const before = loadavg()[0] as number;
  const text = run();
  return `${text}  load ${before.toFixed(1)} -> ${(loadavg()[0] as number).toFixed(1)}`;
}

const USAGE = `usage: npm run bench -- [--runs n] [case...]
cases: a b c d e scaling tune tune-readme ${HORIZON_CASES.map((c) => c.id).join(' ')} (none named: all but tune-readme)
  --runs n   run each of cases a-e n times (fresh processes); print the median run and the range
  -h, --help print this help`;

/** The command line: the cases named and --runs, or one line naming what is wrong (exit 2). */
function parseCommandLine(args: string[]): { only: string[]; runs: number } {
  try {
    const { values, positionals } = parseArgs({ args, options: { runs: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (values.help === true) {
      console.log(USAGE);
      process.exit(0);
    }
    const runs = values.runs === undefined ? 1 : Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a whole number of at least 1, got "${values.runs}"`);
    const known = new Set(['a', 'b', 'c', 'd', 'e', 'scaling', 'tune', 'tune-readme', ...HORIZON_CASES.map((c) => c.id)]);
    const unknown = positionals.find((p) => !known.has(p));
    if (unknown !== undefined) throw new Error(`unknown case "${unknown}": expected one of ${[...known].join(', ')}`);
    return { only: positionals, runs };
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

const { only, runs } = parseCommandLine(process.argv.slice(2));
const wanted = (id: string): boolean => only.length === 0 || only.includes(id);

/**
 * A case run `runs` times: the run of median CPU time (wall time where the case has none), its
 * line followed by the range of CPU (or wall) seconds over the runs.
 */
function repeated(run: () => CaseResult): string {
  const all = Array.from({ length: runs }, run);
  if (runs === 1) return line(all[0] as CaseResult);
  const cost = (r: CaseResult): number => r.cpuSeconds ?? r.seconds;
  const sorted = [...all].sort((x, y) => cost(x) - cost(y));
  const median = sorted[(runs - 1) >> 1] as CaseResult;
  const unit = median.cpuSeconds === undefined ? 'wall' : 'CPU';
  return `${line(median)}  median of ${runs} (${unit} ${cost(sorted[0] as CaseResult).toFixed(2)}-${cost(sorted[runs - 1] as CaseResult).toFixed(2)} s)`;
}

/** The M/M/10 queue of case (a) as a scenario file a user would write: 900 rps for 11,111 s (10 M requests). */
const MMC_10M = `name: mmc-10m
traffic:
  arrivals: poisson
  timeUnit: 1s
  startRate: 900
  stages:
    - { duration: 11111s, target: 900 }
  mix: { authorize: 1 }
workload:
  operations:
    authorize:
      serviceTime: { distribution: exponential, meanMs: 10 }
  pod:
    workers: 10
    queueLimit: 100000
  routing: round-robin
deployment:
  replicas: 1
`;

/** `capsim run` of the M/M/10 scenario as a whole process: start-up, simulation, every report file. */
function cliCase(): CaseResult {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-bench-'));
  try {
    const file = join(dir, 'mmc-10m.yaml');
    writeFileSync(file, MMC_10M);
    const out = join(dir, 'out');
    const t0 = process.hrtime.bigint();
    const r = JSON.parse(execFileSync(process.execPath, [join(here, 'cliRun.js'), 'run', file, '--out', out], { encoding: 'utf8' })) as { code: number; peakRssMB: number; cpuSeconds: number };
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.code !== 0) throw new Error(`capsim run exited with ${r.code}`);
    const requests = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { requests: { arrived: number } }).requests.arrived;
    return { id: 'e', title: 'capsim run, M/M/10 scenario file, 10M requests, whole process', requests, seconds, cpuSeconds: r.cpuSeconds, requestsPerSecond: requests / seconds, peakRssMB: r.peakRssMB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`capsim bench on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`);
console.log('simulator: simulated requests per second (wall clock) and peak resident memory per case, one core each');
for (const id of ['a', 'b', 'c', 'd']) if (wanted(id)) console.log(withLoad(() => repeated(() => runCase(id))));
if (wanted('e')) console.log(withLoad(() => repeated(cliCase)));
if (wanted('scaling')) {
  console.log('memory as the run grows (case a): peak RSS at 1M, 3M and 10M requests');
  for (const n of [1_000_000, 3_000_000, 10_000_000]) console.log(withLoad(() => line(runCase('a', n))));
}
const tune = wanted('tune') ? await import('./tune.js').catch(() => null) : undefined;
if (tune === undefined) {
  // not asked for
} else if (tune && typeof (tune as { benchTune?: unknown }).benchTune === 'function') {
  const r = await (tune as unknown as { benchTune: () => Promise<Record<string, number>> }).benchTune();
  console.log(`tuning: ${JSON.stringify(r)}`);
} else {
  console.log('tuning: bench/tune.js not built');
}
// Minutes long: run only when named (`npm run bench -- tune-readme`).
if (only.includes('tune-readme')) console.log(withLoad(tuneReadmeCase));

/** The README's first tuning example as a user runs it (a whole `capsim tune` process), end to end. */
function tuneReadmeCase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-bench-'));
  try {
    const args = ['tune', '--scenario', 'black-friday', '--scenario', 'payday', '--manifests', join(here, '..', '..', 'scenarios', 'manifests', 'reference'), '--budget', '200', '--seeds', '3', '--out', join(dir, 'out')];
    const cpu0 = childCpuSeconds();
    const t0 = process.hrtime.bigint();
    const stdout = execFileSync(process.execPath, [join(here, '..', 'cli', 'bin.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = childCpuSeconds();
    const full = (JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as { current: { runs: unknown[] }; evaluations: Array<{ runs: unknown[] }> });
    const sims = full.current.runs.length + full.evaluations.reduce((n, e) => n + e.runs.length, 0);
    const summary = stdout.split('\n').find((l) => l.startsWith('Screening model')) ?? '';
    return `tune-readme  capsim tune black-friday + payday, budget 200, 3 seeds (README)  ${seconds.toFixed(1)} s${cpu === null || cpu0 === null ? '' : ` (CPU ${(cpu - cpu0).toFixed(1)} s)`}  ${sims} full simulations kept  ${summary.slice(0, summary.indexOf(':'))}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds (user + system) of this process's finished children, from /proc (Linux); null elsewhere. */
function childCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

const horizons = HORIZON_CASES.filter((c) => wanted(c.id));
if (horizons.length > 0) console.log('long horizons: capsim run end to end (report included), wall time and peak RSS per case');
for (const c of horizons) console.log(withLoad(() => horizonLine(c, runHorizon(c))));
