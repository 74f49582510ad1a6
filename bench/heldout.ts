import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { DEFAULT_QUERIES } from '../calibration/prometheus/httpApi.js';
import { freePort, waitFor } from './loopback.js';
import { openLoad } from './openLoad.js';

/**
 * `npm run bench:heldout`: the prediction-accuracy benchmark of issue 11 on real parts. One run of
 * the reference service (`npm run service`, configured as in ../shared/fixtures/calibration-prom:
 * CPU_CLOCK=cpu, busy loops 4/2/3 ms, lognormal downstream medians 15/8/8 ms, sigma 0.3,
 * QMAX 64) at an operation mix, worker count and rate the shared runs do not have, scraped every
 * second by a real Prometheus, under an open-model load shaped like k6's constant-arrival-rate
 * (openLoad.ts: no k6 binary here); then `capsim validate` of a calibrated model against it,
 * k6 side and service side. With taskset and two or more cores the service runs alone on the last
 * core and Prometheus and the load on core 0, as the shared runs were recorded.
 *
 * The run folder keeps what a later validate needs: k6.ndjson, prometheus/ (query_range JSON at
 * step 1 s of the queries calibrate and validate use), scenario.yaml, validate.txt, run.json.
 * It is written as DIR.partial and renamed when complete; an existing DIR is refused.
 */
const USAGE = `usage: npm run bench:heldout -- --model MODEL.yaml --out DIR [--mix A,C,R] [--workers W] [--rate RPS] [--duration SECONDS]

  --model FILE      model from capsim calibrate (required)
  --out DIR         run folder to create (required; refused if it exists)
  --mix A,C,R       authorize,capture,refund weights (default 70,20,10)
  --workers W       the service's worker slots (default 8)
  --rate RPS        constant arrival rate, iterations per second (default 130)
  --duration S      seconds of load (default 60)
  -h, --help        this text`;

const SERVICE_ENV = {
  CPU_CLOCK: 'cpu',
  CPU_MS_AUTHORIZE: '4',
  CPU_MS_CAPTURE: '2',
  CPU_MS_REFUND: '3',
  DS_MEDIAN_AUTHORIZE: '15',
  DS_MEDIAN_CAPTURE: '8',
  DS_MEDIAN_REFUND: '8',
  DS_SIGMA: '0.3',
  OPS: 'authorize,capture,refund',
  QMAX: '64',
  REPLICA: '0',
  SEED: '12345',
} as const;
const MIX_SEED = 7;
const OPS = ['authorize', 'capture', 'refund'] as const;

interface Options {
  model: string;
  out: string;
  mix: number[];
  workers: number;
  rate: number;
  durationS: number;
}

function fail(message: string): never {
  console.error(`bench:heldout: ${message}`);
  process.exit(2);
}

function options(): Options {
  let v;
  try {
    v = parseArgs({
      options: {
        model: { type: 'string' },
        out: { type: 'string' },
        mix: { type: 'string', default: '70,20,10' },
        workers: { type: 'string', default: '8' },
        rate: { type: 'string', default: '130' },
        duration: { type: 'string', default: '60' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail(`${(e as Error).message}; see --help`);
  }
  if (v.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (v.model === undefined) fail('--model: expected a model YAML from capsim calibrate');
  if (!existsSync(v.model)) fail(`--model ${v.model}: no such file; expected a model YAML from capsim calibrate`);
  if (v.out === undefined) fail('--out: expected a folder to create for the run');
  if (existsSync(v.out)) fail(`--out ${v.out}: already exists; choose a new folder (nothing is overwritten)`);
  const mix = v.mix.split(',').map(Number);
  if (mix.length !== 3 || mix.some((w) => !(w >= 0) || !Number.isFinite(w)) || mix.every((w) => w === 0)) fail(`--mix ${v.mix}: expected three weights >= 0, authorize,capture,refund, e.g. 70,20,10`);
  const int = (name: string, s: string, min: number, max: number): number => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} ${s}: expected an integer from ${min} to ${max}`);
    return n;
  };
  return { model: v.model, out: v.out, mix, workers: int('workers', v.workers, 1, 256), rate: int('rate', v.rate, 1, 2000), durationS: int('duration', v.duration, 5, 3600) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const o = options();
  if (spawnSync('prometheus', ['--version']).error) fail('prometheus is not installed (Debian: apt-get install -y prometheus)');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const service = join(root, 'dist', 'loadtests', 'service', 'main.js');
  const bin = join(root, 'dist', 'cli', 'bin.js');
  if (!existsSync(service)) fail(`${service} is not built (npm run build)`);
  // Pin as the shared runs were: the service alone on the last core, the rest on core 0.
  const cores = availableParallelism();
  const pin = cores >= 2 && !spawnSync('taskset', ['-V']).error;
  const pinned = (core: number, cmd: string, args: string[]): [string, string[]] => (pin ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args]);
  if (pin) spawnSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });

  const partial = `${o.out}.partial`;
  if (existsSync(partial)) fail(`${partial} exists (an unfinished run?); remove it or choose another --out`);
  mkdirSync(join(partial, 'prometheus'), { recursive: true });
  const children: ChildProcess[] = [];
  const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  try {
    const [servicePort, promPort] = [await freePort(), await freePort()];
    const env = { ...process.env, ...SERVICE_ENV, W: String(o.workers), HOST: '127.0.0.1', PORT: String(servicePort) };
    const [scmd, sargs] = pinned(cores - 1, process.execPath, [service]);
    children.push(spawn(scmd, sargs, { env, stdio: 'ignore' }));
    const base = `http://127.0.0.1:${servicePort}`;
    await waitFor(async () => (await fetch(`${base}/metrics`)).ok, 120, 'the service to listen');
    const promDir = join(partial, 'tsdb');
    writeFileSync(join(partial, 'prometheus.yml'), `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nscrape_configs:\n  - job_name: payment\n    static_configs: [{ targets: ['127.0.0.1:${servicePort}'], labels: { replica: '0' } }]\n`);
    const [pcmd, pargs] = pinned(0, 'prometheus', [`--config.file=${join(partial, 'prometheus.yml')}`, `--storage.tsdb.path=${promDir}`, `--web.listen-address=127.0.0.1:${promPort}`]);
    children.push(spawn(pcmd, pargs, { stdio: 'ignore' }));
    const prom = `http://127.0.0.1:${promPort}`;
    await waitFor(async () => (await fetch(`${prom}/-/ready`)).ok, 120, 'Prometheus to be ready');
    await waitFor(async () => {
      const r = (await (await fetch(`${prom}/api/v1/query?query=up`)).json()) as { data: { result: { value: [number, string] }[] } };
      return r.data.result[0]?.value[1] === '1';
    }, 120, 'the first scrape');
    await sleep(3000); // the idle process's CPU before the load

    const mix = Object.fromEntries(OPS.map((op, i) => [op, o.mix[i] as number]));
    console.log(`bench:heldout: ${o.rate} rps for ${o.durationS} s, mix ${o.mix.join('/')}, W ${o.workers}, service ${pin ? `on core ${cores - 1}, load and Prometheus on core 0` : 'not pinned (no taskset or one core)'}`);
    const startS = Date.now() / 1000;
    const ndjson = await openLoad({ base, phases: [{ rps: o.rate, seconds: o.durationS }], mix, mixSeed: MIX_SEED, timeoutMs: 10_000, onProgress: (n, total) => console.log(`bench:heldout: ${n} of ${total} requests started`) });
    const endS = Date.now() / 1000;
    writeFileSync(join(partial, 'k6.ndjson'), ndjson);
    await sleep(4000); // the last completions scraped

    // The series calibrate and validate use, as query_range responses at step 1 s (HOW.md of the shared runs).
    const from = Math.floor(startS) - 10;
    const to = Math.ceil(endS) + 10;
    for (const query of Object.values(DEFAULT_QUERIES)) {
      const url = `${prom}/api/v1/query_range?${new URLSearchParams({ query, start: String(from), end: String(to), step: '1s' })}`;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`Prometheus answered HTTP ${res.status} to ${query}`);
      writeFileSync(join(partial, 'prometheus', `${query}.step1s.json`), await res.text());
    }
    stopAll();
    children.length = 0;
    rmSync(promDir, { recursive: true, force: true });

    // The scenario of this run: the calibration scenario with this mix, worker count and rate.
    const scenario = parse(readFileSync(join(root, 'test', 'fixtures', 'calibration-scenarios', 'one-replica.yaml'), 'utf8')) as { name: string; traffic: Record<string, unknown>; workload: { pod: Record<string, unknown> } };
    scenario.name = `heldout-${o.mix.join('-')}-w${o.workers}-${o.rate}rps`;
    scenario.traffic.mix = mix;
    scenario.traffic.rate = o.rate;
    scenario.traffic.duration = `${o.durationS}s`;
    scenario.workload.pod.workers = o.workers;
    writeFileSync(join(partial, 'scenario.yaml'), `# bench:heldout: the reference service's configuration at this run's mix, workers and rate\n${stringify(scenario)}`);
    writeFileSync(join(partial, 'run.json'), `${JSON.stringify({ service: { ...SERVICE_ENV, W: String(o.workers) }, mixSeed: MIX_SEED, rate: o.rate, durationS: o.durationS, mix, pinned: pin, window: { startS, endS } }, null, 2)}\n`);

    renameSync(partial, o.out);
    const v = spawnSync(process.execPath, [bin, 'validate', '--model', o.model, '--k6', join(o.out, 'k6.ndjson'), '--scenario', join(o.out, 'scenario.yaml'), '--prometheus', join(o.out, 'prometheus')], { encoding: 'utf8' });
    if (v.status !== 0) fail(`capsim validate failed (exit ${v.status}): ${v.stderr.trim()}; the run is complete in ${o.out}`);
    writeFileSync(join(o.out, 'validate.txt'), v.stdout);
    process.stdout.write(v.stdout);
    console.log(`bench:heldout: run folder ${o.out}; validate it again with: npx capsim validate --model MODEL --k6 ${join(o.out, 'k6.ndjson')} --scenario ${join(o.out, 'scenario.yaml')} --prometheus ${join(o.out, 'prometheus')}`);
  } catch (e) {
    stopAll();
    fail(`${(e as Error).message} (the unfinished run is in ${partial})`);
  }
}

await main();
