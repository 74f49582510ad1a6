import { argument, command, option } from '../command.js';

/** Flags naming the service's metrics, shared by the commands that query them. */
export const metricOptions = {
  'requests-metric': option('name', 'Counter of answered requests, by operation and status', { defaultText: 'http_requests_total (the reference service)' }),
  'duration-metric': option('name', 'Histogram of request durations in seconds', { defaultText: 'http_request_duration_seconds' }),
  'operation-label': option('name', 'Label holding the operation name', { defaultText: 'op' }),
  'status-label': option('name', 'Label holding the HTTP status code', { defaultText: 'status' }),
  selector: option('matchers', 'Label matchers selecting the service\'s series', { defaultText: 'job="payment-service"' }),
  buckets: option('s,s,...', 'Bucket bounds (seconds) of the duration histogram, to check each latency target is one', { defaultText: "the reference service's, unless --duration-metric is given" }),
} as const;

export const rules = command({
  name: 'rules',
  description: "Prometheus recording rules and SRE-workbook burn-rate alerts (1h/5m, 6h/30m) for the scenario's slo block, as a rule file and a PrometheusRule",
  example: 'capsim slo rules checkout-peak --out out/slo/checkout-peak',
  args: { scenario: argument('Scenario YAML file or library name', { required: true }) },
  options: {
    ...metricOptions,
    out: option('dir', 'Output folder (rules.yaml, prometheus-rule.yaml, kustomization.yaml)', { defaultText: 'out/slo/<scenario name>' }),
  },
  async run(a, o, io) {
    const { resolveScenario } = await import('../../input/resolveScenario.js');
    const { writeRunFolder } = await import('../../reports/runFolder.js');
    const { metricOverrides, serviceMetricsFrom, sloRuleFiles } = await import('../../monitoring/sloCommand.js');
    const metrics = serviceMetricsFrom(metricOverrides(o));
    const scenario = resolveScenario(a.scenario);
    const { objectives, files } = sloRuleFiles(scenario, metrics, `capsim slo rules ${a.scenario}`);
    const out = writeRunFolder(o.out ?? `out/slo/${scenario.spec.name}`, files, { kind: 'capsim slo rules' });
    io.err(`capsim slo rules: ${objectives.length} objectives (${objectives.map((x) => x.slo).join(', ')}); rules in ${out}\n`);
  },
});

/** `capsim slo ...`: the scenario's SLOs as the tools that watch production use them. */
export default command({
  name: 'slo',
  description: "The scenario's SLOs for production monitoring: Prometheus rules and burn-rate alerts",
  example: 'capsim slo rules checkout-peak',
  subcommands: [rules],
});
