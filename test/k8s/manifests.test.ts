import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../input/inputError.js';
import { dispatchByKind, parseManifestText, readManifests, requireKinds } from '../../k8s/manifests.js';

const FIX = 'test/fixtures/k8s';

describe('readManifests', () => {
  it('splits multi-document files and records the 1-based line where each document starts', () => {
    const docs = readManifests([`${FIX}/hpa-v1.yaml`]);
    expect(docs.map((d) => [d.kind, d.apiVersion, d.line])).toEqual([['HorizontalPodAutoscaler', 'autoscaling/v1', 1], ['HorizontalPodAutoscaler', 'autoscaling/v1', 12]]);
    expect(docs[0]?.file).toBe(`${FIX}/hpa-v1.yaml`);
  });
  it('starts a document at its first content line, after leading comments', () => {
    expect(readManifests([`${FIX}/payments-deployment.yaml`])[0]?.line).toBe(2);
  });
  it('reads every YAML file of a directory in name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-manifests-'));
    writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: b }\n');
    writeFileSync(join(dir, 'a.yml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: a }\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    expect(readManifests([dir]).map((d) => (d.object['metadata'] as { name: string }).name)).toEqual(['a', 'b']);
  });
  it('flattens v1 List objects', () => {
    expect(parseManifestText('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service}\n- {apiVersion: v1, kind: Service}\n', 'l.yaml')).toHaveLength(2);
  });
});

describe('dispatchByKind', () => {
  it('reads each document with the reader of its kind', () => {
    const docs = readManifests(['test/fixtures/k8s/payments-deployment.yaml', 'test/fixtures/k8s/payments-hpa.yaml']);
    expect(dispatchByKind(docs, { Deployment: (d) => `deploy ${d.line}`, HorizontalPodAutoscaler: (d) => `hpa ${d.line}` })).toEqual(['deploy 2', 'hpa 1']);
  });
  it('rejects a kind without a reader, naming file and line', () => {
    expect(() => dispatchByKind(readManifests(['test/fixtures/k8s/mixed-kinds.yaml']), { Deployment: () => 1 })).toThrow(/mixed-kinds\.yaml:12: kind: unsupported kind ConfigMap/);
  });
});

describe('bad manifests', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['an unknown kind names file, line and the kind', () => requireKinds(readManifests([`${FIX}/mixed-kinds.yaml`]), ['Deployment', 'HorizontalPodAutoscaler']), /mixed-kinds\.yaml:12: kind: unsupported kind ConfigMap \(v1\)/],
    ['a document without kind', () => parseManifestText('apiVersion: v1\nmetadata: {}\n', 'x.yaml'), /^x\.yaml:1:1: kind: Required value: expected a string/],
    ['YAML syntax errors', () => parseManifestText('a: [1, 2\n', 'bad.yaml'), /^bad\.yaml:\d+:\d+: YAML does not parse/],
    ['a missing file', () => readManifests(['nope/missing.yaml']), /^nope\/missing\.yaml: file not found$/],
  ];
  it.each(cases)('%s', (_n, f, msg) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(msg);
  });
});
