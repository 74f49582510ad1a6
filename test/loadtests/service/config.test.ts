import { describe, expect, it } from 'vitest';
import { InputError } from '../../../input/inputError.js';
import { DEFAULT_OPERATIONS, OPERATIONS, loadConfig, loadListenAddress } from '../../../loadtests/service/config.js';

describe('loadConfig: environment -> service configuration', () => {
  it('defaults to the calibration runs\' service (truth.json service.env) for authorize/capture/refund', () => {
    const c = loadConfig({});
    expect({ W: c.workers, QMAX: c.queueMax, SEED: c.seed, CPU_CLOCK: c.cpuClock, DS_SIGMA: c.downstreamSigma, REPLICA: c.replica }).toEqual({
      W: 8,
      QMAX: 64,
      SEED: 12345,
      CPU_CLOCK: 'cpu',
      DS_SIGMA: 0.3,
      REPLICA: 0,
    });
    expect(c.operations.get('authorize')).toEqual({ cpuMs: 4, downstreamMedianMs: 15 });
    expect(c.operations.get('capture')).toEqual({ cpuMs: 2, downstreamMedianMs: 8 });
    expect(c.operations.get('refund')).toEqual({ cpuMs: 3, downstreamMedianMs: 8 });
    expect([...c.operations.keys()]).toEqual([...OPERATIONS]);
    expect(c.logFile).toBeUndefined();
  });

  it('reads every variable with the fixtures\' names', () => {
    const c = loadConfig({
      W: '4',
      QMAX: '0',
      SEED: '7',
      REPLICA: '1',
      CPU_CLOCK: 'wall',
      DS_SIGMA: '0',
      CPU_MS_PAYOUT: '12.5',
      DS_MEDIAN_PAYOUT: '40',
      DRAIN_DELAY_MS: '100',
      DRAIN_TIMEOUT_MS: '5000',
      LOG_FILE: 'logs/x.ndjson',
    });
    expect(c).toMatchObject({ workers: 4, queueMax: 0, seed: 7, replica: 1, cpuClock: 'wall', downstreamSigma: 0, drainDelayMs: 100, drainTimeoutMs: 5000, logFile: 'logs/x.ndjson' });
    expect(c.operations.get('payout')).toEqual({ cpuMs: 12.5, downstreamMedianMs: 40 });
    expect(c.operations.get('settle')).toEqual(DEFAULT_OPERATIONS.settle);
  });

  it('OPS restricts the served operations (case-insensitive, listed order ignored)', () => {
    expect([...loadConfig({ OPS: 'refund, AUTHORIZE' }).operations.keys()]).toEqual(['authorize', 'refund']);
  });

  it.each([
    { name: 'W not a number', env: { W: 'eight' }, message: 'W: expected a whole number >= 1, got "eight"' },
    { name: 'W zero', env: { W: '0' }, message: 'W: expected a whole number >= 1, got "0"' },
    { name: 'QMAX fractional', env: { QMAX: '1.5' }, message: 'QMAX: expected a whole number >= 0, got "1.5"' },
    { name: 'SEED negative', env: { SEED: '-1' }, message: 'SEED: expected a whole number >= 0, got "-1"' },
    { name: 'CPU_CLOCK unknown', env: { CPU_CLOCK: 'thread' }, message: 'CPU_CLOCK: expected "cpu" or "wall", got "thread"' },
    { name: 'CPU_MS negative', env: { CPU_MS_AUTHORIZE: '-4' }, message: 'CPU_MS_AUTHORIZE: expected a number >= 0, got "-4"' },
    { name: 'DS_MEDIAN not a number', env: { DS_MEDIAN_CAPTURE: '8ms' }, message: 'DS_MEDIAN_CAPTURE: expected a number >= 0, got "8ms"' },
    { name: 'DS_SIGMA not a number', env: { DS_SIGMA: 'NaN' }, message: 'DS_SIGMA: expected a number >= 0, got "NaN"' },
    { name: 'typo in an operation variable', env: { CPU_MS_AUTHORISE: '4' }, message: `CPU_MS_AUTHORISE: no operation "authorise"; known: ${OPERATIONS.join(', ')}` },
    { name: 'unknown operation in OPS', env: { OPS: 'authorize,chargeback' }, message: `OPS: unknown operation "chargeback"; known: ${OPERATIONS.join(', ')}` },
    { name: 'DRAIN_TIMEOUT_MS not a number', env: { DRAIN_TIMEOUT_MS: '20s' }, message: 'DRAIN_TIMEOUT_MS: expected a number >= 0, got "20s"' },
  ])('$name -> InputError naming the variable', ({ env, message }) => {
    expect(() => loadConfig(env)).toThrow(InputError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('loadListenAddress', () => {
  it.each([
    { name: 'defaults for a container', env: {}, want: { host: '0.0.0.0', port: 8080 } },
    { name: 'loopback for tests', env: { HOST: '127.0.0.1', PORT: '0' }, want: { host: '127.0.0.1', port: 0 } },
  ])('$name', ({ env, want }) => {
    expect(loadListenAddress(env)).toEqual(want);
  });

  it.each(['65536', 'http'])('PORT=%s -> InputError naming PORT', (port) => {
    expect(() => loadListenAddress({ PORT: port })).toThrow(/^PORT: expected/);
  });
});
