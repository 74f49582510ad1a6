import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readModelFile } from '../../calibration/model.js';
import { capsim } from '../support/cli.js';
import { SHARED_FIXTURES } from '../support/shared.js';

const RUNS = join(SHARED_FIXTURES, 'calibration');
const SC = 'test/fixtures/calibration-scenarios';
const tmp = mkdtempSync(join(tmpdir(), 'capsim-calibrate-'));
const LOW = `${RUNS}/low/k6.ndjson.gz`;
const MID = `${RUNS}/mid/k6.ndjson.gz`;

/** `capsim <command> ...` that must succeed: what it printed. */
async function run(command: string, ...args: string[]) {
  const t = await capsim([command, ...args]);
  if (t.code !== 0) throw new Error(`capsim ${command} exited ${t.code}: ${t.stderr}`);
  return { out: t.stdout, err: t.stderr };
}
/** `capsim <command> ...` that must fail: its exit code, its last stderr line (without "capsim: ") and all of stderr. */
async function failure(command: string, ...args: string[]) {
  const t = await capsim([command, ...args]);
  const last = t.stderr.trimEnd().split('\n').at(-1) ?? '';
  return { code: t.code, message: last.replace(/^capsim: /, ''), stderr: t.stderr };
}

/** The low run's NDJSON with each parsed line passed through `edit`. */
function editedLow(name: string, edit: (line: { data?: { time?: string; tags?: Record<string, string>; metadata?: { rid?: string } } }) => void): string {
  const lines = gunzipSync(readFileSync(LOW)).toString('utf8').split('\n').filter((l) => l !== '');
  const file = join(tmp, name);
  writeFileSync(file, lines.map((l) => { const j = JSON.parse(l); edit(j); return JSON.stringify(j); }).join('\n') + '\n');
  return file;
}

/** A recorded timeline (synthetic) over the low run: 100 millicores of pod CPU, 3 pod start-ups, metrics 10 s late. */
function timelineFile(namespace: string): string {
  const start = Date.parse('2026-11-25T17:30:00.000Z');
  const iso = (s: number) => new Date(start + s * 1000).toISOString();
  const lines: object[] = [{ t: iso(0), kind: 'meta', formatVersion: 1, namespace, deployment: 'pay', hpa: null, selector: 'app=pay', startTime: iso(0) }];
  [20, 25, 31].forEach((d, i) =>
    lines.push({ t: iso(d), kind: 'pod', event: 'modified', name: `pay-${i}`, phase: 'Running', ready: true, readyTransitionTime: iso(d), startTime: iso(1), creationTimestamp: iso(0), deletionTimestamp: null, node: 'n1', restarts: 0, requests: { cpuMillicores: 1000, memoryBytes: null } }),
  );
  lines.push({ t: iso(1), kind: 'deployment', event: 'modified', name: 'pay', specReplicas: 1, replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 });
  for (let s = 30; s <= 90; s += 15) lines.push({ t: iso(s), kind: 'podMetrics', pods: [{ name: 'pay-0', cpuMillicores: 100, memoryBytes: 5e7, timestamp: iso(s - 10), windowMs: 15000 }] });
  const file = join(tmp, `timeline-${namespace}.ndjson`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

describe('capsim calibrate', () => {
  // As the README types it: `--out out/calibration/model.yaml` on a fresh clone, where out/calibration/ does not exist yet.
  const model = join(tmp, 'out', 'calibration', 'model.yaml');
  let printed = { out: '', err: '' };
  beforeAll(async () => {
    printed = await run('calibrate', '--k6', LOW, '--k6', `${RUNS}/low/summary.json`, '--scenario', `${SC}/one-replica.yaml`, '--out', model, MID, '--timeline', timelineFile('pay'), '--namespace', 'pay');
  }, 300_000); // the whole suite shares 2 cores with other work: generous, it is not a speed test

  it('takes runs from repeated --k6 and positional extras (a run\'s summary JSON next to its samples is accepted and checked), and writes the model atomically (no temp file left)', () => {
    const m = readModelFile(model);
    expect(m.fittedFrom).toEqual([LOW, MID, join(tmp, 'timeline-pay.ndjson')]);
    expect(readdirSync(join(tmp, 'out', 'calibration'))).toEqual(['model.yaml']); // no temporary or lock file left
  });

  it('shows the search\'s progress in simulations (here a line at every one; by default every ~10 s), and the model is the same', async () => {
    process.env.CAPSIM_PROGRESS_SECONDS = '0';
    try {
      const again = join(tmp, 'progress', 'model.yaml');
      const t = await run('calibrate', '--k6', LOW, '--k6', `${RUNS}/low/summary.json`, '--scenario', `${SC}/one-replica.yaml`, '--out', again, MID, '--timeline', timelineFile('pay'), '--namespace', 'pay');
      const lines = t.err.split('\n').filter((l) => l.startsWith('capsim calibrate: '));
      expect(lines.length).toBeGreaterThan(10);
      expect(lines.at(-1)).toMatch(/^capsim calibrate: (\d+)\/\1 simulations \(100%\), .* elapsed, done$/);
      expect(readFileSync(again, 'utf8')).toBe(readFileSync(model, 'utf8'));
    } finally {
      delete process.env.CAPSIM_PROGRESS_SECONDS;
    }
  }, 300_000);

  it("writes the pod's CPU block as the scenario schema reads it: the discipline fitted under and the fitted wake-up", () => {
    expect(readModelFile(model).workload.pod.cpu).toEqual({ request: '1', limit: '1', discipline: 'shared', wakeupMs: 0 });
  });

  it('prints every fitted value with its uncertainty and method', () => {
    expect(printed.out).toMatch(/^operations\.authorize\.cpu\.valueMs = [\d.]+ \[[\d.]+, [\d.]+\] \(from .*\)\n {4}bounded simulation search/m);
    expect(printed.out).toMatch(/^operations\.authorize\.downstream\.medianMs = [\d.]+ ± [\d.]+ \[/m);
    expect(printed.out).toMatch(/^pod\.cpu\.wakeupMs = 0 \[0, [\d.]+\] \(from k6\)\n {4}bounded simulation search on \{0, 0\.25, .*, 2\} ms, jointly with the CPU \(shared CPU discipline\)/m);
    expect(printed.out).toMatch(/^note: CPU wake-up cost not identified by k6 latency below saturation/m);
    expect(printed.out).toMatch(/^pod\.workers = 8 \[\d+, ∞\]\n {4}not identifiable/m);
    expect(printed.err).toMatch(/model written to .*model\.yaml/);
  });

  it('with a timeline: CPU rescaled to podMetrics (100 millicores / 20 rps = 5 ms per request), start-up and metrics lag fitted', () => {
    const m = readModelFile(model);
    expect(m.uncertainty.cpuMsPerRequestFromMetrics!.estimate).toBeCloseTo(5, 1);
    const ops = m.workload.operations;
    const mean = 0.7 * (ops.authorize!.cpu as { valueMs: number }).valueMs + 0.2 * (ops.capture!.cpu as { valueMs: number }).valueMs + 0.1 * (ops.refund!.cpu as { valueMs: number }).valueMs;
    expect(mean).toBeCloseTo(5, 0);
    expect(m.workload.pod.startup).toMatchObject({ distribution: 'lognormal' });
    expect(m.uncertainty.metricsLagMs!.estimate).toBe(10_000);
    expect(m.notes.join('\n')).toMatch(/rescaled by/);
  });

});

describe('capsim validate', () => {
  const model = join(tmp, 'model-lm.yaml');
  beforeAll(async () => {
    await run('calibrate', '--k6', LOW, '--k6', MID, '--scenario', `${SC}/one-replica.yaml`, '--out', model);
  }, 300_000);

  it('prints measured vs predicted per operation and overall', async () => {
    const { out } = await run('validate', '--model', model, '--k6', `${RUNS}/step/k6.ndjson.gz`, '--scenario', `${SC}/two-replicas.yaml`);
    expect(out.split('\n')[0]).toMatch(/^scope +metric +measured +predicted +rel\. error +predicted range \(CPU interval\)$/);
    expect(out).toMatch(/^overall +p95 all +35\.2 +[\d.]+ +-?[\d.]+ % +[\d.]+ \.\. [\d.]+$/m);
    expect(out).toMatch(/^refund +p99 2xx +44\.1 /m);
  }, 120_000);

  it('--timeline: the recorded replica counts are replayed and their error over time printed', async () => {
    const { out } = await run('validate', '--model', model, '--k6', LOW, '--scenario', `${SC}/one-replica.yaml`, '--timeline', timelineFile('pay'), '--namespace', 'pay');
    expect(out).toMatch(/^replicas: MAE 0\.00, max 0 over 8 intervals$/m);
  }, 120_000);

  it('shows progress over its replays in simulated minutes (the run, then the two ends of the CPU interval), ending with a done line, and prints the same table', async () => {
    const validateStep = () => run('validate', '--model', model, '--k6', `${RUNS}/step/k6.ndjson.gz`, '--scenario', `${SC}/two-replicas.yaml`);
    const quiet = await validateStep();
    process.env.CAPSIM_PROGRESS_SECONDS = '0';
    try {
      const t = await validateStep();
      const lines = t.err.split('\n').filter((l) => l.startsWith('capsim validate: '));
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.at(-1)).toMatch(/^capsim validate: ([\d.]+)\/\1 simulated min \(100%\), .* elapsed, done$/);
      expect(t.out).toBe(quiet.out);
    } finally {
      delete process.env.CAPSIM_PROGRESS_SECONDS;
    }
  }, 120_000);

  it('--json prints the rows', async () => {
    const { out } = await run('validate', '--model', model, '--k6', `${RUNS}/overload/k6.ndjson.gz`, '--scenario', `${SC}/one-replica.yaml`, '--json');
    const rows = (JSON.parse(out) as { rows: Array<{ scope: string; metric: string; measured: number }> }).rows;
    expect(rows.find((r) => r.scope === 'overall' && r.metric === 'error rate')!.measured).toBeCloseTo(0.2133, 3);
  }, 120_000);
});

describe('bad input: clear errors (InputError, exit code 2) or warnings, never silent nonsense', () => {
  it('a k6 summary JSON alone: it has no per-request samples, and the message says what to add', async () => {
    const e = await failure('calibrate', '--k6', `${RUNS}/low/summary.json`, '--scenario', `${SC}/one-replica.yaml`, '--out', join(tmp, 'x.yaml'));
    expect(e.code).toBe(2);
    expect(e.message).toBe(`${RUNS}/low/summary.json: --k6: is a k6 summary (handleSummary or --summary-export): totals and percentiles, not the per-request samples a fit needs; give the same run's \`k6 run --out json=FILE\` next to it (--k6 k6.ndjson.gz --k6 summary.json)`);
  });

  it('the handleSummary JSON of a run next to its samples is checked against them: the summary of another run is refused', async () => {
    const handleSummary = join(tmp, 'handle-summary.json');
    writeFileSync(handleSummary, JSON.stringify({ root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] }, options: { summaryTrendStats: ['avg'] }, state: { testRunDurationMs: 90_000 }, metrics: { http_reqs: { type: 'counter', contains: 'default', values: { count: 4321, rate: 48 } } } }));
    const e = await failure('calibrate', '--k6', LOW, '--k6', handleSummary, '--scenario', `${SC}/one-replica.yaml`, '--out', join(tmp, 'x.yaml'));
    expect(e.code).toBe(2);
    expect(e.message).toBe(`${handleSummary}: metrics.http_reqs.count: is not the summary of any given run: http_reqs.count is 4321, the runs have 1801 (${LOW}) requests`);
  });

  it('a report from another tool (an Artillery-like JSON) is refused: not a k6 summary', async () => {
    const file = join(tmp, 'artillery.json');
    writeFileSync(file, JSON.stringify({ aggregate: { counters: { 'http.requests': 10 } } }) + '\n');
    expect((await failure('calibrate', '--k6', file, '--scenario', `${SC}/one-replica.yaml`, '--out', join(tmp, 'x.yaml'))).message).toMatch(/artillery\.json: metrics: expected a k6 summary JSON/);
  });

  it('timestamps going backwards (a spliced file): one line naming the file and the first request out of order (the reader warnings are held back on failure)', async () => {
    // Requests from rid 900 on are stamped 120 s earlier than they happened.
    const file = editedLow('backwards.ndjson', (j) => {
      if (j.data?.time && Number(j.data.metadata?.rid) >= 900) j.data.time = new Date(Date.parse(j.data.time) - 120_000).toISOString();
    });
    const e = await failure('calibrate', '--k6', file, '--scenario', `${SC}/one-replica.yaml`, '--out', join(tmp, 'x.yaml'));
    expect(e.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/backwards\.ndjson: request rid order 900 starts 1\d\d\.\d+ s before an earlier iteration: timestamps go backwards/);
  });

  it('runs of different scenarios mixed in one calibration', async () => {
    const file = editedLow('checkout.ndjson', (j) => {
      if (j.data?.tags?.scenario) j.data.tags.scenario = 'checkout';
    });
    const e = await failure('calibrate', '--k6', LOW, '--k6', file, '--scenario', `${SC}/one-replica.yaml`, '--out', join(tmp, 'x.yaml'));
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/checkout\.ndjson: k6 scenario \["checkout"\] differs from \["pay"\] in .*low\/k6\.ndjson\.gz: runs of different scenarios cannot be calibrated together/);
  });

  it('a timeline from another namespace', async () => {
    const e = await failure('calibrate', '--k6', LOW, '--timeline', timelineFile('other'), '--namespace', 'pay', '--scenario', `${SC}/one-replica.yaml`, '--out', join(tmp, 'x.yaml'));
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/timeline-other\.ndjson:1: namespace: timeline was recorded in namespace "other", expected "pay"/);
    expect(existsSync(join(tmp, 'x.yaml'))).toBe(false);
  });

  it('a run with an operation the scenario does not know', async () => {
    const file = editedLow('unknown-op.ndjson', (j) => {
      if (j.data?.tags?.name === 'refund') j.data.tags.name = 'chargeback';
    });
    expect((await failure('calibrate', '--k6', file, '--scenario', `${SC}/one-replica.yaml`, '--out', join(tmp, 'x.yaml'))).message).toMatch(/operation \(name tag\) "chargeback", not in the scenario's operations \(authorize, capture, refund\)/);
  });

  it.each([
    ['a file that is not a model', 'kind: Deployment\n', /bad\.yaml:1: kind: expected kind: capsim\/WorkloadModel/],
    ['a misspelt field, with its line', 'kind: capsim/WorkloadModel\nfittedFrom: [a]\nworkload:\n  operations: {}\n  pod: { workers: 8, queueLimt: 64 }\nuncertainty: {}\nnotes: []\n', /bad\.yaml:5: workload\.pod\.queueLimt: unknown field "queueLimt"/],
  ])('validate --model: %s', async (_name, text, message) => {
    writeFileSync(join(tmp, 'bad.yaml'), text);
    const e = await failure('validate', '--model', join(tmp, 'bad.yaml'), '--k6', LOW, '--scenario', `${SC}/one-replica.yaml`);
    expect(e.code).toBe(2);
    expect(e.message).toMatch(message);
  });

  it('validate --hpa on a scenario without an HPA', async () => {
    const model = join(tmp, 'model-lm.yaml');
    const e = await failure('validate', '--model', model, '--k6', LOW, '--scenario', `${SC}/one-replica.yaml`, '--hpa');
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/--hpa: the scenario has no HorizontalPodAutoscaler/);
  });
});
