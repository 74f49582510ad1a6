import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPERATIONS, type OperationName, type ServiceConfig } from './config.js';
import { createMetrics } from './metrics.js';
import { sendJson, servePayment, type PaymentContext } from './payment.js';
import { createLognormal, replicaSeed } from './prng.js';
import { createRequestLog } from './requestLog.js';
import { createWorkerPool } from './workerPool.js';

/**
 * The reference payment service over node:http.
 *
 * Routes: POST /<op> for each configured operation; GET /healthz (liveness: the event loop
 * answers), GET /readyz (200, or 503 once draining), GET /metrics (Prometheus text).
 * An unknown path is an unknown operation: 404 with a JSON body naming it and the known ones.
 * An optional X-Req-Id header is echoed and used as the log's `rid`.
 */

export interface ServiceHandle {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Graceful shutdown (see startServer); resolves when the service has stopped. Idempotent. */
  drain(): Promise<void>;
  /** Stop now: close the listener and every connection; in-flight requests lose their responses. */
  close(): Promise<void>;
  /** Current pool state, for tests and logs. */
  stats(): { busy: number; waiting: number; inFlight: number; draining: boolean };
}

/**
 * Start the service and resolve once it listens.
 *
 * drain(): readyz turns 503 and responses carry `Connection: close`; after drainDelayMs the
 * listener closes (no new connections; idle keep-alive connections are closed); then in-flight
 * requests (running and queued) get up to drainTimeoutMs to finish and flush before every
 * remaining connection is cut and the log is flushed.
 * @param listen host and port; port 0 picks a free one
 * @example const svc = await startServer(loadConfig({}), { host: '127.0.0.1', port: 0 }); await fetch(`${svc.url}/authorize`, { method: 'POST' })
 */
export async function startServer(config: ServiceConfig, listen: { host: string; port: number }): Promise<ServiceHandle> {
  const state = { draining: false, inFlight: 0, unnamed: 0 };
  const pool = createWorkerPool(config.workers, config.queueMax);
  const metrics = createMetrics(pool);
  const log = createRequestLog(config.logFile);
  const ctx: PaymentContext = {
    config,
    pool,
    downstream: createLognormal(replicaSeed(config.seed, config.replica)),
    metrics,
    log,
    draining: () => state.draining,
    nextSeq: 0,
  };
  const known = OPERATIONS.filter((op) => config.operations.has(op));
  const idleWaiters: Array<() => void> = [];
  const finished = (): void => {
    state.inFlight--;
    if (state.inFlight === 0) idleWaiters.splice(0).forEach((wake) => wake());
  };

  const server = createServer((req, res) => {
    if (state.draining) res.setHeader('connection', 'close');
    const rid = requestId(req, config.replica, state);
    res.setHeader('x-req-id', rid);
    route(req, res, rid);
  });

  function route(req: IncomingMessage, res: ServerResponse, rid: string): void {
    req.resume(); // the body carries nothing we use; reading it keeps keep-alive working
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    if (path === '/healthz' || path === '/readyz' || path === '/metrics') {
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, method, path, 'GET, HEAD');
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') return sendJson(res, state.draining ? 503 : 200, { status: state.draining ? 'draining' : 'ready' });
      return void metrics.render().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(body);
        },
        (e: unknown) => sendJson(res, 500, { error: `metrics: ${e instanceof Error ? e.message : String(e)}` }),
      );
    }
    const name = path.slice(1);
    const opConfig = config.operations.get(name as OperationName);
    if (opConfig === undefined) {
      metrics.observe('unknown', 404, 0);
      return sendJson(res, 404, { error: `unknown operation "${name}"`, op: name, known });
    }
    if (method !== 'POST') return methodNotAllowed(res, method, path, 'POST');
    state.inFlight++;
    servePayment(ctx, { op: name as OperationName, opConfig, rid }, res, finished);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = listen.host.includes(':') ? `[${listen.host}]` : listen.host;

  let stopping: Promise<void> | undefined;
  const stop = async (graceful: boolean): Promise<void> => {
    state.draining = true;
    if (graceful && config.drainDelayMs > 0) await sleep(config.drainDelayMs);
    // Node >= 19 also closes idle keep-alive connections here; responses sent while draining
    // carry Connection: close, so `closed` settles once the last in-flight response is flushed.
    const closed = closeListener(server);
    if (graceful) await withTimeout(Promise.all([closed, waitIdle(state, idleWaiters)]), config.drainTimeoutMs);
    server.closeAllConnections();
    await closed;
    await log.close();
  };
  return {
    url: `http://${urlHost}:${port}`,
    port,
    drain: () => (stopping ??= stop(true)),
    close: () => (stopping ??= stop(false)),
    stats: () => ({ busy: pool.busy, waiting: pool.waiting, inFlight: state.inFlight, draining: state.draining }),
  };
}

function requestId(req: IncomingMessage, replica: number, state: { unnamed: number }): string {
  const header = req.headers['x-req-id'];
  const given = Array.isArray(header) ? header[0] : header;
  // Bounded so a client cannot make us echo or log an arbitrarily long header.
  if (given !== undefined && given !== '') return given.slice(0, 128);
  return `r${replica}-${state.unnamed++}`;
}

function methodNotAllowed(res: ServerResponse, method: string, path: string, allow: string): void {
  sendJson(res, 405, { error: `method ${method} not allowed on ${path}; use ${allow}`, allow: allow.split(', ') }, { allow });
}

function closeListener(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function waitIdle(state: { inFlight: number }, waiters: Array<() => void>): Promise<void> {
  if (state.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => waiters.push(resolve));
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
