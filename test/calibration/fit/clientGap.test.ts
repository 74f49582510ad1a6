import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitClientGap } from '../../../calibration/fit/clientGap.js';
import { loadRun } from '../../../calibration/k6/run.js';
import { readPrometheusExport } from '../../../calibration/prometheus/exportFolder.js';
import { runReplay } from '../../../calibration/replay.js';
import { SHARED_FIXTURES } from '../../support/shared.js';
import { OPS } from './helpers.js';

const PROM = join(SHARED_FIXTURES, 'calibration-prom');
const pair = async (run: string) => ({
  replay: runReplay(await loadRun(join(PROM, run, 'k6.ndjson.gz'), () => {}), OPS),
  telemetry: await readPrometheusExport(join(PROM, run, 'prometheus')),
});

describe('fitClientGap: k6 duration − server residence (the path between client and pod)', () => {
  it('low + mid: the lowest load gives the model value, about 1 ms, between the per-operation p50 differences truth.json shows (0.89-1.16 ms)', async () => {
    const g = fitClientGap([await pair('mid'), await pair('low')])!;
    expect(g.estimate.estimate).toBeGreaterThan(0.7);
    expect(g.estimate.estimate).toBeLessThan(1.5);
    expect(g.estimate.method).toMatch(/at the lowest load \(.*low\/k6\.ndjson\.gz, 50(\.\d+)? requests\/s\)/);
    expect(g.runs.map((r) => Math.round(r.rps))).toEqual([130, 50]);
  }, 60_000);
});
