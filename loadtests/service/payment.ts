import type { ServerResponse } from 'node:http';
import { burnCpu } from './busyLoop.js';
import type { OperationConfig, OperationName, ServiceConfig } from './config.js';
import type { ServiceMetrics } from './metrics.js';
import type { Lognormal } from './prng.js';
import { epochMs, round3, type RequestLog } from './requestLog.js';
import type { WorkerPool } from './workerPool.js';

/**
 * One payment request through the fixtures' service model:
 * 1. arrive, queue FIFO for one of W slots, or 503 at once when W are busy and QMAX wait;
 * 2. on a slot: synchronous busy loop for the op's CPU time;
 * 3. async downstream wait d ~ lognormal(median_op, DS_SIGMA), drawn in slot-acquisition order;
 * 4. write the 200 JSON response, release the slot (the next queued request starts at once).
 */

export interface PaymentContext {
  readonly config: ServiceConfig;
  readonly pool: WorkerPool;
  readonly downstream: Lognormal;
  readonly metrics: ServiceMetrics;
  readonly log: RequestLog;
  /** True once draining: responses then carry `Connection: close` so clients reconnect elsewhere. */
  readonly draining: () => boolean;
  /** Slot acquisitions so far; the fixtures' `seq`. */
  nextSeq: number;
}

export interface PaymentRequest {
  readonly op: OperationName;
  readonly opConfig: OperationConfig;
  readonly rid: string;
}

/**
 * Serve one payment request; `done` runs once the response is written (200 or 503).
 * Nothing here throws: a client that went away only loses its response.
 */
export function servePayment(ctx: PaymentContext, req: PaymentRequest, res: ServerResponse, done: () => void): void {
  const arr = epochMs();
  const at = { q_at_arr: ctx.pool.waiting, busy_at_arr: ctx.pool.busy };
  const outcome = ctx.pool.acquire(() => runOnSlot(ctx, req, res, arr, at, done));
  if (outcome !== 'rejected') return;
  const end = epochMs();
  const rep = ctx.config.replica;
  const error = `overloaded: ${at.busy_at_arr} of ${ctx.pool.size} workers busy and ${at.q_at_arr} requests waiting (QMAX ${ctx.config.queueMax})`;
  sendJson(res, 503, { error, op: req.op, rid: req.rid }, closeIfDraining(ctx));
  ctx.metrics.observe(req.op, 503, end - arr);
  ctx.log.write({ rid: req.rid, op: req.op, rep, status: 503, arr, end, ...at });
  done();
}

function runOnSlot(
  ctx: PaymentContext,
  req: PaymentRequest,
  res: ServerResponse,
  arr: number,
  at: { q_at_arr: number; busy_at_arr: number },
  done: () => void,
): void {
  const seq = ctx.nextSeq++;
  const start = epochMs();
  const burn = burnCpu(req.opConfig.cpuMs, ctx.config.cpuClock);
  const cpuEnd = epochMs();
  const drawn = ctx.downstream.sample(req.opConfig.downstreamMedianMs, ctx.config.downstreamSigma);
  setTimeout(() => {
    const end = epochMs();
    const rep = ctx.config.replica;
    const timing = {
      wait_ms: round3(start - arr),
      cpu_wall_ms: round3(burn.wallMs),
      cpu_used_ms: round3(burn.cpuUsedMs),
      ds_drawn_ms: round3(drawn),
      ds_actual_ms: round3(end - cpuEnd),
      resid_ms: round3(end - arr),
    };
    sendJson(res, 200, { op: req.op, status: 'ok', rid: req.rid, rep, seq, arr, start, ...timing }, closeIfDraining(ctx));
    ctx.pool.release();
    ctx.metrics.observe(req.op, 200, end - arr);
    ctx.log.write({ rid: req.rid, op: req.op, rep, seq, status: 200, arr, start, cpu_end: cpuEnd, end, ...timing, ...at });
    done();
  }, drawn);
}

function closeIfDraining(ctx: PaymentContext): Record<string, string> {
  return ctx.draining() ? { connection: 'close' } : {};
}

/** Write a JSON response; a destroyed socket makes this a no-op rather than an exception. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
