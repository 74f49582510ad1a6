import { writeFileSync } from 'node:fs';
import { runCommand } from 'citty';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import recordCommand from '../../cli/commands/record.js';
import { memoryIo } from '../../cli/io.js';
import { readTimeline } from '../../calibration/recorder/readTimeline.js';
import { InputError } from '../../input/inputError.js';
import { stopSignal } from '../../calibration/recorder/stopSignal.js';
import { startFakeKubeApi, type FakeKubeApi } from '../support/fakeKubeApi.js';
import { pod, seed, tempFile, waitUntil, readLines } from '../calibration/recorder/helpers.js';

// `capsim record` run in-process against the fake API server, through a kubeconfig file.

let api: FakeKubeApi;
let kubeconfig: string;
beforeEach(async () => {
  api = await startFakeKubeApi();
  seed(api);
  api.apply('pods', pod({ name: 'pay-api-1', ready: true, readyAt: '2026-11-25T18:00:30Z' }));
  kubeconfig = tempFile('kubeconfig');
  writeFileSync(kubeconfig, api.kubeConfigYaml());
});
afterEach(async () => {
  await api.close();
});

function run(args: string[]) {
  const io = memoryIo();
  const done = runCommand(recordCommand, { rawArgs: args, data: { io } });
  return { io, done };
}
const base = (out: string): string[] => ['--namespace', 'pay', '--deployment', 'pay-api', '--hpa', 'pay-api', '--out', out, '--kubeconfig', kubeconfig];

describe('capsim record', () => {
  test('--duration bounds the run; the timeline holds the cluster and the summary names what was written', async () => {
    const out = tempFile('timeline.ndjson');
    const { io, done } = run([...base(out), '--metrics-interval', '100ms', '--duration', '500ms']);
    await done;
    const tl = await readTimeline(out, { namespace: 'pay' });
    expect(tl.meta).toMatchObject({ namespace: 'pay', deployment: 'pay-api', hpa: 'pay-api', selector: 'app=pay-api' });
    const kinds = new Set(tl.lines.map((l) => l.kind));
    expect([...kinds].sort()).toEqual(['deployment', 'hpa', 'nodes', 'pod', 'podMetrics']);
    expect(tl.podStartups.map((s) => [s.name, s.delayMs])).toEqual([['pay-api-1', 30_000]]);
    expect(io.stdout()).toMatch(new RegExp(`^wrote ${out} \\(pods selected by app=pay-api\\): meta 1, pod 1, deployment 1, hpa 1, nodes 1, podMetrics \\d+\\n$`));
    expect(io.stderr()).toContain('pay/pay-api');
  });

  test.each(['SIGINT', 'SIGTERM'] as const)('%s stops the recording and leaves a whole file', async (signal) => {
    const out = tempFile('timeline.ndjson');
    const { done } = run(base(out));
    await waitUntil('the first pod line', () => {
      try {
        return readLines(out).some((l) => l.kind === 'pod');
      } catch {
        return false;
      }
    });
    process.emit(signal);
    await done;
    expect(process.listenerCount(signal)).toBe(0);
    await waitUntil('the watches closed', () => api.openWatches('pods') === 0);
    expect((await readTimeline(out)).lines.length).toBeGreaterThan(0);
  });

  const bad = [
    { name: 'a metrics interval that is not a duration', args: ['--metrics-interval', 'often'], message: /--metrics-interval: expected a positive duration like 15s, 10m or 1h30m, got "often"/ },
    { name: 'a zero duration', args: ['--duration', '0s'], message: /--duration: expected a positive duration/ },
    { name: 'a context the kubeconfig does not have', args: ['--context', 'prod'], message: /--context: expected one of the kubeconfig's contexts \(fake\), got "prod"/ },
    { name: 'a deployment that does not exist', args: ['--deployment', 'nope'], message: /--deployment: deployment "nope" not found in namespace "pay"/ },
  ];
  test.each(bad)('$name is an InputError naming the flag', async ({ args, message }) => {
    const { done } = run([...base(tempFile('timeline.ndjson')), ...args]);
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
  });

  test('a kubeconfig file that does not exist is an InputError naming it', async () => {
    const missing = tempFile('nope.kubeconfig');
    const { done } = run([...base(tempFile('timeline.ndjson')), '--kubeconfig', missing]);
    await expect(done).rejects.toThrow(new RegExp(`^${missing}: --kubeconfig: expected a readable kubeconfig`));
  });

  test('--namespace is required', async () => {
    const { done } = run(['--deployment', 'pay-api', '--out', tempFile('t.ndjson')]);
    await expect(done).rejects.toThrow(/Missing required argument: --namespace/);
  });
});

describe('stopSignal', () => {
  test('the first SIGINT aborts and hands the next one back to Node (a second Ctrl-C kills)', () => {
    const stop = stopSignal();
    expect(process.listenerCount('SIGINT')).toBe(1);
    process.emit('SIGINT');
    expect(stop.signal.aborted).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    stop.dispose();
  });
});
