import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScenarioFile } from '../../input/scenarioFile.js';
import { compileScenario } from '../../scenarios/compile.js';
import { expectedOperationWeights, requestsPerIteration } from '../../scenarios/http/flows.js';
import { vuPool } from '../../scenarios/k6/vus.js';
import { capsim } from '../support/cli.js';

const WALLET = 'test/fixtures/scenarios/wallet.yaml';
const dir = mkdtempSync(join(tmpdir(), 'capsim-flows-'));

describe('flows drive the simulator: a flow is the requests it sends on average', () => {
  const spec = readScenarioFile(WALLET).spec;
  it('the operation mix counts each step by how often it runs: pay 4 = tokenize 4, charge 4 x 0.7, refund 4 x 0.7 x 0.2; balance 1', () => {
    const w = expectedOperationWeights(spec);
    expect(w.tokenize).toBe(4);
    expect(w.charge).toBeCloseTo(2.8, 12);
    expect(w.refund).toBeCloseTo(0.56, 12);
    expect(w.balance).toBe(1);
    expect(compileScenario(spec).traffic.mix).toEqual(w);
  });
  it('rates count flows started per second (k6 iterations); the simulator is offered the requests they send', () => {
    expect(requestsPerIteration(spec)).toBeCloseTo((4 + 2.8 + 0.56 + 1) / 5, 12);
    const profile = compileScenario(spec).traffic.profile;
    expect(profile).toMatchObject({ executor: 'constant-arrival-rate' });
    expect((profile as { rate: number }).rate).toBeCloseTo(20 * 1.672, 9);
  });
  it('VUs cover a flow\'s requests and its declared wait (1 s before a refund)', () => {
    const pool = vuPool(spec, 20);
    // mean iteration: 1.672 requests x mean latency + 0.112 s of waiting (4 x 0.7 x 0.2 / 5 x 1 s)
    expect(pool.preAllocatedVUs).toBeGreaterThanOrEqual(Math.ceil(2 * 20 * 0.112));
  });
});

describe('bad flows and requests: one line naming the file, line and field, exit 2', () => {
  const wallet = readFileSync(WALLET, 'utf8');
  it.each([
    ['a body template that references an undefined value', wallet.replace('source: "{{token}}"', 'source: "{{tokn}}"'), /wallet-bad\.yaml:\d+: workload\.operations\.charge\.request\.body\.source: "\{\{tokn\}\}" references "tokn", which is not defined in flow "pay": expected one of http\.values \(amount, currency\), a value captured by an earlier step \(token\), or idempotencyKey, iteration/],
    ['a flow step that references an unknown operation', wallet.replace('- operation: refund', '- operation: refnd'), /wallet-bad\.yaml:\d+: http\.flows\.pay\.steps\[2\]\.operation: flow step references unknown operation "refnd" \(known: tokenize, charge, refund, balance\)/],
    ['a value used before the step that captures it', wallet.replace('path: /v1/tokens', 'path: /v1/tokens/{{chargeId}}'), /workload\.operations\.tokenize\.request\.path: "\{\{chargeId\}\}" references "chargeId", which is not defined in flow "pay"/],
    ['a mix entry that is neither an operation nor a flow', wallet.replace('pay: 4 ', 'payy: 4 '), /wallet-bad\.yaml:\d+: traffic\.mix\.payy: "payy" is neither an operation in workload\.operations .* nor a flow in http\.flows \(pay\)/],
  ])('%s', async (_name, text, message) => {
    const file = join(dir, 'wallet-bad.yaml');
    writeFileSync(file, text);
    const t = await capsim(['k6', 'options', file]);
    expect(t.code).toBe(2);
    expect(t.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(t.stderr).toMatch(message);
  });
  it('an operation of the mix without a request: exit 2 at the operation\'s line', async () => {
    const file = join(dir, 'wallet-norequest.yaml');
    writeFileSync(file, wallet.replace(/    balance:\n      cpu: \{ distribution: constant, valueMs: 1 \}\n      request:\n        method: GET\n        path: \/v1\/balance\n/, '    balance:\n      cpu: { distribution: constant, valueMs: 1 }\n'));
    const t = await capsim(['k6', 'options', file]);
    expect(t.code).toBe(2);
    const line = wallet.split('\n').findIndex((l) => l === '    balance:') + 1;
    expect(t.stderr).toBe(`capsim: ${file}:${line}: workload.operations.balance: operation "balance" has no request: the k6 script needs its method and path (workload.operations.balance.request: { method, path, ... })\n`);
  });
});
