import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFiles } from '../../app/runScenario.js';
import { InputError } from '../../input/inputError.js';
import { writeRunFolder } from '../../reports/runFolder.js';
import { recordFromRun, type CalibrationResults } from '../../reports/runRecord.js';
import { readRunRecord, recordFiles } from '../../reports/runRecordFiles.js';
import { smallMixRun } from './smallMix.js';
import type { ValidationReport } from '../../calibration/validate.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-record-'));
const calibration: CalibrationResults = {
  rows: [{ scope: 'authorize', metric: 'p99 latency (ms)', measured: 210, predicted: 198, relativeError: -0.057 }],
  series: [{ metric: 'arrival rate', unit: 'requests per second', tSeconds: [0, 10], measured: [100, 120], predicted: [101, 118] }],
};

describe('calibration input', () => {
  it('accepts the validation report that calibration/ builds', () => {
    const report: ValidationReport = { rows: [{ scope: 'overall', metric: 'p99 all', measured: 100, predicted: 90, relativeError: -0.1, absoluteError: -10 }] };
    const input: CalibrationResults = report;
    expect(input.rows[0]?.relativeError).toBe(-0.1);
  });
});

describe('run records', () => {
  const run = smallMixRun();

  it('records a fresh run: summary, verdicts, series in CSV units, scenario as given, setup', () => {
    const r = recordFromRun(run);
    expect(r.name).toBe('small-mix');
    expect(r.verdicts).toBe(run.verdicts);
    expect(r.series.intervalSeconds).toBe(run.result.series.intervalMs / 1000);
    expect(r.series.columns.readyReplicas?.[0]).toBe(2);
    // arrivals are a rate per second, as in timeseries.csv
    expect(r.series.columns.arrivals?.[0]).toBeCloseTo(run.result.series.columns.arrivals[0]! / r.series.intervalSeconds, 6);
    expect(r.scenarioText).toContain('name: small-mix');
    expect(r.setup).toMatchObject({ podCpuRequestMillicores: 500, workersPerPod: 8, hpa: null, nodeGroups: null });
    expect(r.targetSearch).toBeNull();
    // latency per operation over time, in scenario order, on the same intervals
    expect(r.operationSeries?.operations.map((o) => o.name)).toEqual(run.config.operations.map((o) => o.name));
    expect(r.operationSeries?.tSeconds).toEqual(r.series.tSeconds);
  });

  it('reads back from the run folder as the same record (label = folder name)', () => {
    const dir = join(tmp(), 'run-a');
    const record = { ...recordFromRun(run), calibration };
    writeRunFolder(dir, { ...runFiles(run), ...recordFiles(record) });
    const back = readRunRecord(dir);
    expect(back.label).toBe('run-a');
    expect({ ...back, label: record.label }).toEqual(record);
  });

  it('writes the manifests as given under manifests/ and reads them back with their names', () => {
    const dir = join(tmp(), 'with-manifests');
    const record = { ...recordFromRun(run), manifests: [{ file: '/x/k8s/hpa.yaml', text: 'kind: HorizontalPodAutoscaler\n' }, { file: 'deploy <1>.yaml', text: 'kind: Deployment\n' }] };
    const files = recordFiles(record);
    expect(Object.keys(files).filter((f) => f.startsWith('manifests/'))).toEqual(['manifests/01-hpa.yaml', 'manifests/02-deploy__1_.yaml']);
    writeRunFolder(dir, { ...runFiles(run), ...files });
    expect(readRunRecord(dir).manifests).toEqual(record.manifests);
  });

  it('reads a folder from an older capsim (no run.json, events or scenario): no setup, no manifests', () => {
    const dir = join(tmp(), 'old');
    const files = runFiles(run);
    writeRunFolder(dir, { 'summary.json': files['summary.json'] as string, 'timeseries.csv': files['timeseries.csv'] as string });
    const r = readRunRecord(dir);
    expect(r).toMatchObject({ setup: null, manifests: [], events: [], scenarioText: null, targetSearch: null });
    expect(r.verdicts).toEqual(run.verdicts);
  });

  it.each([
    ['a folder without summary.json', (d: string) => rmSync(join(d, 'summary.json')), /no summary\.json/],
    ['a summary that is not JSON', (d: string) => writeFileSync(join(d, 'summary.json'), '{oops'), /summary\.json: expected JSON/],
    ['a time series without t_s', (d: string) => writeFileSync(join(d, 'timeseries.csv'), 'x,y\n1,2\n'), /timeseries\.csv.*first column is t_s/],
    ['a manifest path outside manifests/', (d: string) => writeFileSync(join(d, 'run.json'), readFileSync(join(d, 'run.json'), 'utf8').replace('"manifests": []', '"manifests": [{"file":"x","path":"../summary.json"}]')), /manifests\/<name>/],
  ])('rejects %s with an InputError naming the file', (_name, spoil, message) => {
    const dir = join(tmp(), 'bad');
    writeRunFolder(dir, { ...runFiles(run), ...recordFiles(recordFromRun(run)) });
    spoil(dir);
    expect(() => readRunRecord(dir)).toThrow(InputError);
    expect(() => readRunRecord(dir)).toThrow(message);
  });
});
