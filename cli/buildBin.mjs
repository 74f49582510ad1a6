// Bundle the `capsim` command (cli/bin.ts) and the benchmark's copy of it (bench/cliRun.ts) into
// dist/cli/bin.js and dist/bench/cliRun.js, with the modules they share and those a command
// imports when it runs as chunks under dist/chunks/: `npm run build` runs it after tsc. Node 20
// resolves, reads and links every ES module of a program separately, about 0.4 ms each; a short
// `capsim run` loaded ~380 of them (zod and yaml alone ~170) for a tenth of its CPU time.
//
// Only the packages listed in BUNDLED go into the bundle: plain JavaScript that reads no file of
// its own. The others stay imports of node_modules, as tsc's output has them: they locate files
// beside their own code (re2-wasm's .wasm, piscina's worker), are large and rarely loaded
// (@kubernetes/client-node, kubernetes-models), or are loaded by file path (echarts).
// Everything else in dist/ stays tsc's output: the library entry, the worker-thread files.
//
//   node cli/buildBin.mjs [--outdir dist]
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = new Set(['zod', 'yaml', 'commander', 'csv-stringify', 'csv-parse']);

/** esbuild plugin: a package import stays external unless the package is in BUNDLED and imported statically. */
const onlyBundled = {
  name: 'only-bundled-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : (args.path.split('/')[0] ?? args.path);
      // A package imported with import() stays Node's to load: esbuild would give a bundled
      // CommonJS package (yaml) only a default export there, where Node gives its named exports.
      return BUNDLED.has(name) && args.kind !== 'dynamic-import' ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * esbuild plugin: zod's `locales` namespace holds its messages in ~50 languages (about two thirds of
 * the bundled zod, parsed at every start). capsim's messages are English, which zod registers
 * from its own module (locales/en.js): the namespace keeps English only.
 */
const englishZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";\n', loader: 'js', resolveDir: join(root, 'node_modules', 'zod', 'v4', 'locales') }));
  },
};

/** Build the bundles into `outdir` (dist). */
export async function buildBin(outdir = join(root, 'dist')) {
  // Chunk names carry a content hash: the previous build's chunks would stay beside the new ones.
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  await build({
    entryPoints: { 'cli/bin': join(root, 'cli/bin.ts'), 'bench/cliRun': join(root, 'bench/cliRun.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [onlyBundled, englishZod],
    // The bundled CommonJS packages (commander) require Node's built-ins.
    banner: { js: "import { createRequire as __capsimCreateRequire } from 'node:module'; const require = __capsimCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  await buildBin(i > 0 && process.argv[i + 1] !== undefined ? resolve(process.argv[i + 1]) : undefined);
}
