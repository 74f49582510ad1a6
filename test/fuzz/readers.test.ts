import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { summarizeFiles } from '../../calibration/k6/summarizeFiles.js';
import { mutateText, prng, TOKENS } from '../../fuzz/mutate.js';
import { InputError } from '../../input/inputError.js';
import { parseScenario, withLocation } from '../../input/scenarioFile.js';
import { deploymentFromManifest } from '../../k8s/deployment.js';
import { hpaFromManifest } from '../../k8s/hpa.js';
import { parseManifestText } from '../../k8s/manifests.js';
import { vpaFromManifest } from '../../k8s/vpa.js';
import { readOomCsv, readUsageCsv } from '../../k8s/vpaUsage.js';
import { compileScenario } from '../../scenarios/compile.js';

/**
 * The readers' contract, for any input: a complete result, or an InputError whose message is
 * ONE line (no newline or control character, a bounded length) — never another exception
 * (a TypeError, a stack overflow, zlib's or yaml's own errors). The CLI turns the InputError
 * into that line with exit 2 (test/cli/bad-input.test.ts shows it end to end).
 *
 * Inputs are fast-check's: arbitrary text, the project's own fixtures mutated (fuzz/mutate.ts,
 * as the campaign does), and valid documents with one value replaced by an arbitrary one at a
 * random place. Runs are few and inputs small so the suite stays fast; the campaign
 * (`npm run fuzz:campaign`) runs the whole CLI on thousands.
 */
const FIX = join(import.meta.dirname, '..', 'fixtures');
const read = (...p: string[]) => readFileSync(join(FIX, ...p), 'utf8');
const RUNS = { numRuns: 60, seed: 20261203 } as const;

function expectTotal(read: () => unknown): void {
  try {
    read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expectOneLine(e.message);
  }
}

async function expectTotalAsync(read: () => Promise<unknown>): Promise<void> {
  try {
    await read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expectOneLine(e.message);
  }
}

function expectOneLine(message: string): void {
  // eslint-disable-next-line no-control-regex
  expect(message).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029\ufeff]/);
  expect(message.length).toBeLessThanOrEqual(1200);
}

/** Any JSON-like value a YAML or JSON file can hold, deep and odd ones included. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(null, '', [], {}, -1, 0, 1e308, -1e-300, 2147483648, 123456789012, '500 m', 'a\nb', '\u0000', '\ufeff', '2026-99-99T99:99:99Z'),
  fc.integer({ min: 1, max: 200 }).map((d) => JSON.parse('['.repeat(d) + ']'.repeat(d)) as unknown),
);

/** `doc` with the value at one random path (of its existing ones) replaced by `value`. */
function splice(doc: unknown, pick: number, value: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]): void => {
    paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(doc, []);
  const path = paths[pick % paths.length] as (string | number)[];
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path.at(-1) as string | number] = value;
  return copy;
}

const SCENARIOS = ['scenarios/small-mix.yaml', 'scenarios/mmc-check.yaml', 'scenarios/hpa-step/scenario.yaml'].map((f) => read(f));
const MANIFESTS = ['k8s/payments-deployment.yaml', 'k8s/payments-hpa.yaml', 'k8s/hpa-v1.yaml', 'scenarios/hpa-vpa/vpa.yaml', 'scenarios/hpa-step/hpa-custom.yaml'].map((f) => read(f));

function readScenario(text: string): void {
  const sf = parseScenario(text, 'fuzz.yaml', FIX);
  withLocation(sf, () => compileScenario(sf.spec));
}

function readManifestText(text: string): void {
  for (const doc of parseManifestText(text, 'fuzz.yaml')) {
    if (doc.kind === 'Deployment') deploymentFromManifest(doc);
    else if (doc.kind === 'HorizontalPodAutoscaler') hpaFromManifest(doc);
    else if (doc.kind === 'VerticalPodAutoscaler') vpaFromManifest(doc);
  }
}

describe('the scenario reader is total', () => {
  it('for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => expectTotal(() => readScenario(text))), RUNS);
  });

  it('for the project\'s scenarios, mutated', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), (which, seed) => expectTotal(() => readScenario(mutateText(SCENARIOS[which % SCENARIOS.length] as string, prng(seed))))), RUNS);
  });

  it('for a valid scenario with any value anywhere', () => {
    const base = parseScenario(SCENARIOS[0] as string, 'base.yaml', FIX).doc.value;
    fc.assert(fc.property(fc.nat(), oddValue, (pick, value) => expectTotal(() => readScenario(stringify(splice(base, pick, value))))), RUNS);
  });
});

describe('the manifest readers (Deployment, HPA v1/v2, VPA) are total', () => {
  it('for the project\'s manifests, mutated', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), (which, seed) => expectTotal(() => readManifestText(mutateText(MANIFESTS[which % MANIFESTS.length] as string, prng(seed))))), RUNS);
  });

  it('for a valid manifest with any value anywhere', () => {
    const bases = MANIFESTS.map((m) => parseManifestText(m, 'base.yaml')[0]?.object);
    fc.assert(fc.property(fc.nat(), fc.nat(), oddValue, (which, pick, value) => expectTotal(() => readManifestText(stringify(splice(bases[which % bases.length], pick, value))))), RUNS);
  });

  it('for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => expectTotal(() => readManifestText(text))), RUNS);
  });
});

describe('the usage and OOM CSV readers are total', () => {
  const header = 'time,pod,container,cpu_cores,memory_bytes';
  const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: TOKENS.length - 1 }).map((i) => TOKENS[i] as string), fc.double().map(String), fc.integer().map(String));
  it('for rows of arbitrary cells', () => {
    fc.assert(fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 6 }), (rows) => {
      const text = [header, ...rows.map((r) => r.join(','))].join('\n');
      expectTotal(() => readUsageCsv(text, 'usage.csv'));
      expectTotal(() => readOomCsv(text.replace('cpu_cores,', ''), 'oom.csv'));
    }), RUNS);
  });
});

describe('the k6 readers are total', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-fuzz-k6-'));
  const tags = fc.dictionary(fc.constantFrom('group', 'name', 'status', 'check', 'scenario', 'expected_response'), oddValue, { maxKeys: 3 });
  const point = fc.record({
    metric: fc.constantFrom('http_reqs', 'http_req_duration', 'checks', 'data_received', 'vus'),
    type: fc.constantFrom('Point', 'Point', 'Metric', 'Other'),
    data: fc.record({ time: fc.oneof(fc.constantFrom('2026-11-25T17:30:02Z', '2026-11-25T17:30:02.5+01:00', '2026-99-99T99:99:99Z', '0000-01-01T00:00:00Z'), fc.string({ maxLength: 8 })), value: fc.oneof(fc.double(), oddValue), tags, type: fc.constantFrom('counter', 'trend', 'rate', 'gauge', 'x'), name: fc.constantFrom('http_reqs', 'checks') }, { requiredKeys: [] }),
  }, { requiredKeys: ['type'] });
  let n = 0;
  it('for NDJSON lines of any shape', async () => {
    await fc.assert(fc.asyncProperty(fc.array(point, { maxLength: 8 }), async (lines) => {
      const file = join(dir, `${n++}.ndjson`);
      // 1e999 is how an out-of-range number reaches a JSON file.
      writeFileSync(file, lines.map((l) => JSON.stringify(l, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? '__INF__' : v)).replace(/"__INF__"/g, '-1e999')).join('\n') + '\n');
      await expectTotalAsync(() => summarizeFiles([file], { warn: () => {} }));
    }), { ...RUNS, numRuns: 40 });
  });

  it('for summary JSON of any shape', async () => {
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 6 }), oddValue, { maxKeys: 3 }), oddValue, async (metrics, group) => {
      const file = join(dir, `${n++}.json`);
      writeFileSync(file, JSON.stringify({ metrics: { http_reqs: metrics, ...metrics }, root_group: group }));
      await expectTotalAsync(() => summarizeFiles([file], { warn: () => {} }));
    }), { ...RUNS, numRuns: 40 });
  });
});
