import type { MetricDecl, MetricType, MetricContains, SubmetricDecl } from './samples.js';

// From grafana/k6 metrics/builtin.go (v0.48.0): CSV output has no Metric declarations,
// so the types of built-in metrics come from here.
const BUILTIN: Readonly<Record<string, readonly [MetricType, MetricContains]>> = {
  vus: ['gauge', 'default'],
  vus_max: ['gauge', 'default'],
  iterations: ['counter', 'default'],
  iteration_duration: ['trend', 'time'],
  dropped_iterations: ['counter', 'default'],
  data_sent: ['counter', 'data'],
  data_received: ['counter', 'data'],
  checks: ['rate', 'default'],
  group_duration: ['trend', 'time'],
  http_reqs: ['counter', 'default'],
  http_req_failed: ['rate', 'default'],
  http_req_duration: ['trend', 'time'],
  http_req_blocked: ['trend', 'time'],
  http_req_connecting: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'],
  http_req_sending: ['trend', 'time'],
  http_req_waiting: ['trend', 'time'],
  http_req_receiving: ['trend', 'time'],
  ws_sessions: ['counter', 'default'],
  ws_msgs_sent: ['counter', 'default'],
  ws_msgs_received: ['counter', 'default'],
  ws_ping: ['trend', 'time'],
  ws_session_duration: ['trend', 'time'],
  ws_connecting: ['trend', 'time'],
  grpc_req_duration: ['trend', 'time'],
};

// k6 adds this sub-metric by itself whenever http_req_duration exists (cmd/run: expected_response).
const EXPECTED_RESPONSE: SubmetricDecl = {
  name: 'http_req_duration{expected_response:true}',
  suffix: 'expected_response:true',
  tags: { expected_response: 'true' },
};

/**
 * The declaration k6 would have written for a built-in metric, or undefined for a custom one.
 * @example builtinDecl('http_reqs') // { name: 'http_reqs', type: 'counter', contains: 'default', ... }
 */
export function builtinDecl(name: string): MetricDecl | undefined {
  const entry = BUILTIN[name];
  if (entry === undefined) return undefined;
  const submetrics = name === 'http_req_duration' ? [EXPECTED_RESPONSE] : [];
  return { name, type: entry[0], contains: entry[1], thresholds: [], submetrics };
}
