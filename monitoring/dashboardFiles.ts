import { stringify } from 'yaml';
import { InputError } from '../input/inputError.js';
import { withLocation, type ScenarioFile } from '../input/scenarioFile.js';
import { readScenarioManifests } from '../app/runScenario.js';
import { compileScenario } from '../scenarios/compile.js';
import { capsimDashboard, dashboardUid } from './dashboard.js';
import type { ServiceMetricNames } from './serviceMetrics.js';

/**
 * The files of `capsim dashboard`: the dashboard JSON and Grafana provisioning for it and for
 * a Prometheus datasource (https://grafana.com/docs/grafana/latest/administration/provisioning/),
 * laid out so the folder mounts as /etc/grafana/provisioning and /var/lib/grafana/dashboards.
 */
export function dashboardFiles(scenario: ScenarioFile, metrics: ServiceMetricNames, prometheusUrl: string): Record<string, string> {
  // The pod's CPU request as the simulation sees it: the scenario's, or its Deployment's.
  const manifests = readScenarioManifests(scenario);
  const config = withLocation(scenario, () => compileScenario(scenario.spec, {}, manifests?.inputs ?? {}));
  if (!(config.pod.cpuRequest > 0))
    throw new InputError("expected the pod's CPU request (in the scenario or its Deployment): the dashboard shows CPU utilisation as the HPA computes it, usage over the request", scenario.file, 'workload.pod.cpu.request');
  const cores = config.pod.cpuRequest / 1000;
  const dashboard = capsimDashboard({ scenario: scenario.spec.name, slo: scenario.spec.slo, cpuRequestCores: cores, metrics });
  const uid = dashboardUid(scenario.spec.name);
  return {
    [`dashboards/${uid}.json`]: JSON.stringify(dashboard, null, 2) + '\n',
    'provisioning/datasources/prometheus.yaml':
      '# Grafana datasource provisioning: the Prometheus the dashboards query (in compose.yaml: the prometheus service).\n' +
      stringify({ apiVersion: 1, datasources: [{ name: 'Prometheus', type: 'prometheus', uid: 'prometheus', access: 'proxy', url: prometheusUrl, isDefault: true, jsonData: { timeInterval: '15s' } }]}),
    'provisioning/dashboards/capsim.yaml':
      '# Grafana dashboard provisioning: the capsim dashboards, read from the mounted dashboards folder.\n' +
      stringify({ apiVersion: 1, providers: [{ name: 'capsim', folder: 'capsim', type: 'file', disableDeletion: false, allowUiUpdates: false, options: { path: '/var/lib/grafana/dashboards' } }] }),
  };
}
