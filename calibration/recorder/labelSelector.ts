import type { V1LabelSelector } from '@kubernetes/client-node';

/**
 * A LabelSelector object (a Deployment's spec.selector) as the `labelSelector` query string the API
 * accepts, in the syntax of apimachinery `labels.Selector.String()`:
 * matchLabels `k=v`; matchExpressions `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; terms sorted by key
 * so the string is stable.
 * @throws Error on an operator other than In, NotIn, Exists, DoesNotExist (the API rejects them too).
 * @example selectorString({ matchLabels: { app: 'pay', tier: 'api' } }) // 'app=pay,tier=api'
 */
export function selectorString(selector: V1LabelSelector | undefined): string {
  const terms: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) terms.push([key, `${key}=${value}`]);
  for (const e of selector?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        terms.push([e.key, `${e.key} in (${values})`]);
        break;
      case 'NotIn':
        terms.push([e.key, `${e.key} notin (${values})`]);
        break;
      case 'Exists':
        terms.push([e.key, e.key]);
        break;
      case 'DoesNotExist':
        terms.push([e.key, `!${e.key}`]);
        break;
      default:
        throw new Error(`label selector operator "${e.operator}" is not one of In, NotIn, Exists, DoesNotExist`);
    }
  }
  return terms
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, term]) => term)
    .join(',');
}
