import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { erlangC, waitQuantile } from '../../sim/queueing/erlangC.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-run-'));

describe('capsim run', () => {
  it('runs the issue\'s mmc-check scenario as written and agrees with Erlang C (M/M/10 at 90%)', async () => {
    const out = join(tmp(), 'mmc');
    const io = memoryIo();
    const code = await main(['run', 'test/fixtures/scenarios/mmc-check.yaml', '--json', '--out', out], io);
    expect(code).toBe(0);
    const s = JSON.parse(io.stdout());
    for (const key of ['arrived', 'completed', 'rejected', 'timedOut']) expect(s.requests).toHaveProperty(key);
    for (const key of ['mean', 'p50', 'p90', 'p95', 'p99', 'max']) expect(s.latencyMs).toHaveProperty(key);
    for (const key of ['mean', 'p50', 'p95', 'p99']) expect(s.queueWaitMs).toHaveProperty(key);
    expect(s.perOperation.authorize.latencyMs).toHaveProperty('p99');
    expect(s).toHaveProperty('podSeconds', 1200); // one pod over the 20-minute traffic window
    expect(s.replicas).toMatchObject({ min: 1, max: 1 });

    // Tolerance from the run itself: 12 batch means of 100 s each (from the 10 s time series)
    // give the standard error of the mean wait despite autocorrelation; accept 4 standard errors.
    const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const header = readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n')[0]!.split(',');
    const waitCol = header.indexOf('queue_wait_mean_ms');
    const rateCol = header.indexOf('completed_rps');
    const batches: number[] = [];
    for (let b = 0; b < 12; b++) {
      let w = 0;
      let n = 0;
      for (const row of rows.slice(b * 10, b * 10 + 10)) {
        const k = Number(row[rateCol]);
        w += Number(row[waitCol]) * k;
        n += k;
      }
      batches.push(w / n);
    }
    const mean = batches.reduce((a, b) => a + b, 0) / 12;
    const se = Math.sqrt(batches.reduce((a, b) => a + (b - mean) ** 2, 0) / 11 / 12);
    const theory = erlangC(10, 0.9, 0.1);
    expect(Math.abs(s.queueWaitMs.mean - theory.meanWait)).toBeLessThan(4 * se);
    // P(wait) and p99 wait: relative tolerances scaled from the mean's relative standard error.
    const rel = (4 * se) / theory.meanWait;
    expect(Math.abs(s.waitProbability - theory.waitProbability) / theory.waitProbability).toBeLessThan(rel);
    const p99 = waitQuantile(10, 0.9, 0.1, 0.99);
    expect(Math.abs(s.queueWaitMs.p99 - p99) / p99).toBeLessThan(rel + 0.01);
  });

  it('writes the time series CSV, operations CSV, summary and Markdown, and prints where', async () => {
    const out = join(tmp(), 'r');
    const io = memoryIo();
    expect(await main(['run', 'test/fixtures/scenarios/small-mix.yaml', '--out', out], io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['.capsim-run', 'events.json', 'operations.csv', 'report.md', 'summary.json', 'timeseries.csv']));
    expect(io.stderr()).toContain(out);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n')[0]).toMatch(/^t_s,arrivals_rps,/);
  });

  it('writes a per-request NDJSON trace only when asked', async () => {
    const dir = tmp();
    const io = memoryIo();
    expect(await main(['run', 'test/fixtures/scenarios/small-mix.yaml', '--out', join(dir, 'o'), '--trace', join(dir, 't.ndjson')], io)).toBe(0);
    const lines = readFileSync(join(dir, 't.ndjson'), 'utf8').trim().split('\n');
    const first = JSON.parse(lines[0]!);
    expect(Object.keys(first).sort()).toEqual(['arrivalMs', 'attempt', 'endMs', 'id', 'operation', 'pod', 'startMs', 'status']);
    const summary = JSON.parse(readFileSync(join(dir, 'o', 'summary.json'), 'utf8'));
    expect(lines.length).toBe(summary.requests.completed + summary.requests.rejected + summary.requests.errors + summary.requests.timedOut);
  });

  it('exits 2 with a one-line error and leaves no output folder for a bad scenario', async () => {
    const dir = tmp();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync('test/fixtures/scenarios/mmc-check.yaml', 'utf8').replace('20m', '20 minutes'));
    const io = memoryIo();
    expect(await main(['run', bad, '--out', join(dir, 'out')], io)).toBe(2);
    expect(io.stderr()).toMatch(/^capsim: .*bad\.yaml:7: traffic\.stages\[0\]\.duration: expected a duration/);
    expect(io.stderr().trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('never replaces a folder it did not write', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'precious.txt'), 'mine');
    const io = memoryIo();
    expect(await main(['run', 'test/fixtures/scenarios/small-mix.yaml', '--out', dir], io)).toBe(2);
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('mine');
  });

  it('names the library scenarios when given an unknown name', async () => {
    const io = memoryIo();
    expect(await main(['run', 'no-such-scenario'], io)).toBe(2);
    expect(io.stderr()).toContain('checkout-peak');
  });

  it('--seeds 3 simulates three seeds on worker threads: the report is the first seed\'s, seeds.csv lists each, and seed 2 is what --seed 2 gives', async () => {
    const dir = tmp();
    const io = memoryIo();
    expect(await main(['run', 'test/fixtures/scenarios/small-mix.yaml', '--seed', '1', '--seeds', '3', '--json', '--out', join(dir, 'many')], io)).toBe(0);
    const rows = readFileSync(join(dir, 'many', 'seeds.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^seed,arrived,completed,error_rate,latency_p50_ms,latency_p95_ms,latency_p99_ms,/);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['1', '2', '3']);
    const first = JSON.parse(io.stdout());
    expect(first.seed).toBe(1);
    const single = memoryIo();
    expect(await main(['run', 'test/fixtures/scenarios/small-mix.yaml', '--seed', '2', '--json', '--out', join(dir, 'two')], single)).toBe(0);
    const two = JSON.parse(single.stdout());
    const seed2 = (rows[2] as string).split(',');
    expect(Number(seed2[1])).toBe(two.requests.arrived);
    expect(Number(seed2[6])).toBe(two.latencyMs.p99);
    const spread = JSON.parse(readFileSync(join(dir, 'many', 'seeds.json'), 'utf8'));
    expect(spread.seeds).toBe(3);
    expect(spread.spread.latency_p99_ms.min).toBeLessThanOrEqual(spread.spread.latency_p99_ms.max);
  }, 120_000);
});
