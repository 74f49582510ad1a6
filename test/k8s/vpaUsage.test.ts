import { describe, expect, it } from 'vitest';
import { readOomCsv, readUsageCsv } from '../../k8s/vpaUsage.js';

const T0 = Date.UTC(2026, 0, 5);

describe('usage CSV', () => {
  it('reads RFC3339 and unix-seconds times, cores and bytes, and sorts rows by time', () => {
    const csv = [
      'time,pod,container,cpu_cores,memory_bytes',
      '2026-01-05T00:01:00Z,api-1,api,0.5,268435456',
      `${T0 / 1000},api-1,api,0.2503,256Mi`,
      '2026-01-05T01:00:00.5+01:00,api-1,api,250m,',
    ].join('\n');
    expect(readUsageCsv(csv, 'u.csv')).toEqual([
      { atMs: T0, pod: 'api-1', container: 'api', cpu: 251, memory: 268_435_456 },
      { atMs: T0 + 500, pod: 'api-1', container: 'api', cpu: 250 },
      { atMs: T0 + 60_000, pod: 'api-1', container: 'api', cpu: 500, memory: 268_435_456 },
    ]);
  });

  it('accepts the column names timestamp, cpu and memory in any order', () => {
    const csv = 'pod,container,memory,timestamp,cpu\napi-1,api,1000,1767571200,1\n';
    expect(readUsageCsv(csv, 'u.csv')).toEqual([{ atMs: T0, pod: 'api-1', container: 'api', cpu: 1000, memory: 1000 }]);
  });

  it.each([
    ['a bad time', 'time,pod,container,cpu_cores\n2026-01-05 noon,a,b,1\n', 'u.csv:2: time: expected an RFC3339 time'],
    ['a bad cpu cell', 'time,pod,container,cpu_cores\n1767571200,a,b,1\n1767571260,a,b,fast\n', 'u.csv:3: cpu_cores: expected a number or quantity, got "fast"'],
    ['a negative memory', 'time,pod,container,memory_bytes\n1767571200,a,b,-5\n', 'u.csv:2: memory_bytes: expected a non-negative value, got "-5"'],
    ['an empty pod', 'time,pod,container,cpu\n1767571200,,b,1\n', 'u.csv:2: pod: expected a value, got an empty cell'],
    ['a missing column', 'time,pod,cpu\n1767571200,a,1\n', 'u.csv:1: missing column container'],
    ['no resource column', 'time,pod,container\n1767571200,a,b\n', 'u.csv:1: expected a cpu_cores (or cpu) and/or memory_bytes (or memory) column'],
    ['a short row', 'time,pod,container,cpu\n1767571200,a\n', 'u.csv:2: not valid CSV'],
  ])('rejects %s naming file, line and column', (_name, csv, message) => {
    expect(() => readUsageCsv(csv, 'u.csv')).toThrow(message);
  });
});

describe('OOM events CSV', () => {
  it('reads time, pod, container and the memory request, sorted by time', () => {
    const csv = 'time,pod,container,memory_bytes\n2026-01-05T02:00:00Z,api-2,api,512Mi\n2026-01-05T01:00:00Z,api-1,api,536870912\n';
    expect(readOomCsv(csv, 'o.csv')).toEqual([
      { atMs: T0 + 3_600_000, pod: 'api-1', container: 'api', requestedMemory: 536_870_912 },
      { atMs: T0 + 7_200_000, pod: 'api-2', container: 'api', requestedMemory: 536_870_912 },
    ]);
  });

  it('requires the memory column', () => {
    expect(() => readOomCsv('time,pod,container\n1,a,b\n', 'o.csv')).toThrow('o.csv:1: missing column memory_bytes (or memory)');
  });
});
