import {
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode } from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { ScenarioSpec } from '../scenarios/schema.js';
import { parseDurationMs } from '../sim/traffic/duration.js';
import { labelMatchers, promNumber, type Matcher } from './promql.js';
import type { ServiceMetricNames } from './serviceMetrics.js';

/**
 * The Grafana dashboard of a scenario, built with Grafana's own Foundation SDK: every panel shows
 * the measured series of the running service (its Prometheus metrics) and capsim's prediction
 * (the `source="capsim"` series of `capsim export openmetrics`) on the same axes, with the
 * scenario's SLO targets and the HPA target as threshold lines.
 */

export interface DashboardInput {
  scenario: string;
  slo: ScenarioSpec['slo'];
  /** The pod's CPU request (cores): measured CPU over it is the utilisation the HPA sees. */
  cpuRequestCores: number;
  metrics: ServiceMetricNames;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const RATE = '$__rate_interval';

/** The dashboard's uid: stable per scenario, within Grafana's 40 characters. */
export function dashboardUid(scenario: string): string {
  return `capsim-${scenario.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`.slice(0, 40);
}

export function capsimDashboard(input: DashboardInput): Dashboard {
  const m = input.metrics;
  const sel = (extra: readonly Matcher[] = []) => labelMatchers(m.selector, extra);
  const predicted = (extra: readonly Matcher[] = []) => labelMatchers([['source', '=', 'capsim'], ['scenario', '=', input.scenario], ['seed', '=', '$seed']], extra);
  const measuredQ = (expr: string, legend: string) => new DataqueryBuilder().refId('measured').expr(expr).legendFormat(legend).range();
  const predictedQ = (expr: string, legend: string) => new DataqueryBuilder().refId('predicted').expr(expr).legendFormat(legend).range();
  const panel = (title: string, description: string, unit: string) =>
    new PanelBuilder().title(title).description(description).unit(unit).datasource(DATASOURCE).height(8).span(12).min(0);
  const up = `count(up${sel()} == 1)`;

  const builder = new DashboardBuilder(`capsim: ${input.scenario}, measured and predicted`)
    .uid(dashboardUid(input.scenario))
    .tags(['capsim', 'payments', input.scenario])
    .description(`The payment service as measured by Prometheus, next to capsim's prediction for scenario "${input.scenario}" (capsim export openmetrics, source="capsim").`)
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'))
    .withVariable(
      new QueryVariableBuilder('seed')
        .label('capsim seed')
        .datasource(DATASOURCE)
        .query(`label_values(capsim_replicas${predicted().replace(',seed="$seed"', '')}, seed)`)
        .refresh(VariableRefresh.OnTimeRangeChanged),
    );

  builder.withPanel(
    panel('Request rate', 'Requests answered per second (measured) and requests arriving per second (predicted).', 'reqps')
      .withTarget(measuredQ(`sum(rate(${m.requestsMetric}${sel()}[${RATE}]))`, 'measured'))
      .withTarget(predictedQ(`capsim_arrivals_per_second${predicted()}`, 'predicted')),
  );

  for (const [op, targets] of Object.entries(input.slo?.latency ?? {})) {
    for (const p of ['p50', 'p90', 'p95', 'p99'] as const) {
      const target = targets[p];
      if (target === undefined) continue;
      const q = promNumber(Number(p.slice(1)) / 100);
      const opMatch: Matcher[] = op === 'overall' ? [] : [[m.operationLabel, '=', op]];
      builder.withPanel(
        panel(`${op} ${p} latency against the SLO (${String(target)})`, `${p} of the 2xx answers' latency${op === 'overall' ? '' : ` of ${op}`}; the line is the scenario's SLO target. capsim predicts the quantile over all operations.`, 's')
          .withTarget(measuredQ(`histogram_quantile(${q}, sum by (le) (rate(${m.durationMetric}_bucket${sel([...opMatch, [m.statusLabel, '=~', '2..']])}[${RATE}])))`, `measured ${p}`))
          .withTarget(predictedQ(`capsim_request_latency_seconds${predicted([['quantile', '=', q]])}`, `predicted ${p}, all operations`))
          .thresholds(thresholds((parseDurationMs(target) as number) / 1000))
          .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed)),
      );
    }
  }

  builder.withPanel(
    panel('Replicas', 'Ready pods (measured: scrape targets up) against the HPA\'s desired and the ready replicas capsim predicts.', 'short')
      .withTarget(measuredQ(up, 'measured ready'))
      .withTarget(predictedQ(`capsim_replicas${predicted([['state', '=~', 'desired|ready']])}`, 'predicted {{state}}')),
  );
  builder.withPanel(
    panel('CPU utilisation against the HPA target', `CPU used over the pods' requests (${promNumber(input.cpuRequestCores)} cores each), as the HPA computes it; the HPA target comes with the prediction.`, 'percentunit')
      .withTarget(measuredQ(`sum(rate(process_cpu_seconds_total${sel()}[${RATE}])) / (${up} * ${promNumber(input.cpuRequestCores)})`, 'measured'))
      .withTarget(predictedQ(`label_replace(capsim_cpu_utilization_ratio${predicted()}, "series", "utilisation", "", "") or label_replace(capsim_hpa_target_utilization_ratio${predicted()}, "series", "HPA target", "", "")`, 'predicted {{series}}')),
  );
  builder.withPanel(
    panel('Queue', 'Requests waiting for a worker slot, all pods.', 'short')
      .withTarget(measuredQ(`sum(${m.queueMetric}${sel()})`, 'measured'))
      .withTarget(predictedQ(`capsim_queue_length${predicted()}`, 'predicted')),
  );
  builder.withPanel(
    panel('Errors', '5xx answers per second: rejections (503, queue full) and downstream errors. Client timeouts are not answers the service counts.', 'reqps')
      .withTarget(measuredQ(`sum(rate(${m.requestsMetric}${sel([[m.statusLabel, '=~', '5..']])}[${RATE}]))`, 'measured 5xx'))
      .withTarget(predictedQ(`sum(capsim_answers_per_second${predicted([['outcome', '=~', 'rejected|errors']])})`, 'predicted 5xx')),
  );
  return builder.build();
}

/** Green under the target, red from it on. */
function thresholds(target: number) {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    { value: target, color: 'red' },
  ]);
}
