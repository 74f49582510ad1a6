import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoad } from '../../bench/openLoad.js';
import { loadRun } from '../../calibration/k6/run.js';
import { runReplay } from '../../calibration/replay.js';
import { makeMix, pickForIteration } from '../../sim/traffic/mix.js';

/**
 * The open-model load of bench:heldout against a server on 127.0.0.1 that answers 200 after 2 ms
 * (503 for every tenth request id): what it writes is read by capsim's own k6 reader and replay
 * like a k6 run, with k6's evenly spaced starts and the k6 script's operation hash.
 */
const tmp = mkdtempSync(join(tmpdir(), 'capsim-open-load-'));
let server: Server;
let base = '';
const seen: { path: string; rid: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const rid = String(req.headers['x-req-id']);
    seen.push({ path: req.url ?? '', rid });
    req.resume();
    setTimeout(() => res.writeHead(Number(rid) % 10 === 9 ? 503 : 200).end('{}'), 2);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('openLoad: a k6-shaped constant-arrival-rate load written as k6 NDJSON', () => {
  it('sends every iteration once, with the k6 hash`s operation, and capsim replays it like a k6 run', async () => {
    const mix = { authorize: 70, capture: 20, refund: 10 };
    const text = await openLoad({ base, phases: [{ rps: 50, seconds: 1 }, { rps: 100, seconds: 1 }], mix, mixSeed: 7, timeoutMs: 5000 });
    const file = join(tmp, 'k6.ndjson');
    writeFileSync(file, text);
    expect(seen).toHaveLength(150);
    const m = makeMix(mix);
    for (const s of seen) expect(s.path).toBe(`/${m.names[pickForIteration(m, Number(s.rid), 7)]}`);

    const replay = runReplay(await loadRun(file, () => {}), ['authorize', 'capture', 'refund']);
    expect(replay.timesMs).toHaveLength(150);
    expect([...replay.status].filter((s) => s === 503)).toHaveLength(15);
    expect([...replay.failed].filter((f) => f === 1)).toHaveLength(15);
    // Starts 20 ms apart, then 10 ms apart (timer jitter of a loaded machine allowed, not drift).
    const t = replay.timesMs;
    expect(t[49]! - t[0]!).toBeGreaterThan(49 * 20 - 40);
    expect(t[49]! - t[0]!).toBeLessThan(49 * 20 + 40);
    expect(t[149]! - t[50]!).toBeGreaterThan(99 * 10 - 40);
    expect(t[149]! - t[50]!).toBeLessThan(99 * 10 + 40);
    for (let i = 0; i < 150; i++) expect(replay.durationMs[i]!).toBeGreaterThanOrEqual(1.5);
  });
});
