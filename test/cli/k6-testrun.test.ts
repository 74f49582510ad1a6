import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { capsimFails, capsimOk } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'capsim-k6-testrun-'));
const bundle = join(dir, 'payments.js');
writeFileSync(bundle, '// bundle\nimport http from "k6/http";\nexport default function () {}\n');

/** `capsim k6 testrun <args>` that must succeed: what it printed. */
async function run(...args: string[]) {
  const t = await capsimOk(['k6', 'testrun', ...args]);
  return { out: t.stdout, err: t.stderr };
}

/** `capsim k6 testrun <args>` that must fail with exit code 2: its one-line message. */
async function inputError(args: string[]): Promise<{ message: string }> {
  const f = await capsimFails(['k6', 'testrun', ...args]);
  if (f.code !== 2 || f.stderr.trimEnd().split('\n').length !== 1) throw new Error(`expected exit 2 and one line, got ${f.code}: ${f.stderr}`);
  return f;
}

describe('capsim k6 testrun', () => {
  it('writes a ConfigMap holding the bundle and a k6-operator TestRun that runs it N-way', async () => {
    const out = join(dir, 'testrun.yaml');
    const { err } = await run('black-friday', '--parallelism', '4', '--namespace', 'load', '--out', out, '--bundle', bundle, '--time-compression', '60', '--scale', '0.1');
    expect(err).toContain(out);
    const [configMap, testRun] = parseAllDocuments(readFileSync(out, 'utf8')).map((d) => d.toJS());
    expect(configMap).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'capsim-black-friday-script', namespace: 'load', labels: { 'app.kubernetes.io/part-of': 'capsim', 'capsim.io/scenario': 'black-friday' } },
      data: { 'payments.js': readFileSync(bundle, 'utf8') },
    });
    expect(testRun).toEqual({
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: { name: 'capsim-black-friday', namespace: 'load', labels: { 'app.kubernetes.io/part-of': 'capsim', 'capsim.io/scenario': 'black-friday' } },
      spec: {
        parallelism: 4,
        script: { configMap: { name: 'capsim-black-friday-script', file: 'payments.js' } },
        arguments: '-e SCENARIO=black-friday -e BASE_URL=http://payment-service.payments.svc.cluster.local -e TIME_COMPRESSION=60 -e SCALE=0.1',
      },
    });
  });

  it('prints to stdout without --out', async () => {
    const { out } = await run('steady-authorize', '--parallelism', '2', '--bundle', bundle, '--base-url', 'http://svc:8080');
    const docs = parseAllDocuments(out).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'TestRun']);
    expect(docs[1].metadata.namespace).toBe('default');
    expect(docs[1].spec.arguments).toBe('-e SCENARIO=steady-authorize -e BASE_URL=http://svc:8080');
  });

  it('a scenario YAML (any service) travels as scenario.json in the ConfigMap, read with SCENARIO_FILE', async () => {
    const { out } = await run('test/fixtures/scenarios/wallet.yaml', '--parallelism', '2', '--bundle', bundle);
    const [configMap, testRun] = parseAllDocuments(out).map((d) => d.toJS());
    expect(Object.keys(configMap.data).sort()).toEqual(['payments.js', 'scenario.json']);
    expect(JSON.parse(configMap.data['scenario.json']).capsimScenario.http.flows.pay.steps.map((s: { operation: string }) => s.operation)).toEqual(['tokenize', 'charge', 'refund']);
    expect(testRun.metadata.name).toBe('capsim-wallet');
    expect(testRun.spec.arguments).toBe('-e SCENARIO_FILE=scenario.json -e BASE_URL=http://payment-service.payments.svc.cluster.local');
  });

  it.each([
    { name: 'the bundle is not built', args: ['payday', '--parallelism', '2', '--bundle', join(dir, 'missing.js')], message: /missing\.js: no such k6 bundle \(leave --bundle out to use dist\/k6\/payments\.js, built when missing or stale\)/ },
    { name: 'parallelism 0', args: ['payday', '--parallelism', '0', '--bundle', bundle], message: /--parallelism: expected a whole number >= 1, got "0"/ },
    { name: 'an unknown scenario', args: ['cyber-monday', '--parallelism', '2', '--bundle', bundle], message: /unknown scenario "cyber-monday": expected a scenario YAML file or one of: .*black-friday/ },
  ])('$name -> InputError', async ({ args, message }) => {
    expect((await inputError(args)).message).toMatch(message);
  });
});
