import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTuneInputs, type TuneInputs } from '../../tune/inputs.js';
import type { SearchInput } from '../../tune/search.js';
import { readSearchSpace, defaultSearchSpace } from '../../tune/searchSpace.js';

/** The tuning fixtures: scaled-down scenarios (5 minutes, a few hundred rps) and their manifests. */
export const FIX = 'test/fixtures/tune';
export const FLASH = { scenario: `${FIX}/flash-sale/scenario.yaml`, manifests: `${FIX}/flash-sale/k8s` };
export const STEADY = { scenario: `${FIX}/steady/scenario.yaml`, manifests: `${FIX}/steady/k8s` };
export const SMALL_SPACE = `${FIX}/space-small.yaml`;

/** Inputs of a fixture and a search over the small space. */
export function fixtureSearch(f: { scenario: string; manifests: string }, o: { budget: number; seeds: number; seed?: number }): { inputs: TuneInputs; input: SearchInput } {
  const inputs = loadTuneInputs([f.scenario], f.manifests);
  const space = readSearchSpace(SMALL_SPACE, defaultSearchSpace(inputs.hpa.spec));
  return { inputs, input: { space, current: inputs.hpa.spec, scenarios: inputs.scenarios, seeds: o.seeds, budget: o.budget, seed: o.seed ?? 1 } };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'capsim-tune-'));
}
