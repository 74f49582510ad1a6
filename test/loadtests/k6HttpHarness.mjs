// A k6-like runtime that really sends the requests (test/loadtests/flows.test.ts): the bundle is
// evaluated in a fresh node:vm context with no Node globals, linked only to fake `k6`, `k6/http`
// and `k6/execution` modules, as in k6Harness.mjs; `http.request` is synchronous as in k6, done by
// a worker thread over Node's http module while this thread waits on Atomics (k6's VU does block).
// `open()` reads files next to the bundle, as k6's does in the init context.
//
//   node --experimental-vm-modules k6HttpHarness.mjs BUNDLE '{"SCENARIO_FILE":"..."}' ITERATIONS
// Prints one JSON object: { options, responses, checks, sleeps } or { error }.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import vm from 'node:vm';
import { Worker, receiveMessageOnPort, MessageChannel } from 'node:worker_threads';

const [bundle, envJson, iterationsArg] = process.argv.slice(2);
const checks = [];
const sleeps = [];
const responses = [];
const scenario = { iterationInTest: -1 };

const signal = new Int32Array(new SharedArrayBuffer(4));
const syncWorker = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
   const http = require('node:http');
   parentPort.on('message', ({ method, url, body, headers, timeoutMs, port }) => {
     const done = (msg) => { port.postMessage(msg); Atomics.store(workerData, 0, 1); Atomics.notify(workerData, 0); };
     const req = http.request(url, { method, headers, timeout: timeoutMs }, (res) => {
       let text = '';
       res.setEncoding('utf8');
       res.on('data', (c) => (text += c));
       res.on('end', () => done({ status: res.statusCode, body: text }));
     });
     req.on('timeout', () => req.destroy(new Error('request timeout')));
     req.on('error', (e) => done({ status: 0, body: null, error: String(e.message) }));
     if (body !== null && body !== undefined) req.write(body);
     req.end();
   });`,
  { eval: true, workerData: signal },
);

function requestSync(method, url, body, params = {}) {
  const { port1, port2 } = new MessageChannel();
  Atomics.store(signal, 0, 0);
  const timeoutMs = params.timeout ? parseFloat(params.timeout) * (String(params.timeout).endsWith('ms') ? 1 : 1000) : 60_000;
  syncWorker.postMessage({ method, url, body, headers: params.headers ?? {}, timeoutMs, port: port2 }, [port2]);
  if (Atomics.wait(signal, 0, 0, timeoutMs + 5000) === 'timed-out') throw new Error(`no answer from ${url}`);
  const msg = receiveMessageOnPort(port1)?.message;
  port1.close();
  const res = { status: msg.status, body: msg.body, error: msg.error ?? '', request: { method, url, body, headers: params.headers }, tags: params.tags ?? {} };
  res.json = (sel) => { const v = JSON.parse(res.body); return sel === undefined ? v : sel.split('.').reduce((o, k) => (o == null ? undefined : o[k]), v); };
  responses.push({ method, url, status: res.status, name: params.tags?.name });
  return res;
}

const base = dirname(resolve(bundle));
const context = vm.createContext({
  __ENV: JSON.parse(envJson),
  open: (path) => readFileSync(resolve(base, path), 'utf8'),
  console: { log() {}, warn() {}, error() {}, info() {}, debug() {} },
});

const fakes = {
  k6: {
    check: (value, sets) => Object.entries(sets).every(([name, f]) => { const ok = Boolean(f(value)); checks.push({ name, ok }); return ok; }),
    sleep: (s) => void sleeps.push(s),
  },
  'k6/http': { request: requestSync },
  'k6/execution': { scenario },
};

function fakeModule(name) {
  const api = fakes[name];
  return new vm.SyntheticModule(['default', ...Object.keys(api)], function () {
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
  await mod.evaluate();
  const ns = mod.namespace;
  for (let i = 0; i < Number(iterationsArg); i++) {
    scenario.iterationInTest = i;
    ns.default();
  }
  process.stdout.write(JSON.stringify({ options: ns.options, responses, checks, sleeps }));
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
} finally {
  await syncWorker.terminate();
}
