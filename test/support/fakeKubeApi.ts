import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * A fake Kubernetes API server on 127.0.0.1 that speaks the wire protocol @kubernetes/client-node
 * 1.4.0 uses (gen/apis/*.js for get and list, dist/watch.js and dist/cache.js for watch):
 *
 * - list: `GET <collection>?labelSelector=&fieldSelector=` -> `{kind: XList, metadata: {resourceVersion}, items}`;
 * - get: `GET <collection>/<name>` -> the object, or 404 with a Status;
 * - watch: `GET <collection>?watch=true&resourceVersion=N[&labelSelector=...]` -> 200, chunked, one
 *   `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}` per line: every event after N
 *   is replayed from the event log, then new ones stream as they happen (as the apiserver's watch
 *   cache does). A resourceVersion older than the last compaction is answered as the apiserver
 *   does, with an ERROR event carrying a Status of code 410 (reason Expired), or with HTTP 410.
 * - pod metrics: `GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods?labelSelector=` -> PodMetricsList.
 *
 * One resourceVersion counter serves all collections, like etcd's revision. Anything but GET is
 * answered 405 and recorded, so a test can prove the client only got, listed and watched.
 */

export type Resource = 'pods' | 'deployments' | 'horizontalpodautoscalers' | 'nodes';
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
export type KubeObject = { metadata: { name: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string } & Record<string, unknown> } & Record<string, unknown>;

export interface RequestRecord {
  method: string;
  verb: Verb;
  /** `pods`, `deployments`, ..., or `metrics.k8s.io/pods`. */
  resource: string;
  /** The API group as RBAC names it: '' (core), 'apps', 'autoscaling', 'metrics.k8s.io'. */
  group: string;
  /** The plural as RBAC names it: pods, deployments, horizontalpodautoscalers, nodes. */
  plural: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** When the server got it (performance.now(), ms). */
  at: number;
}

export interface FakeKubeApi {
  readonly url: string;
  readonly requests: readonly RequestRecord[];
  /** A KubeConfig for the server (plain HTTP, bearer token `fake-token`). */
  kubeConfig(): KubeConfig;
  /** The same as a kubeconfig file's text. */
  kubeConfigYaml(): string;
  /** Create or replace an object (ADDED or MODIFIED). hideFromWatches: log it but do not send it to open watches, as a lagging watch cache. */
  apply(resource: Resource, obj: KubeObject, opts?: { hideFromWatches?: boolean }): KubeObject;
  remove(resource: Resource, namespace: string | undefined, name: string, opts?: { hideFromWatches?: boolean }): void;
  setPodMetrics(namespace: string, items: KubeObject[]): void;
  /** false: the metrics API answers 404, as a cluster without metrics-server. */
  setMetricsAvailable(available: boolean): void;
  /** Send a BOOKMARK at the current resourceVersion to open watches. */
  bookmark(resource: Resource): void;
  /** Destroy the TCP connections of open watches mid-stream. Returns how many. */
  dropWatches(resource: Resource): number;
  /** Compact the log: every resourceVersion seen so far expires. 'event': open watches get an ERROR 410 event and end; 'http': they end and the next watch from an old version gets HTTP 410. */
  expire(resource: Resource, how: 'event' | 'http'): void;
  openWatches(resource: Resource): number;
  /** How watch requests are answered: 'stream' (normal), 'stall' (no answer at all, not even headers), 'end' (200 and closed at once, no events). */
  setWatchAnswer(resource: Resource, answer: 'stream' | 'stall' | 'end'): void;
  /** Watch requests held unanswered ('stall') and still connected. */
  stalledWatches(resource: Resource): number;
  close(): Promise<void>;
}

interface Watcher {
  res: ServerResponse;
  namespace: string | undefined;
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
}
interface Logged {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}
interface Store {
  objects: Map<string, KubeObject>;
  log: Logged[];
  compactedRv: number;
  expiredAs: 'event' | 'http';
  watchers: Set<Watcher>;
  answer: 'stream' | 'stall' | 'end';
  stalled: Set<ServerResponse>;
}

const KINDS: Record<Resource, { kind: string; apiVersion: string }> = {
  pods: { kind: 'Pod', apiVersion: 'v1' },
  nodes: { kind: 'Node', apiVersion: 'v1' },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1' },
  horizontalpodautoscalers: { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2' },
};
const CORE = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?(pods|nodes)(?:\/([^/]+))?$/;
const GROUPS = /^\/apis\/(apps\/v1|autoscaling\/v2|metrics\.k8s\.io\/v1beta1)\/(?:namespaces\/([^/]+)\/)?(deployments|horizontalpodautoscalers|pods)(?:\/([^/]+))?$/;

/** Start the server on 127.0.0.1 on a free port. */
export async function startFakeKubeApi(): Promise<FakeKubeApi> {
  let rv = 100;
  const requests: RequestRecord[] = [];
  const stores = new Map<Resource, Store>();
  const metrics = new Map<string, KubeObject[]>();
  let metricsAvailable = true;
  const store = (r: Resource): Store => {
    let s = stores.get(r);
    if (s === undefined) stores.set(r, (s = { objects: new Map(), log: [], compactedRv: 0, expiredAs: 'event', watchers: new Set(), answer: 'stream', stalled: new Set() }));
    return s;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const core = CORE.exec(url.pathname);
    const group = GROUPS.exec(url.pathname);
    const [namespace, plural, name, apiGroup] = core ? [core[1], core[2], core[3], 'v1'] : group ? [group[2], group[3], group[4], group[1]] : [];
    const resource = apiGroup === 'metrics.k8s.io/v1beta1' ? 'metrics.k8s.io/pods' : (plural ?? url.pathname);
    const watching = query['watch'] === 'true' || query['watch'] === '1';
    const verb: Verb = req.method !== 'GET' ? methodVerb(req.method) : watching ? 'watch' : name !== undefined ? 'get' : 'list';
    const groupName = apiGroup === undefined || apiGroup === 'v1' ? '' : (apiGroup.split('/')[0] ?? '');
    requests.push({ method: req.method ?? '', verb, resource, group: groupName, plural: plural ?? '', path: url.pathname, query, authorization: req.headers.authorization, at: performance.now() });
    if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', `${req.method} is not allowed`);
    if (plural === undefined) return status(res, 404, 'NotFound', `no route ${url.pathname}`);
    if (resource === 'metrics.k8s.io/pods') {
      if (!metricsAvailable) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
      const items = (metrics.get(namespace ?? '') ?? []).filter((m) => matchesLabels(m.metadata.labels ?? {}, query['labelSelector']));
      return json(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
    }
    const r = plural as Resource;
    const s = store(r);
    const matches = (o: KubeObject): boolean =>
      (namespace === undefined || o.metadata.namespace === namespace) &&
      matchesLabels(o.metadata.labels ?? {}, query['labelSelector']) &&
      matchesFields(o, query['fieldSelector']);
    if (name !== undefined) {
      const o = s.objects.get(key(namespace, name));
      return o === undefined ? status(res, 404, 'NotFound', `${plural} "${name}" not found`) : json(res, 200, o);
    }
    if (!watching) {
      const items = [...s.objects.values()].filter(matches);
      return json(res, 200, { kind: `${KINDS[r].kind}List`, apiVersion: KINDS[r].apiVersion, metadata: { resourceVersion: String(rv) }, items });
    }
    if (s.answer === 'stall') {
      s.stalled.add(res);
      res.on('close', () => s.stalled.delete(res));
      return;
    }
    if (s.answer === 'end') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end();
      return;
    }
    const from = Number(query['resourceVersion'] ?? '0');
    if (from !== 0 && from < s.compactedRv) {
      const message = `too old resource version: ${from} (${s.compactedRv})`;
      if (s.expiredAs === 'http') return status(res, 410, 'Expired', message);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(line('ERROR', statusObject(410, 'Expired', message)));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders(); // the apiserver answers a watch at once; the client's fetch resolves on the headers
    const backlog = from === 0 ? [...s.objects.values()].map((object) => ({ type: 'ADDED', object })) : s.log.filter((e) => e.rv > from);
    for (const e of backlog) if (matches(e.object)) res.write(line(e.type, e.object));
    const w: Watcher = { res, namespace, labelSelector: query['labelSelector'], fieldSelector: query['fieldSelector'] };
    s.watchers.add(w);
    res.on('close', () => s.watchers.delete(w));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const deliver = (r: Resource, type: Logged['type'], object: KubeObject): void => {
    for (const w of store(r).watchers) {
      const inNs = w.namespace === undefined || object.metadata.namespace === w.namespace;
      if (inNs && matchesLabels(object.metadata.labels ?? {}, w.labelSelector) && matchesFields(object, w.fieldSelector)) w.res.write(line(type, object));
    }
  };
  const record = (r: Resource, type: Logged['type'], obj: KubeObject, hide: boolean | undefined): KubeObject => {
    rv += 1;
    const object = { ...KINDS[r], ...structuredClone(obj), metadata: { ...structuredClone(obj.metadata), resourceVersion: String(rv) } };
    store(r).log.push({ rv, type, object });
    if (hide !== true) deliver(r, type, object);
    return object;
  };

  return {
    url,
    requests,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
        users: [{ name: 'recorder', token: 'fake-token' }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'recorder' }],
        currentContext: 'fake',
      });
      return kc;
    },
    kubeConfigYaml: () =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'recorder', user: { token: 'fake-token' } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'recorder' } }],
        'current-context': 'fake',
      }),
    apply(r, obj, opts) {
      const k = key(obj.metadata.namespace, obj.metadata.name);
      const object = record(r, store(r).objects.has(k) ? 'MODIFIED' : 'ADDED', obj, opts?.hideFromWatches);
      store(r).objects.set(k, object);
      return object;
    },
    remove(r, namespace, name, opts) {
      const s = store(r);
      const old = s.objects.get(key(namespace, name));
      if (old === undefined) throw new Error(`fake: no ${r} ${namespace ?? ''}/${name}`);
      s.objects.delete(key(namespace, name));
      record(r, 'DELETED', old, opts?.hideFromWatches);
    },
    setPodMetrics: (namespace, items) => void metrics.set(namespace, structuredClone(items)),
    setMetricsAvailable: (available) => void (metricsAvailable = available),
    bookmark(r) {
      const object = { ...KINDS[r], metadata: { resourceVersion: String(rv) } };
      for (const w of store(r).watchers) w.res.write(line('BOOKMARK', object));
    },
    dropWatches(r) {
      const s = store(r);
      const n = s.watchers.size;
      for (const w of s.watchers) w.res.socket?.destroy();
      s.watchers.clear();
      return n;
    },
    expire(r, how) {
      const s = store(r);
      rv += 1;
      s.compactedRv = rv;
      s.expiredAs = how;
      for (const w of s.watchers) {
        if (how === 'event') w.res.write(line('ERROR', statusObject(410, 'Expired', `too old resource version (${rv})`)));
        w.res.end();
      }
      s.watchers.clear();
    },
    openWatches: (r) => store(r).watchers.size,
    setWatchAnswer: (r, answer) => void (store(r).answer = answer),
    stalledWatches: (r) => store(r).stalled.size,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function line(type: string, object: unknown): string {
  return JSON.stringify({ type, object }) + '\n';
}

function statusObject(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, statusObject(code, reason, message));
}

function methodVerb(method: IncomingMessage['method']): Verb {
  return method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : 'delete';
}

/** apimachinery label selector syntax: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. */
export function matchesLabels(labels: Record<string, string>, selector: string | undefined): boolean {
  if (selector === undefined || selector.trim() === '') return true;
  return splitTerms(selector).every((term) => {
    const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim());
      const has = labels[set[1] ?? ''] !== undefined && values.includes(labels[set[1] ?? ''] ?? '');
      return set[2] === 'in' ? has : !has;
    }
    const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (eq) return eq[2] === '!=' ? labels[eq[1] ?? ''] !== eq[3] : labels[eq[1] ?? ''] === eq[3];
    if (term.startsWith('!')) return labels[term.slice(1)] === undefined;
    return labels[term] !== undefined;
  });
}

function matchesFields(o: KubeObject, selector: string | undefined): boolean {
  if (selector === undefined || selector.trim() === '') return true;
  return splitTerms(selector).every((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) return false;
    const actual = m[1] === 'metadata.name' ? o.metadata.name : m[1] === 'metadata.namespace' ? o.metadata.namespace : undefined;
    return m[2] === '!=' ? actual !== m[3] : actual === m[3];
  });
}

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  terms.push(current.trim());
  return terms.filter((t) => t !== '');
}
