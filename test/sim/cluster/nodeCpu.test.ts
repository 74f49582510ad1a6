import { describe, expect, it } from 'vitest';
import { Agenda } from '../../../sim/engine/agenda.js';
import { NodeCpu } from '../../../sim/cluster/nodeCpu.js';
import { cpuWeight, quotaMs } from '../../../sim/cluster/cgroupCpu.js';
import { PodTable } from '../../../sim/workload/podTable.js';

/**
 * The node's CPU shared by CFS, driven directly: threads (requests in their CPU phase) enter pods
 * at given times with given work, and the test reads when each finished and how much CPU each pod
 * got. Times in ms, work in ms of one core.
 */
class Harness {
  readonly agenda = new Agenda();
  readonly pods = new PodTable();
  readonly work = new Float64Array(1024);
  readonly doneAt = new Float64Array(1024).fill(NaN);
  readonly cpu: NodeCpu;
  now = 0;
  private nextReq = 0;
  private readonly probes: [number, () => void][] = [];

  constructor(periodMs = 100) {
    this.cpu = new NodeCpu(
      this.pods,
      () => this.work,
      (at, node, version) => this.agenda.push(at, 1, 0, node, version),
      (r) => {
        this.doneAt[r] = this.now;
      },
      periodMs,
    );
  }

  /** A pod on `node` (C cores) with a request and limit in millicores. */
  pod(node: number, cores: number, request: number, limit = Infinity, servers = Infinity): number {
    const p = this.pods.add(0, limit / 1000, request, false, true);
    this.cpu.attach(p, node, cores, cpuWeight(request, 'v1'), quotaMs(limit, this.cpu.periodMs), servers, 0);
    return p;
  }

  /** A thread of `workMs` entering pod p at `atMs`; returns its id. */
  thread(p: number, atMs: number, workMs: number): number {
    const r = this.nextReq++;
    this.work[r] = workMs;
    this.probes.push([atMs, () => this.cpu.enter(r, p, workMs, this.now)]);
    return r;
  }

  /** CPU-ms used by pod p up to now. */
  used(p: number): number {
    this.pods.integrate(p, this.now);
    return this.pods.cpuCum[p] as number;
  }

  at(atMs: number, fn: () => void): void {
    this.probes.push([atMs, fn]);
  }

  run(untilMs: number): void {
    const probes = [...this.probes].sort((a, b) => a[0] - b[0]);
    this.probes.length = 0;
    let k = 0;
    for (;;) {
      const tEvent = this.agenda.size > 0 ? this.agenda.peekTime() : Infinity;
      const tProbe = k < probes.length ? (probes[k] as [number, () => void])[0] : Infinity;
      const t = Math.min(tEvent, tProbe);
      if (t > untilMs) break;
      this.now = t;
      if (tProbe <= tEvent) (probes[k++] as [number, () => void])[1]();
      else {
        this.agenda.pop();
        this.cpu.onEvent(this.agenda.arg, this.agenda.token, this.now);
      }
    }
    this.now = untilMs;
  }
}

describe('sharing by weight (cpu.shares / cpu.weight from requests)', () => {
  it('two equal pods each with one busy thread on one core: each gets half, as two processes time-sharing it', () => {
    const h = new Harness();
    const a = h.pod(0, 1, 500);
    const b = h.pod(0, 1, 500);
    const ra = h.thread(a, 0, 10);
    const rb = h.thread(b, 0, 10);
    h.run(100);
    expect(h.doneAt[ra]).toBeCloseTo(20, 9);
    expect(h.doneAt[rb]).toBeCloseTo(20, 9);
  });

  it('a pod without a limit uses the CPU its idle neighbour leaves (work-conserving)', () => {
    const h = new Harness();
    const a = h.pod(0, 1, 500);
    h.pod(0, 1, 500);
    const r = h.thread(a, 0, 10);
    h.run(100);
    expect(h.doneAt[r]).toBeCloseTo(10, 9);
    expect(h.used(a)).toBeCloseTo(10, 9);
  });

  it('the share follows the neighbour: full speed, half while the other is busy, full again', () => {
    const h = new Harness();
    const a = h.pod(0, 1, 500);
    const b = h.pod(0, 1, 500);
    const ra = h.thread(a, 0, 10); // 0-4 alone (4 done), 4-8 halved (2 done), then alone: 4 left -> 12
    const rb = h.thread(b, 4, 2); // from 4 at half speed: done at 8
    h.run(100);
    expect(h.doneAt[rb]).toBeCloseTo(8, 9);
    expect(h.doneAt[ra]).toBeCloseTo(12, 9);
  });

  it('weights in proportion to requests: 1000m against 500m on one core get 2/3 and 1/3 (cgroup v1 shares 1024:512)', () => {
    const h = new Harness();
    const big = h.pod(0, 1, 1000);
    const small = h.pod(0, 1, 500);
    h.thread(big, 0, 1000);
    h.thread(small, 0, 1000);
    h.run(30);
    expect(h.used(big)).toBeCloseTo(20, 9);
    expect(h.used(small)).toBeCloseTo(10, 9);
  });

  it('fair between pods, not threads: 3 threads in one pod and 1 in the other share one core half and half', () => {
    const h = new Harness();
    const many = h.pod(0, 1, 500);
    const one = h.pod(0, 1, 500);
    for (let i = 0; i < 3; i++) h.thread(many, 0, 1000);
    h.thread(one, 0, 1000);
    h.run(60);
    expect(h.used(many)).toBeCloseTo(30, 9);
    expect(h.used(one)).toBeCloseTo(30, 9);
  });

  it('a thread uses at most one core: on 2 cores a heavy 1-thread pod (1900m) gets 1, the light 3-thread pod (100m) the other', () => {
    const h = new Harness();
    const one = h.pod(0, 2, 1900);
    const three = h.pod(0, 2, 100);
    h.thread(one, 0, 1000);
    for (let i = 0; i < 3; i++) h.thread(three, 0, 1000);
    h.run(10);
    expect(h.cpu.coresOf(one)).toBeCloseTo(1, 12);
    expect(h.cpu.coresOf(three)).toBeCloseTo(1, 12);
  });

  it('water-filling: on 4 cores, weights 1:1:2, a 1-thread pod wanting less than its share (1 of 1.33) returns the rest', () => {
    const h = new Harness();
    const a = h.pod(0, 4, 1000); // 1 thread: wants 1 < its 4/4 share
    const b = h.pod(0, 4, 1000); // 4 threads
    const c = h.pod(0, 4, 2000); // 4 threads
    h.thread(a, 0, 1000);
    for (let i = 0; i < 4; i++) h.thread(b, 0, 1000);
    for (let i = 0; i < 4; i++) h.thread(c, 0, 1000);
    h.run(1);
    // a: 1 core; the 3 left split 1:2 between b and c.
    expect(h.cpu.coresOf(a)).toBeCloseTo(1, 12);
    expect(h.cpu.coresOf(b)).toBeCloseTo(1, 12);
    expect(h.cpu.coresOf(c)).toBeCloseTo(2, 12);
  });

  it('pods on different nodes do not share', () => {
    const h = new Harness();
    const a = h.pod(0, 1, 500);
    const b = h.pod(1, 1, 500);
    const ra = h.thread(a, 0, 10);
    const rb = h.thread(b, 0, 10);
    h.run(100);
    expect([h.doneAt[ra], h.doneAt[rb]]).toEqual([10, 10]);
  });

  it('fifo: a pod with one event loop runs one CPU phase at a time, the others wait in order', () => {
    const h = new Harness();
    const p = h.pod(0, 4, 1000, Infinity, 1);
    const r1 = h.thread(p, 0, 3);
    const r2 = h.thread(p, 0, 2);
    const r3 = h.thread(p, 1, 1);
    h.run(100);
    expect([h.doneAt[r1], h.doneAt[r2], h.doneAt[r3]]).toEqual([3, 5, 6]);
  });
});

/**
 * CFS bandwidth control (Documentation/scheduler/sched-bwc): within each period a group may use
 * its quota, at any speed; then it is throttled until the period ends. Its examples as data:
 * 1 CPU worth with a 250 ms period, 2 CPUs worth with a 500 ms period, 20 % of a CPU with 50 ms.
 */
describe('CPU limit as a CFS quota per period', () => {
  it.each([
    { name: 'limit to 1 CPU worth of runtime (quota 250 ms, period 250 ms)', limit: 1000, periodMs: 250 },
    { name: 'limit to 2 CPUs worth on a multi-CPU machine (quota 1000 ms, period 500 ms)', limit: 2000, periodMs: 500 },
    { name: 'limit to 20 % of 1 CPU (quota 10 ms, period 50 ms)', limit: 200, periodMs: 50 },
  ])('$name: 8 busy threads on 4 cores use exactly the quota in every period, bursting at 4 cores', ({ limit, periodMs }) => {
    const h = new Harness(periodMs);
    const p = h.pod(0, 4, 100, limit);
    for (let i = 0; i < 8; i++) h.thread(p, 0, 1e9);
    const quota = (limit / 1000) * periodMs;
    const perPeriod: number[] = [];
    let prev = 0;
    for (let k = 1; k <= 10; k++) {
      h.at(k * periodMs, () => {
        const u = h.used(p);
        perPeriod.push(u - prev);
        prev = u;
      });
      // Mid-burst: running at 4 cores until the quota is gone (quota / 4 into the period), then throttled.
      h.at((k - 1) * periodMs + quota / 8, () => expect(h.cpu.coresOf(p)).toBe(4));
      h.at((k - 1) * periodMs + quota / 4 + periodMs / 1000, () => {
        expect(h.cpu.isThrottled(p)).toBe(true);
        expect(h.cpu.coresOf(p)).toBe(0);
      });
    }
    h.run(10 * periodMs);
    for (const u of perPeriod) expect(u).toBeCloseTo(quota, 9);
    expect(h.cpu.throttledPeriods).toBe(10);
  });

  it('a 500m limit alone on a core: a request of 80 ms runs 50, waits out the period, runs 30: done at 130 ms (a fluid half core would say 160)', () => {
    const h = new Harness();
    const p = h.pod(0, 1, 500, 500);
    const r = h.thread(p, 0, 80);
    h.run(1000);
    expect(h.doneAt[r]).toBeCloseTo(130, 9);
  });

  it('throttling frees the core for the neighbour: it gets all of it while the limited pod waits', () => {
    const h = new Harness();
    const limited = h.pod(0, 1, 500, 300);
    const free = h.pod(0, 1, 500);
    h.thread(limited, 0, 1e9);
    h.thread(free, 0, 1e9);
    // Both at 0.5 until the limited pod has used 30 ms (t = 60), then the other alone until 100.
    h.run(100);
    expect(h.used(limited)).toBeCloseTo(30, 9);
    expect(h.used(free)).toBeCloseTo(70, 9);
  });

  it('unused quota is not carried over: idle for a period, the pod still gets one quota in the next', () => {
    const h = new Harness();
    const p = h.pod(0, 4, 100, 1000);
    h.thread(p, 250, 1e9);
    h.thread(p, 250, 1e9);
    // Period [200, 300): quota 100 ms from t = 250 at 2 cores -> used up at 300 exactly; next period the same.
    h.at(300, () => expect(h.used(p)).toBeCloseTo(100, 9));
    h.run(350);
    expect(h.used(p)).toBeCloseTo(200, 9);
  });

  it('no period in a long busy run lets the pod exceed its quota (random thread arrivals, 3 cores, 700m)', () => {
    const h = new Harness();
    const p = h.pod(0, 3, 100, 700);
    const other = h.pod(0, 3, 2000);
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let t = 0;
    while (t < 5000) {
      t += rand() * 8;
      h.thread(rand() < 0.6 ? p : other, t, rand() * 20);
    }
    let prev = 0;
    let most = 0;
    for (let k = 1; k <= 50; k++) {
      h.at(k * 100, () => {
        const u = h.used(p);
        most = Math.max(most, u - prev);
        prev = u;
      });
    }
    h.run(5000);
    expect(most).toBeLessThanOrEqual(70 + 1e-9);
    expect(most).toBeGreaterThan(69); // the limit binds in some period
  });
});
