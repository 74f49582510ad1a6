import { argument, command, option } from '../command.js';
import { metricOptions } from './slo.js';

export default command({
  name: 'dashboard',
  description: 'A Grafana dashboard of the scenario (measured next to the source="capsim" prediction, SLO and HPA targets) with its provisioning files',
  example: 'capsim dashboard checkout-peak --out out/grafana',
  args: { scenario: argument('Scenario YAML file or library name', { required: true }) },
  options: {
    ...metricOptions,
    'prometheus-url': option('url', 'URL of the Prometheus datasource Grafana queries', { default: 'http://prometheus:9090' }),
    out: option('dir', 'Output folder (dashboards/, provisioning/)', { defaultText: 'out/grafana/<scenario name>' }),
  },
  async run(a, o, io) {
    const { resolveScenario } = await import('../../input/resolveScenario.js');
    const { writeRunFolder } = await import('../../reports/runFolder.js');
    const { metricOverrides, serviceMetricsFrom } = await import('../../monitoring/sloCommand.js');
    const { dashboardFiles } = await import('../../monitoring/dashboardFiles.js');
    const metrics = serviceMetricsFrom(metricOverrides(o));
    const scenario = resolveScenario(a.scenario);
    const files = dashboardFiles(scenario, metrics, o['prometheus-url']);
    const out = writeRunFolder(o.out ?? `out/grafana/${scenario.spec.name}`, files, { kind: 'capsim dashboard' });
    io.err(`capsim dashboard: ${scenario.spec.name}: ${Object.keys(files).join(', ')} in ${out}\n`);
  },
});
