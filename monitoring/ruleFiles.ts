import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { stringify } from 'yaml';
import type { RuleGroup } from './sloRules.js';

/**
 * The files of `capsim slo rules`: the rule groups as a Prometheus rule file (for
 * `rule_files:`, `promtool check rules`) and as a Prometheus Operator PrometheusRule, validated
 * against the operator's CRD schema before it is written.
 */

// No anchors and aliases (`&a1`/`*a1`) for repeated label maps: every rule reads on its own.
const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** A Prometheus rule file. */
export function ruleFileYaml(groups: readonly RuleGroup[], header: string): string {
  return `${comment(header)}${stringify({ groups }, YAML_OPTIONS)}`;
}

/** The same groups as a PrometheusRule named `name`, labelled for the service. */
export function prometheusRule(groups: readonly RuleGroup[], name: string): PrometheusRule {
  const rule = new PrometheusRule({
    metadata: {
      name,
      labels: { 'app.kubernetes.io/name': 'payment-service', 'app.kubernetes.io/part-of': 'capsim', 'capsim.dev/requires': 'prometheus-operator' },
    },
    spec: { groups: groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) })) },
  });
  // Throws on anything the operator's CRD would reject: a bug here, not bad input.
  rule.validate();
  return rule;
}

export function prometheusRuleYaml(rule: PrometheusRule, header: string): string {
  return `${comment(header)}${stringify(rule.toJSON(), YAML_OPTIONS)}`;
}

function comment(text: string): string {
  return text.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n') + '\n';
}
