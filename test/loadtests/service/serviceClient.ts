import { loadConfig, type Env } from '../../../loadtests/service/config.js';
import { startServer, type ServiceHandle } from '../../../loadtests/service/server.js';

/** Test helpers: start the service on loopback with a port picked by the OS, and talk to it. */

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** Start on 127.0.0.1:0 with the given environment (plus defaults). */
export function start(env: Env): Promise<ServiceHandle> {
  return startServer(loadConfig(env), { host: '127.0.0.1', port: 0 });
}

export async function call(svc: ServiceHandle, path: string, init: { method?: string; rid?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (init.rid !== undefined) headers['x-req-id'] = init.rid;
  const res = await fetch(`${svc.url}${path}`, { method: init.method ?? 'POST', headers });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, headers: res.headers, body: isJson ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

/**
 * Wait (bounded: at most `tries` x 10 ms) until the service's state satisfies `ok`.
 * @throws when it never does, with the last state seen.
 */
export async function until(svc: ServiceHandle, ok: (s: ReturnType<ServiceHandle['stats']>) => boolean, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (ok(svc.stats())) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`service never reached the expected state; last: ${JSON.stringify(svc.stats())}`);
}

/** A request whose settlement can be observed without awaiting it. */
export function track<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const promise = p.finally(() => {
    done = true;
  });
  return { promise, settled: () => done };
}
