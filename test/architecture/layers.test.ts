import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The source folders in layers, lowest first. A module may import its own folder and any folder
 * of a lower layer, never one of its own layer or above: the pure core knows nothing of files,
 * the readers nothing of reports, and only the command line knows every part.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['sim'], // the pure simulation core
  ['core'], // pure helpers shared by scenarios and readers: Kubernetes quantities, field problems
  ['scenarios'], // scenario data, schema and the pure compiler (also loaded by k6)
  ['input'], // readers of the files a user gives: scenarios, YAML, text, traces
  ['k8s'], // Kubernetes manifests and metrics files
  ['reports'], // run records, charts, Markdown and HTML, output folders
  ['app'], // a capacity run: scenario + manifests -> simulation -> files
  ['calibration', 'tune', 'loadtests'], // fitting to k6 runs; searching HPA settings; k6 scripts and the reference service
  ['monitoring'], // production monitoring of the reference service: SLO rules, OpenMetrics export, dashboards
  ['cli'], // the command line
  ['bench', 'fuzz', 'index.ts'], // the benchmark, the fuzzing campaign and the library entry point
];

const layerOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sources(p);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative modules a file imports: static imports, re-exports and dynamic `import()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1] as string);
  return found.map((spec) => normalize(join(dirname(file), spec)));
}

/** The top-level folder (or root file) a path belongs to. */
const top = (path: string) => relative('.', path).split(/[\\/]/)[0] as string;

const files = LAYERS.flat().flatMap((f) => (f.endsWith('.ts') ? [f] : sources(f)));

describe('layers: modules import downward only', () => {
  it('finds the sources of every layer', () => {
    for (const folder of LAYERS.flat()) expect(files.some((f) => top(f) === folder), folder).toBe(true);
  });

  it('declares every top-level source folder', () => {
    const tsconfig = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] };
    for (const entry of tsconfig.include) expect(layerOf.has(top(entry)), `${entry} has no layer in test/architecture/layers.test.ts`).toBe(true);
  });

  it.each(files)('%s', (file) => {
    const own = layerOf.get(top(file)) as number;
    const wrong = importsOf(file)
      .filter((target) => top(target) !== top(file) && layerOf.has(top(target)))
      .filter((target) => (layerOf.get(top(target)) as number) >= own)
      .map((target) => `${relative('.', target)} (${top(target)}/ is not below ${top(file)}/)`);
    expect(wrong).toEqual([]);
  });
});
