// Bundle the ECharts parts the reports use (reports/echartsParts.ts) into one minified CommonJS
// file that chartSvg.ts loads: `npm run build` runs it after tsc -> dist/reports/echarts.cjs.
//
//   node reports/buildECharts.mjs [--outfile dist/reports/echarts.cjs]
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Build the bundle; returns its path. */
export async function buildECharts(outfile = join(root, 'dist/reports/echarts.cjs')) {
  await build({
    entryPoints: [join(root, 'reports/echartsParts.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Smaller to read and parse at every start.
    minify: true,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outfile');
  await buildECharts(i > 0 && process.argv[i + 1] !== undefined ? resolve(process.argv[i + 1]) : undefined);
}
