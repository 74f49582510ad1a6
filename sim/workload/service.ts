import type { Rng } from '../engine/rng.js';
import type { Ms } from '../units.js';
import type { ServiceModel } from '../model.js';
import { PodState, type PodTable } from './podTable.js';
import type { Router } from './router.js';

/**
 * A Kubernetes Service as clients reach it through kube-proxy: a client opens a TCP connection,
 * kube-proxy picks the endpoint for the whole connection (iptables mode: uniformly at random
 * among the Ready endpoints, the `statistic --mode random` rule chain; IPVS mode: round robin,
 * each node's kube-proxy with its own rotation), and the client keeps the connection alive for
 * later requests. So a pod's load is the traffic of the connections it happens to hold, not an
 * even share: a new pod gets only new connections, a busy connection stays where it is.
 *
 * A connection is opened again (a new endpoint drawn) when its pod is no longer a Ready endpoint
 * (the server closes its keep-alive connections when it stops), when it was idle longer than the
 * server's keep-alive timeout (Node.js's http server: 5 s), or after the client closed it
 * (a request it gave up on, a reset).
 *
 * Which connection a request uses is the client's business: a k6 VU has its own (connection id
 * = VU id); other clients (Node's http.Agent, `scheduling: 'lifo'` by default, and Go's
 * http.Transport) keep a pool and reuse the most recently used idle connection, opening one more
 * when none is idle. Open-model traffic comes from `clients` such callers, each with its pool,
 * requests dealt to them in turn.
 */
export class ServiceConnections {
  private pod = new Int32Array(64).fill(-1);
  private idleSince = new Float64Array(64).fill(-Infinity);
  /**
   * Idle connections of each client, a stack (most recently used on top) linked through the
   * connections: the top of each client's, and under each idle connection the next (-1: none).
   */
  private readonly idleTop: Int32Array;
  private idleNext = new Int32Array(64);
  /** The client that owns each connection. */
  private owner = new Int32Array(64);
  private nextClient = 0;
  private n = 0;
  private readonly rr: Int32Array;
  /** Connections opened (a new endpoint drawn), for the results. */
  opened = 0;

  constructor(
    private readonly cfg: ServiceModel,
    private readonly router: Router,
    private readonly pods: PodTable,
    private readonly rng: Rng,
  ) {
    this.rr = new Int32Array(Math.max(1, cfg.clientNodes));
    this.idleTop = new Int32Array(Math.max(1, cfg.clients)).fill(-1);
  }

  /** A pooled client's connection for a request (the next client's turn): its most recently used idle one, or a new one. */
  acquire(): number {
    const client = this.nextClient;
    this.nextClient = client + 1 === this.idleTop.length ? 0 : client + 1;
    const c = this.idleTop[client] as number;
    if (c >= 0) {
      this.idleTop[client] = this.idleNext[c] as number;
      return c;
    }
    this.ensure(this.n);
    this.owner[this.n] = client;
    return this.n++;
  }

  /** The pod connection `c` delivers a request to now (opening it if needed), or -1 with no endpoint. */
  endpoint(c: number, now: Ms): number {
    this.ensure(c);
    const p = this.pod[c] as number;
    if (p >= 0 && this.pods.state[p] === PodState.Ready && now - (this.idleSince[c] as number) <= this.cfg.keepAliveTimeoutMs) return p;
    const next = this.open(c);
    this.pod[c] = next;
    return next;
  }

  /** The request on connection `c` is over for the client; `close` when the connection did not survive it. */
  release(c: number, now: Ms, close: boolean, pooled: boolean): void {
    if (close) this.pod[c] = -1;
    this.idleSince[c] = now;
    if (pooled) {
      const owner = this.owner[c] as number;
      this.idleNext[c] = this.idleTop[owner] as number;
      this.idleTop[owner] = c;
    }
  }

  private open(c: number): number {
    const n = this.router.n;
    if (n === 0) return -1;
    this.opened++;
    if (this.cfg.proxyMode === 'iptables') return this.router.readyAt(this.rng.int(n));
    const node = c % this.rr.length;
    const k = (this.rr[node] as number) % n;
    this.rr[node] = k + 1;
    return this.router.readyAt(k);
  }

  private ensure(c: number): void {
    if (c < this.pod.length) return;
    let cap = this.pod.length;
    while (cap <= c) cap *= 2;
    const pod = new Int32Array(cap).fill(-1);
    pod.set(this.pod);
    const idle = new Float64Array(cap).fill(-Infinity);
    idle.set(this.idleSince);
    const owner = new Int32Array(cap);
    owner.set(this.owner);
    const idleNext = new Int32Array(cap);
    idleNext.set(this.idleNext);
    this.pod = pod;
    this.idleSince = idle;
    this.owner = owner;
    this.idleNext = idleNext;
  }
}
