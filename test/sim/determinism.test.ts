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
  });

  it('gives different numbers for another seed', () => {
    const a = runFiles(runScenario(scenario, { seed: 5 }));
    const b = runFiles(runScenario(scenario, { seed: 6 }));
    expect(a['timeseries.csv']).not.toBe(b['timeseries.csv']);
  });
});
