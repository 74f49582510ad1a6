import type { NodeGroupModel } from '../model.js';
import type { Bytes, Millicores, Ms } from '../units.js';

/** A node's life: being provisioned, Ready (pods can be placed), removed. */
export const NodeState = { Provisioning: 0, Ready: 1, Removed: 2 } as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

export interface SimNode {
  readonly id: number;
  readonly group: number;
  state: NodeState;
  readonly allocatableCpu: Millicores;
  readonly allocatableMemory: Bytes;
  requestedCpu: Millicores;
  requestedMemory: Bytes;
  pods: number;
  readonly createdAt: Ms;
  readyAt: Ms;
  removedAt: Ms;
  /** Since when the node has had no pods (for scale-down), or NaN. */
  emptySince: Ms;
}

/**
 * The nodes of the cluster and the scheduler's placement rule. Placement follows
 * kube-scheduler's default scoring in spirit: among Ready nodes where the pod's requests fit,
 * pick the least allocated (most free CPU share), lowest index on ties.
 */
export class NodePool {
  readonly nodes: SimNode[] = [];

  constructor(readonly groups: readonly NodeGroupModel[]) {}

  add(group: number, now: Ms, ready: boolean): SimNode {
    const g = this.groups[group] as NodeGroupModel;
    const node: SimNode = {
      id: this.nodes.length,
      group,
      state: ready ? NodeState.Ready : NodeState.Provisioning,
      allocatableCpu: g.cpuMillicores,
      allocatableMemory: g.memoryBytes,
      requestedCpu: 0,
      requestedMemory: 0,
      pods: 0,
      createdAt: now,
      readyAt: ready ? now : NaN,
      removedAt: NaN,
      emptySince: now,
    };
    this.nodes.push(node);
    return node;
  }

  /** Whether a pod with these requests fits on the node now. */
  fits(n: SimNode, cpu: Millicores, memory: Bytes): boolean {
    return n.state === NodeState.Ready && n.requestedCpu + cpu <= n.allocatableCpu && n.requestedMemory + memory <= n.allocatableMemory;
  }

  /** The node the scheduler would pick, or undefined when the pod fits nowhere (it stays Pending). */
  pick(cpu: Millicores, memory: Bytes): SimNode | undefined {
    let best: SimNode | undefined;
    let bestFree = -Infinity;
    for (const n of this.nodes) {
      if (!this.fits(n, cpu, memory)) continue;
      const free = (n.allocatableCpu - n.requestedCpu - cpu) / n.allocatableCpu;
      if (free > bestFree) {
        bestFree = free;
        best = n;
      }
    }
    return best;
  }

  bind(n: SimNode, cpu: Millicores, memory: Bytes): void {
    n.requestedCpu += cpu;
    n.requestedMemory += memory;
    n.pods++;
    n.emptySince = NaN;
  }

  unbind(n: SimNode, cpu: Millicores, memory: Bytes, now: Ms): void {
    n.requestedCpu -= cpu;
    n.requestedMemory -= memory;
    n.pods--;
    if (n.pods === 0) n.emptySince = now;
  }

  /** Nodes not removed (provisioning or Ready): what is billed. */
  live(): number {
    let k = 0;
    for (const n of this.nodes) if (n.state !== NodeState.Removed) k++;
    return k;
  }

  ready(): number {
    let k = 0;
    for (const n of this.nodes) if (n.state === NodeState.Ready) k++;
    return k;
  }
}
