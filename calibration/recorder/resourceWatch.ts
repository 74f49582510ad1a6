import { ListWatch, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { GuardedWatch } from './guardedWatch.js';
import type { Ms } from '../../sim/units.js';
import type { WatchEvent } from './observe.js';

/** Delay before restarting a failed watch: initialMs, doubling per failure in a row, at most maxMs. */
export interface Backoff {
  readonly initialMs: Ms;
  readonly maxMs: Ms;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000 };

export interface ResourceWatchOptions<T extends KubernetesObject> {
  kubeConfig: KubeConfig;
  /** Collection path, e.g. `/api/v1/namespaces/pay/pods`. */
  path: string;
  /** The list call of the same collection with the same selectors (a typed client call). */
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  backoff: Backoff;
  onEvent: (event: WatchEvent, obj: T) => void;
  /** The cache is about to list again because its resourceVersion expired (410 Gone). */
  onRelist: () => void;
  /** The list or watch failed; it is retried after retryInMs. */
  onError: (message: string, retryInMs: Ms) => void;
}

export interface ResourceWatch {
  /** Stop watching: no callback fires afterwards and no connection stays open. Idempotent. */
  stop(): void;
}

/**
 * Keep an informer (the client's list-watch cache) running on one collection until stopped.
 *
 * What @kubernetes/client-node 1.4.0 `ListWatch` (dist/cache.js) does by itself: on a watch that
 * ends cleanly it watches again from the last resourceVersion; on a 410 (an ERROR event whose
 * Status has code 410, or an HTTP 410 answer) it forgets the resourceVersion and lists again,
 * turning the difference into add/update/delete callbacks. On any other failure it calls its
 * 'error' callbacks and stops; this wrapper restarts it after a bounded exponential backoff.
 *
 * `makeInformer(kc, path, list, labelSelector)` is `new ListWatch(path, new Watch(kc), list, false,
 * labelSelector)`; it is built here directly because makeInformer takes no field selector, and
 * with a GuardedWatch (closes every connection on stop, paces reconnects, never throws).
 */
export function watchResource<T extends KubernetesObject>(o: ResourceWatchOptions<T>): ResourceWatch {
  const watch = new GuardedWatch(o.kubeConfig, o.backoff.initialMs);
  let stopped = false;
  let listed = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const list = async (): Promise<KubernetesListObject<T>> => {
    const result = await o.list();
    if (stopped) throw new Error('stopped');
    listed = true;
    failures = 0;
    return result;
  };
  const informer = new ListWatch<T>(o.path, watch, list, false, o.labelSelector, o.fieldSelector);

  const fail = (err: unknown): void => {
    if (stopped || retry !== undefined) return;
    const delay = Math.min(o.backoff.maxMs, o.backoff.initialMs * 2 ** Math.min(failures, 30));
    failures += 1;
    o.onError(errorMessage(err), delay);
    retry = setTimeout(() => {
      retry = undefined;
      if (!stopped) informer.start().catch(fail);
    }, delay);
  };
  const emit = (event: WatchEvent) => (obj: T) => {
    if (stopped) return;
    failures = 0;
    o.onEvent(event, obj);
  };

  informer.on('add', emit('added'));
  informer.on('update', emit('modified'));
  informer.on('delete', emit('deleted'));
  informer.on('error', fail);
  informer.on('connect', () => {
    // Every (re)connect passes here; an empty resourceVersion after a first list means a relist.
    if (!stopped && listed && informer.latestResourceVersion() === '') o.onRelist();
  });
  informer.start().catch(fail);

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      void informer.stop();
      watch.stop();
    },
  };
}

/** The first line of an error, with the HTTP status when there is one (ApiException, watch errors). */
export function errorMessage(err: unknown): string {
  const e = err as { message?: unknown; statusCode?: unknown; code?: unknown } | null;
  const text = typeof e?.message === 'string' ? e.message : String(err);
  const status = typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.code === 'number' ? e.code : undefined;
  const first = (text.split('\n')[0] ?? '').slice(0, 300);
  return status !== undefined && !first.includes(String(status)) ? `HTTP ${status}: ${first}` : first;
}
