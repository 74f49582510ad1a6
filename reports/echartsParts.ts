import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TitleComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the reports draw with: line, bar and scatter series on a grid, with a
 * title, a legend and shaded areas, rendered to SVG. `npm run build` bundles this module into
 * one file, dist/reports/echarts.cjs (reports/buildECharts.mjs), which chartSvg.ts loads: Node
 * reads it in about a third of the time of the package's full single-file build, and each chart
 * sets up only these component types. A chart needing another part (a tooltip, a mark line, a
 * pie) must add it here; test/reports/echartsParts.test.ts checks that the bundle draws the
 * reports' charts byte for byte as the full ECharts does.
 */
use([LineChart, BarChart, ScatterChart, GridComponent, TitleComponent, LegendComponent, MarkAreaComponent, SVGRenderer]);

export { init };
