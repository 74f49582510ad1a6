import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fakeKubeApi.js';
import { NS, pod, seed, startRecording, waitUntil } from './helpers.js';

// loadtests/kind/recorder-rbac.yaml against the requests a recording really makes.

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace: string }>;
}

const docs = parseAllDocuments(readFileSync(new URL('../../../loadtests/kind/recorder-rbac.yaml', import.meta.url), 'utf8')).map((d) => d.toJS() as Doc);
const role = docs.find((d) => d.kind === 'Role');
const clusterRole = docs.find((d) => d.kind === 'ClusterRole');
const allows = (rules: readonly Rule[] | undefined, group: string, plural: string, verb: string): boolean =>
  (rules ?? []).some((r) => r.apiGroups.includes(group) && r.resources.includes(plural) && r.verbs.includes(verb));

let api: FakeKubeApi;
beforeEach(async () => {
  api = await startFakeKubeApi();
  seed(api);
});
afterEach(async () => {
  await api.close();
});

describe('recorder-rbac.yaml', () => {
  test('grants only get, list and watch', () => {
    const verbs = new Set(docs.flatMap((d) => (d.rules ?? []).flatMap((r) => r.verbs)));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
  });

  test('binds the Role and the ClusterRole to the recorder ServiceAccount', () => {
    const sa = docs.find((d) => d.kind === 'ServiceAccount');
    for (const [binding, roleKind, roleName] of [['RoleBinding', 'Role', role?.metadata.name], ['ClusterRoleBinding', 'ClusterRole', clusterRole?.metadata.name]] as const) {
      const b = docs.find((d) => d.kind === binding);
      expect(b?.roleRef).toMatchObject({ kind: roleKind, name: roleName });
      expect(b?.subjects).toEqual([{ kind: 'ServiceAccount', name: sa?.metadata.name, namespace: sa?.metadata.namespace }]);
    }
  });

  test('allows every request a recording makes: namespaced ones by the Role, nodes by the ClusterRole', async () => {
    api.apply('pods', pod({ name: 'pay-api-1' }));
    const rec = startRecording(api);
    await waitUntil('a metrics poll and the pod', () => rec.lines().some((l) => l.kind === 'podMetrics') && rec.lines().some((l) => l.kind === 'pod'));
    api.expire('pods', 'http');
    await waitUntil('the relist', () => rec.lines().some((l) => l.kind === 'relist'));
    await rec.stop();

    const denied = api.requests.filter((r) => {
      const namespaced = r.path.includes(`/namespaces/${NS}/`);
      return !allows(namespaced ? role?.rules : clusterRole?.rules, r.group, r.plural, r.verb);
    });
    expect(denied.map((r) => `${r.verb} ${r.path}`)).toEqual([]);
    expect(new Set(api.requests.map((r) => `${r.group}/${r.plural}`))).toEqual(
      new Set(['apps/deployments', 'autoscaling/horizontalpodautoscalers', '/pods', '/nodes', 'metrics.k8s.io/pods']),
    );
  });
});
