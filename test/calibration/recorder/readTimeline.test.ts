import { writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../input/inputError.js';
import { readTimeline } from '../../../calibration/recorder/readTimeline.js';
import { openTimelineWriter } from '../../../calibration/recorder/timelineWriter.js';
import type { Observation } from '../../../calibration/recorder/timeline.js';
import { tempFile } from './helpers.js';

const T0 = Date.parse('2026-11-25T18:00:00.000Z');
const META: Observation = { kind: 'meta', formatVersion: 1, namespace: 'pay', deployment: 'pay-api', hpa: 'pay-api', selector: 'app=pay-api', startTime: '2026-11-25T18:00:00.000Z' };

function podObs(name: string, event: 'added' | 'modified' | 'deleted', ready: boolean, readyAt: string | null = null): Observation {
  return {
    kind: 'pod',
    event,
    name,
    phase: 'Running',
    ready,
    readyTransitionTime: readyAt,
    startTime: '2026-11-25T18:00:01.000Z',
    creationTimestamp: '2026-11-25T18:00:00.000Z',
    deletionTimestamp: null,
    node: 'node-a',
    restarts: 0,
    requests: { cpuMillicores: 300, memoryBytes: null },
  };
}
function deploymentObs(spec: number, ready: number): Observation {
  return { kind: 'deployment', event: 'modified', name: 'pay-api', specReplicas: spec, replicas: spec, readyReplicas: ready, updatedReplicas: spec, availableReplicas: ready };
}

/** Write observations with the writer, the clock advancing by stepMs per line. */
function writeTimeline(observations: readonly Observation[], stepMs = 1000): string {
  const file = tempFile('timeline.ndjson');
  let now = T0 - stepMs;
  const w = openTimelineWriter(file, () => (now += stepMs));
  for (const o of observations) w.write(o);
  w.close();
  return file;
}

function writeText(text: string): string {
  const file = tempFile('timeline.ndjson');
  writeFileSync(file, text);
  return file;
}

const metaText = JSON.stringify({ t: '2026-11-25T18:00:00.000Z', ...META });

describe('readTimeline: broken input is an InputError naming file and line', () => {
  const cases = [
    { name: 'a line that is not JSON', text: `${metaText}\n{"t":"2026-11-25T18:00:01.000Z","kind":"pod",\n`, line: 2, message: /expected one JSON object per line/ },
    { name: 'a last line cut short (recorder killed mid-write)', text: `${metaText}\n{"t":"2026-11-25T18:00:01.000Z","kind":"rel`, line: 2, message: /expected one JSON object per line/ },
    { name: 'an unknown kind', text: `${metaText}\n\n{"t":"2026-11-25T18:00:01.000Z","kind":"event"}\n`, line: 3, message: /kind: expected one of meta, pod, deployment, hpa, nodes, podMetrics, watchError, relist, got "event"/ },
    { name: 'a pod line without ready', text: `${metaText}\n${JSON.stringify({ ...JSON.parse(JSON.stringify({ t: '2026-11-25T18:00:01.000Z', ...podObs('a', 'added', false) })), ready: undefined })}\n`, line: 2, message: /ready/ },
    { name: 't without milliseconds and zone', text: `${metaText}\n{"t":"yesterday","kind":"relist","resource":"pods"}\n`, line: 2, message: /: t: / },
    { name: 'a first line that is not meta', text: `{"t":"2026-11-25T18:00:01.000Z","kind":"relist","resource":"pods"}\n`, line: 1, message: /first line to be \{"kind":"meta"/ },
    { name: 'another format version', text: metaText.replace('"formatVersion":1', '"formatVersion":2') + '\n', line: 1, message: /formatVersion: expected 1 .*got 2/ },
  ];
  test.each(cases)('$name', async ({ text, line, message }) => {
    const file = writeText(text);
    const err = await readTimeline(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message.startsWith(`${file}:${line}: `)).toBe(true);
    expect((err as InputError).message).toMatch(message);
  });

  test('an empty file', async () => {
    const file = writeText('\n');
    await expect(readTimeline(file)).rejects.toThrow(`${file}: expected a timeline (a meta line first), got an empty file`);
  });
});

describe('readTimeline: namespace', () => {
  test('a timeline recorded in another namespace than expected gets a warning naming both', async () => {
    const file = writeTimeline([META]);
    const tl = await readTimeline(file, { namespace: 'checkout' });
    expect(tl.warnings).toEqual([`${file}:1: namespace: timeline was recorded in namespace "pay", expected "checkout"`]);
  });
  test('the same namespace, or none expected: no warning', async () => {
    const file = writeTimeline([META]);
    expect((await readTimeline(file, { namespace: 'pay' })).warnings).toEqual([]);
    expect((await readTimeline(file)).warnings).toEqual([]);
  });
});

describe('readTimeline: what the calibration reads', () => {
  test('per-pod start-up delay, creation -> Ready, from the API timestamps and from the recorder clock', async () => {
    const file = writeTimeline([
      META, // t = 0 s
      podObs('old', 'added', true, '2026-11-25T18:00:20.000Z'), // 1 s: Ready before the recording saw it
      podObs('new', 'added', false), // 2 s
      podObs('new', 'modified', false), // 3 s
      podObs('new', 'modified', true, '2026-11-25T18:00:41.000Z'), // 4 s
      podObs('new', 'modified', false, '2026-11-25T18:01:00.000Z'), // 5 s
      podObs('new', 'modified', true, '2026-11-25T18:01:10.000Z'), // 6 s: Ready again, not a second start-up
      podObs('never', 'added', false), // 7 s
    ]);
    const tl = await readTimeline(file);
    expect(tl.podStartups).toEqual([
      { name: 'old', creationTimestamp: '2026-11-25T18:00:00.000Z', readyTransitionTime: '2026-11-25T18:00:20.000Z', delayMs: 20_000, observedDelayMs: null },
      { name: 'new', creationTimestamp: '2026-11-25T18:00:00.000Z', readyTransitionTime: '2026-11-25T18:00:41.000Z', delayMs: 41_000, observedDelayMs: 2000 },
    ]);
  });

  test('replicas over time: one point per change of the deployment counts', async () => {
    const file = writeTimeline([META, deploymentObs(1, 1), deploymentObs(3, 1), { kind: 'relist', resource: 'deployment' }, deploymentObs(3, 1), deploymentObs(3, 3)]);
    const tl = await readTimeline(file);
    expect(tl.replicas.map((p) => [p.t.slice(11, 19), p.specReplicas, p.readyReplicas])).toEqual([
      ['18:00:01', 1, 1],
      ['18:00:02', 3, 1],
      ['18:00:05', 3, 3],
    ]);
    expect(tl.meta).toMatchObject({ namespace: 'pay', deployment: 'pay-api' });
    expect(tl.lines.map((l) => l.kind)).toEqual(['deployment', 'deployment', 'relist', 'deployment', 'deployment']);
  });
});

describe('openTimelineWriter', () => {
  test('stamps each line with the clock as RFC 3339 with milliseconds, t first, and drops writes after close', async () => {
    const file = tempFile('timeline.ndjson');
    const w = openTimelineWriter(file, () => T0 + 7);
    w.write(META);
    w.close();
    w.write({ kind: 'relist', resource: 'pods' });
    w.close();
    const tl = await readTimeline(file);
    expect(tl.meta.t).toBe('2026-11-25T18:00:00.007Z');
    expect(tl.lines).toEqual([]);
    expect(w.counts()).toEqual({ meta: 1 });
  });
});
