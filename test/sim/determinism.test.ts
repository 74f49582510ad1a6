import { describe, expect, it } from 'vitest';
import { runFiles, runScenario } from '../../app/runScenario.js';
import { resolveScenario } from '../../input/resolveScenario.js';

describe('determinism', () => {
  const scenario = resolveScenario('test/fixtures/scenarios/small-mix.yaml');

  it('gives byte-identical CSV, JSON and Markdown for the same scenario and seed', () => {
    const a = runFiles(runScenario(scenario, { seed: 5 }));
    const b = runFiles(runScenario(scenario, { seed: 5 }));
    expect(a['timeseries.csv']).toBe(b['timeseries.csv']);
    expect(a['summary.json']).toBe(b['summary.json']);
    expect(a['report.md']).toBe(b['report.md']);
    expect(a['operations.csv']).toBe(b['operations.csv']);
    expect(a['report.html']).toBe(b['report.html']);
    expect(a['events.json']).toBe(b['events.json']);
  });

  it('is deterministic with the control loops too (HPA, metrics-server, pod start-up draws)', () => {
    const hpa = resolveScenario('test/fixtures/scenarios/flash-nodes/scenario.yaml');
    const a = runFiles(runScenario(hpa, { seed: 3 }), { searchTarget: false });
    const b = runFiles(runScenario(hpa, { seed: 3 }), { searchTarget: false });
    expect(a['timeseries.csv']).toBe(b['timeseries.csv']);
    expect(a['events.json']).toBe(b['events.json']);
    expect(a['report.html']).toBe(b['report.html']);
  }, 300_000); // two runs of a 40-minute flash sale at 3,000 rps on shared nodes

  it('gives different numbers for another seed', () => {
    const a = runFiles(runScenario(scenario, { seed: 5 }));
    const b = runFiles(runScenario(scenario, { seed: 6 }));
    expect(a['timeseries.csv']).not.toBe(b['timeseries.csv']);
  });
});
