import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, test } from 'vitest';
import { GuardedWatch } from '../../../calibration/recorder/guardedWatch.js';

describe('GuardedWatch', () => {
  test('a failure before the request reaches done(err) instead of throwing (ListWatch would leave the rejection unhandled)', async () => {
    const noCluster = new KubeConfig(); // Watch.watch throws 'No currently active cluster'
    const errors: unknown[] = [];
    const controller = await new GuardedWatch(noCluster, 0).watch('/api/v1/nodes', {}, () => undefined, (err) => errors.push(err));
    expect(errors.map((e) => (e as Error).message)).toEqual(['No currently active cluster']);
    expect(controller.signal.aborted).toBe(true);
  });

  test('after stop() a new watch ends at once with an abort, without a connection', async () => {
    const kc = new KubeConfig();
    // Port 9 (discard) on loopback: nothing listens; the request must not even be attempted.
    kc.loadFromOptions({ clusters: [{ name: 'c', server: 'http://127.0.0.1:9', skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    const w = new GuardedWatch(kc, 0);
    w.stop();
    const errors: unknown[] = [];
    await w.watch('/api/v1/nodes', {}, () => undefined, (err) => errors.push(err));
    expect(errors.map((e) => (e as Error).name)).toEqual(['AbortError']);
  });
});
