// A k6-like runtime for the k6 bundle test (test/loadtests/k6Bundle.test.ts): evaluates the ES
// module bundle in a fresh node:vm context with no Node globals (no require, process, Buffer),
// linked only to fake `k6`, `k6/http` and `k6/execution` modules; any other import fails to
// link, as it would in k6. Needs `node --experimental-vm-modules` (vm.SourceTextModule), which
// is why the test runs it as a child process.
//
//   node --experimental-vm-modules k6Harness.mjs BUNDLE '{"SCENARIO":"..."}' ITERATIONS [SUMMARY_FIXTURE]
// Prints one JSON object: { globals, options, requests, checks, summary } or { error }.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const [bundle, envJson, iterationsArg, fixture] = process.argv.slice(2);
const requests = [];
const checks = [];
const scenario = { iterationInTest: -1 };

const context = vm.createContext({ __ENV: JSON.parse(envJson), console: { log() {}, warn() {}, error() {}, info() {}, debug() {} } });

const fakes = {
  k6: { check: (value, sets) => Object.entries(sets).every(([name, f]) => { const ok = Boolean(f(value)); checks.push({ name, ok }); return ok; }), sleep: () => {} },
  'k6/http': { request: (method, url, body, params) => { requests.push({ method, url, body, params }); return { status: 200, body: '{}' }; } },
  'k6/execution': { scenario },
};

function fakeModule(name) {
  const api = fakes[name];
  const names = ['default', ...Object.keys(api)];
  return new vm.SyntheticModule(names, function () {
    this.setExport('default', api);
    for (const k of Object.keys(api)) this.setExport(k, api[k]);
  }, { context, identifier: name });
}

try {
  const mod = new vm.SourceTextModule(readFileSync(bundle, 'utf8'), { context, identifier: 'payments.js' });
  await mod.link((specifier) => {
    if (!(specifier in fakes)) throw new Error(`the bundle imports "${specifier}", which k6 does not provide`);
    return fakeModule(specifier);
  });
  const globals = Object.fromEntries(['require', 'process', 'Buffer', 'module', 'global'].map((g) => [g, vm.runInContext(`typeof ${g}`, context)]));
  await mod.evaluate();
  const ns = mod.namespace;
  const n = Number(iterationsArg);
  for (let i = 0; i < n; i++) {
    scenario.iterationInTest = i;
    ns.default();
  }
  const summary = fixture ? ns.handleSummary(JSON.parse(readFileSync(fixture, 'utf8'))) : null;
  process.stdout.write(JSON.stringify({ globals, options: ns.options, requests, checks, summary }));
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
}
