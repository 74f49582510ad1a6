import { describe, expect, it } from 'vitest';
import { admitPodResources, modeCapabilities, type ContainerRecommendation, type VpaSpec } from '../../../../sim/autoscaling/vpa/index.js';
import { policy } from '../../../fixtures/upstream/vpa/cappingCases.js';

const rec: ContainerRecommendation[] = [
  { containerName: 'app', target: { cpu: 587, memory: 400_000_000 }, lowerBound: {}, upperBound: {}, uncappedTarget: { cpu: 587, memory: 400_000_000 } },
];
const vpa = (updateMode: VpaSpec['updateMode'], containerPolicies: VpaSpec['containerPolicies'] = []): VpaSpec => ({ name: 'v', targetRef: { kind: 'Deployment', name: 'app' }, updateMode, containerPolicies });
const pod = { app: { requests: { cpu: 100, memory: 200_000_000 }, limits: { cpu: 200 } }, sidecar: { requests: { cpu: 50 }, limits: {} } };

describe('admission at pod creation (vpa.md §8, §11)', () => {
  it.each(['Initial', 'Recreate', 'Auto', 'InPlaceOrRecreate', 'InPlace'] as const)('%s: requests := target, limit keeps its ratio; containers without a recommendation keep theirs', (mode) => {
    expect(admitPodResources(vpa(mode), rec, pod)).toEqual({
      app: { requests: { cpu: 587, memory: 400_000_000 }, limits: { cpu: 1174 } },
      sidecar: { requests: { cpu: 50 }, limits: {} },
    });
  });

  it('Off leaves new pods alone', () => {
    expect(admitPodResources(vpa('Off'), rec, pod)).toEqual(pod);
  });

  it('the policy caps the target (maxAllowed) and RequestsOnly keeps limits and caps at the limit', () => {
    expect(admitPodResources(vpa('Auto', [policy({ containerName: 'app', maxAllowed: { cpu: 300 } })]), rec, pod).app).toEqual({ requests: { cpu: 300, memory: 400_000_000 }, limits: { cpu: 600 } });
    expect(admitPodResources(vpa('Auto', [policy({ containerName: '*', controlledValues: 'RequestsOnly' })]), rec, pod).app).toEqual({ requests: { cpu: 200, memory: 400_000_000 }, limits: { cpu: 200 } });
  });

  it('a pod LimitRange Min scales the new requests up, keeping the limit ratio', () => {
    const small: ContainerRecommendation[] = [{ ...rec[0] as ContainerRecommendation, target: { cpu: 100, memory: 100_000_000 } }];
    const out = admitPodResources(vpa('Auto'), small, { app: { requests: { cpu: 100, memory: 50_000_000 }, limits: { memory: 100_000_000 } } }, { pod: { min: { memory: 500_000_000 } } });
    // Pod limit sum = 100M × 100M / 50M = 200M < Min 500M → target memory × 500M / 100M = 500M; limit × 2.
    expect(out.app).toEqual({ requests: { cpu: 100, memory: 500_000_000 }, limits: { memory: 1_000_000_000 } });
  });

  it('mode table: which modes evict and which resize in place', () => {
    const table = (['Off', 'Initial', 'Recreate', 'Auto', 'InPlaceOrRecreate', 'InPlace'] as const).map((m) => [m, modeCapabilities(m).evicts, modeCapabilities(m).inPlace]);
    expect(table).toEqual([
      ['Off', false, false], ['Initial', false, false], ['Recreate', true, false], ['Auto', true, false], ['InPlaceOrRecreate', true, true], ['InPlace', false, true],
    ]);
  });
});
