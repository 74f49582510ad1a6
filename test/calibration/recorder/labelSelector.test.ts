import { describe, expect, test } from 'vitest';
import { selectorString } from '../../../calibration/recorder/labelSelector.js';
import { matchesLabels } from '../../support/fakeKubeApi.js';

// Syntax of apimachinery pkg/labels/selector.go (Requirement.String).
describe('selectorString', () => {
  const cases = [
    { name: 'matchLabels, sorted by key', selector: { matchLabels: { tier: 'api', app: 'pay' } }, expected: 'app=pay,tier=api' },
    { name: 'In with sorted values', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'canary'] }] }, expected: 'env in (canary,prod)' },
    { name: 'NotIn', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, expected: 'env notin (dev)' },
    { name: 'Exists and DoesNotExist', selector: { matchExpressions: [{ key: 'b', operator: 'DoesNotExist' }, { key: 'a', operator: 'Exists' }] }, expected: 'a,!b' },
    { name: 'labels and expressions together', selector: { matchLabels: { app: 'pay' }, matchExpressions: [{ key: 'track', operator: 'In', values: ['stable'] }] }, expected: 'app=pay,track in (stable)' },
    { name: 'no selector selects everything', selector: undefined, expected: '' },
  ];
  test.each(cases)('$name', ({ selector, expected }) => {
    expect(selectorString(selector)).toBe(expected);
  });

  test('an unknown operator is refused', () => {
    expect(() => selectorString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(/operator "Gt"/);
  });

  test('the fake API server selects by the same strings', () => {
    const labels = { app: 'pay', env: 'prod', track: 'stable' };
    expect(matchesLabels(labels, 'app=pay,env in (canary,prod),!b,track')).toBe(true);
    expect(matchesLabels(labels, 'app=pay,env notin (prod)')).toBe(false);
    expect(matchesLabels(labels, 'app!=pay')).toBe(false);
  });
});
