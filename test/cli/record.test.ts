import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { readTimeline } from '../../calibration/recorder/readTimeline.js';
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

/** `capsim record <args>` started in-process; `done` resolves to the exit code. */
function run(args: string[]) {
  const io = memoryIo();
  const done = main(['record', ...args], io);
  return { io, done };
}
const base = (out: string): string[] => ['--namespace', 'pay', '--deployment', 'pay-api', '--hpa', 'pay-api', '--out', out, '--kubeconfig', kubeconfig];

describe('capsim record', () => {
  test('--duration bounds the run; the timeline holds the cluster and the summary names what was written', async () => {
    const out = tempFile('timeline.ndjson');
    // 2 s: long enough for every first list and metrics poll even on a loaded machine.
    const { io, done } = run([...base(out), '--metrics-interval', '100ms', '--duration', '2s']);
    expect(await done).toBe(0);
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
    expect(await done).toBe(0);
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
    const { io, done } = run([...base(tempFile('timeline.ndjson')), ...args]);
    expect(await done).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr().trimEnd().split('\n').filter((l) => l.startsWith('capsim: '))).toHaveLength(1); // one error line (after the start line)
  });

  test('a kubeconfig file that does not exist is an InputError naming it', async () => {
    const missing = tempFile('nope.kubeconfig');
    const { io, done } = run([...base(tempFile('timeline.ndjson')), '--kubeconfig', missing]);
    expect(await done).toBe(2);
    expect(io.stderr()).toMatch(new RegExp(`^capsim: ${missing}: --kubeconfig: expected a readable kubeconfig`));
  });

  test('--namespace is required', async () => {
    const { io, done } = run(['--deployment', 'pay-api', '--out', tempFile('t.ndjson')]);
    expect(await done).toBe(2);
    expect(io.stderr()).toBe("capsim record: required option '--namespace <ns>' not specified\n");
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
