import { describe, expect, it } from 'vitest';
import { parseScenario, withLocation } from '../../input/scenarioFile.js';
import { InputError } from '../../input/inputError.js';
import { compileScenario } from '../../scenarios/compile.js';

const good = `name: ok
traffic:
  startRate: 10
  stages:
    - { duration: 1m, target: 10 }
  mix: { authorize: 1 }
workload:
  operations:
    authorize:
      serviceTime: { distribution: exponential, meanMs: 10 }
  pod:
    workers: 2
    queueLimit: 10
`;

function errorOf(text: string): InputError {
  try {
    const sf = parseScenario(text, 'bad.yaml', '.');
    withLocation(sf, () => compileScenario(sf.spec));
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('scenario files: bad input gets a one-line error naming file, line, field and expectation', () => {
  it('accepts the good scenario', () => {
    const sf = parseScenario(good, 'ok.yaml', '.');
    expect(compileScenario(sf.spec).pod.workers).toBe(2);
  });

  it.each([
    ['a missing field', good.replace('    workers: 2\n', ''), 'bad.yaml:11: workload.pod.workers: missing field'],
    ['a misspelt field', good.replace('queueLimit', 'queueLimt'), 'bad.yaml:13: workload.pod.queueLimt: unknown field "queueLimt" (misspelt?)'],
    ['a negative rate', good.replace('startRate: 10', 'startRate: -5'), 'bad.yaml:3: traffic.startRate: Too small: expected number to be >=0, got -5'],
    ['an unknown distribution', good.replace('exponential', 'weibull'), "bad.yaml:10: workload.operations.authorize.serviceTime.distribution: Invalid discriminator value. Expected 'constant' | 'exponential' | 'lognormal' | 'empirical', got \"weibull\""],
    ['a duration in words', good.replace('duration: 1m', 'duration: 10 minutes'), 'bad.yaml:5: traffic.stages[0].duration: expected a duration like 90s, 20m or 1h30m, got "10 minutes"'],
    ['a mix that sums to zero', good.replace('authorize: 1 }', 'authorize: 0 }'), 'bad.yaml:6: traffic.mix: expected mix weights that sum to more than zero'],
    ['a mix naming an unknown operation', good.replace('{ authorize: 1 }', '{ authorize: 1, payout: 2 }'), 'bad.yaml:6: traffic.mix.payout: "payout" is neither an operation in workload.operations (authorize) nor a flow in http.flows'],
    ['YAML that does not parse', good.replace('  startRate: 10', '  startRate: [10'), 'bad.yaml:'],
    ['not a mapping', '- a\n- b\n', 'bad.yaml:1: expected a scenario'],
    ['a k6 VU executor (closed model)', good.replace('traffic:\n', 'traffic:\n  executor: ramping-vus\n'), 'bad.yaml:3: traffic.executor: expected "constant-arrival-rate" or "ramping-arrival-rate" with the rate to reach (iterations/s ≈ VUs / iteration duration): a VU executor is a closed model, whose rate falls as latency grows, and payments arrive whether or not the service keeps up, got "ramping-vus"'],
    ['an unknown executor', good.replace('traffic:\n', 'traffic:\n  executor: fast\n'), 'bad.yaml:3: traffic.executor: Invalid option: expected one of "ramping-arrival-rate"|"constant-arrival-rate", got "fast"'],
    ['a bad cpu quantity', good.replace('    queueLimit: 10', '    queueLimit: 10\n    cpu: { request: lots }'), 'bad.yaml:14: workload.pod.cpu.request: expected a Kubernetes quantity'],
  ])('%s', (_why, text, expected) => {
    const e = errorOf(text);
    expect(e.message.startsWith(expected), e.message).toBe(true);
    expect(e.message).not.toContain('\n');
  });
});
