import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { SHARED_FIXTURES } from '../support/shared.js';

const C = join(SHARED_FIXTURES, 'calibration');
const S = 'test/fixtures/calibration-scenarios/one-replica.yaml';

describe.skipIf(!existsSync(C))('capsim validate --out: calibration results in the report', () => {
  it('writes a run folder whose report shows measured versus predicted (table and curves over time)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-validate-'));
    const model = join(dir, 'model.yaml');
    expect(await main(['calibrate', '--k6', `${C}/low/k6.ndjson.gz`, '--k6', `${C}/mid/k6.ndjson.gz`, '--scenario', S, '--out', model], memoryIo())).toBe(0);
    const io = memoryIo();
    expect(await main(['validate', '--model', model, '--k6', `${C}/overload/k6.ndjson.gz`, '--scenario', S, '--out', join(dir, 'run')], io)).toBe(0);
    expect(io.stderr()).toContain(join(dir, 'run', 'report.html'));
    const html = readFileSync(join(dir, 'run', 'report.html'), 'utf8');
    expect(html).toContain('Calibration: measured vs predicted');
    const cal = JSON.parse(readFileSync(join(dir, 'run', 'calibration.json'), 'utf8'));
    const p50 = cal.rows.find((r: { scope: string; metric: string }) => r.scope === 'overall' && r.metric === 'p50 all');
    expect(p50.measured).toBeCloseTo(282.2, 1);
    expect(cal.series.map((s: { metric: string }) => s.metric)).toEqual(['2xx answers per second', 'p95 latency of 2xx answers']);
  }, 300_000); // a calibration and a replay on 2 shared cores
});
