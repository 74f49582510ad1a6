import { Agent, request } from 'node:http';
import { makeMix, pickForIteration } from '../sim/traffic/mix.js';

/**
 * An open-model HTTP load shaped like k6's constant-arrival-rate executor, for runs of the
 * reference service where no k6 binary is installed: iteration i of a phase starts at evenly
 * spaced instants (not a Poisson process, as k6 does), sends one `POST /<op>` with
 * `X-Req-Id: i`, the operation picked by the very hash the k6 script uses (`pickForIteration`
 * over `iterationInTest`), over keep-alive connections (a k6 VU reuses its connection).
 * Its result is k6's `--out json` format: `http_req_duration` and `http_req_failed` points
 * stamped with the response's end time, tagged with name, status, method, scenario and
 * expected_response, metadata rid = the iteration, which capsim's k6 reader reads like a k6 run.
 * What it is not: k6's VU pool (no dropped iterations: every start is sent), k6's Go HTTP client.
 */
export interface LoadPhase {
  /** Iterations started per second during the phase. */
  readonly rps: number;
  readonly seconds: number;
}

export interface OpenLoadOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:18080. */
  readonly base: string;
  readonly phases: readonly LoadPhase[];
  /** Operation weights, e.g. { authorize: 70, capture: 20, refund: 10 }. */
  readonly mix: Readonly<Record<string, number>>;
  /** The k6 script's MIX_SEED. */
  readonly mixSeed: number;
  /** Client timeout per request; a request that times out is status 0, as k6 records it. */
  readonly timeoutMs: number;
  /** Called about every 10 s with the iterations started so far and the total. */
  readonly onProgress?: (started: number, total: number) => void;
}

const METRIC_LINES = [
  { type: 'Metric', metric: 'http_req_duration', data: { name: 'http_req_duration', type: 'trend', contains: 'time', thresholds: [], submetrics: null } },
  { type: 'Metric', metric: 'http_req_failed', data: { name: 'http_req_failed', type: 'rate', contains: 'default', thresholds: [], submetrics: null } },
].map((m) => JSON.stringify(m));

/** Run the load to the end (every request answered or timed out); the k6 NDJSON text. */
export async function openLoad(o: OpenLoadOptions): Promise<string> {
  const mix = makeMix(o.mix);
  const total = o.phases.reduce((n, p) => n + Math.round(p.rps * p.seconds), 0);
  const lines: string[] = [...METRIC_LINES];
  const pending: Promise<void>[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const t0 = performance.now() + 50;
  let offsetMs = 0;
  let iteration = 0;
  let nextProgress = t0 + 10_000;
  for (const phase of o.phases) {
    const n = Math.round(phase.rps * phase.seconds);
    for (let k = 0; k < n; k++) {
      const id = iteration++;
      const op = mix.names[pickForIteration(mix, id, o.mixSeed)] as string;
      const wait = t0 + offsetMs - performance.now();
      offsetMs += 1000 / phase.rps;
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      if (o.onProgress !== undefined && performance.now() >= nextProgress) {
        o.onProgress(id, total);
        nextProgress += 10_000;
      }
      const started = performance.now();
      pending.push(
        post(agent, `${o.base}/${op}`, String(id), o.timeoutMs).then((status) => {
          const end = performance.now();
          const ok = status >= 200 && status < 400;
          const data = {
            time: new Date(performance.timeOrigin + end).toISOString(),
            value: end - started,
            tags: { name: op, status: String(status), method: 'POST', scenario: 'pay', expected_response: String(ok) },
            metadata: { rid: String(id) },
          };
          lines.push(JSON.stringify({ type: 'Point', metric: 'http_req_duration', data }));
          lines.push(JSON.stringify({ type: 'Point', metric: 'http_req_failed', data: { ...data, value: ok ? 0 : 1 } }));
        }),
      );
    }
  }
  await Promise.all(pending);
  agent.destroy();
  return lines.join('\n') + '\n';
}

/** POST and read the answer; a request that fails in the client is status 0, as k6 records it. */
function post(agent: Agent, url: string, rid: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'x-req-id': rid }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}
