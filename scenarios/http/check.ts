import { FieldProblem } from '../../core/fieldProblem.js';
import type { ScenarioSpec } from '../schema.js';
import { placeholders } from './templates.ts';

/** Values every request template may use without declaring them. */
export const BUILTIN_VALUES = ['idempotencyKey', 'iteration'] as const;

type Path = Array<string | number>;

/**
 * The cross-field rules of `http` and the operations' `request` blocks, checked before anything
 * runs: flows name known operations and do not reuse an operation's name; every `{{name}}` in a
 * request is a built-in, an `http.values` entry or a value captured by an earlier step of each
 * flow the operation runs in. O(size of the requests × flows).
 * @throws FieldProblem at the offending field.
 */
export function checkHttp(spec: ScenarioSpec): void {
  const ops = spec.workload.operations;
  const known = Object.keys(ops);
  const flows = spec.http?.flows ?? {};
  for (const [name, flow] of Object.entries(flows)) {
    if (name in ops) throw new FieldProblem(['http', 'flows', name], `flow "${name}" has the name of an operation: the mix could not tell them apart`);
    flow.steps.forEach((s, i) => {
      if (!(s.operation in ops)) throw new FieldProblem(['http', 'flows', name, 'steps', i, 'operation'], `flow step references unknown operation "${s.operation}" (known: ${known.join(', ')})`);
    });
  }
  const values = Object.keys(spec.http?.values ?? {});
  const base = new Set<string>([...BUILTIN_VALUES, ...values]);
  // Each operation alone (as a one-step mix entry) and each flow, step by step.
  const contexts: Array<{ label: string; steps: string[] }> = [
    ...known.map((op) => ({ label: `operation "${op}" on its own`, steps: [op] })),
    ...Object.entries(flows).map(([name, f]) => ({ label: `flow "${name}"`, steps: f.steps.map((s) => s.operation) })),
  ];
  for (const ctx of contexts) {
    if (ctx.steps.length === 1 && !(ctx.steps[0]! in spec.traffic.mix) && ctx.label.startsWith('operation')) continue; // never run alone
    const available = new Set(base);
    const captured: string[] = [];
    for (const op of ctx.steps) {
      const req = ops[op]?.request;
      if (req === undefined) continue;
      for (const [name, at] of [...placeholders(req.path, 'path'), ...placeholders(req.headers ?? {}, 'headers'), ...placeholders(req.body ?? null, 'body')]) {
        if (available.has(name)) continue;
        const from = captured.length > 0 ? `, a value captured by an earlier step (${captured.join(', ')})` : '';
        throw new FieldProblem(['workload', 'operations', op, 'request', ...fieldPath(at)], `"{{${name}}}" references "${name}", which is not defined in ${ctx.label}: expected one of http.values (${values.join(', ') || 'none'})${from}, or ${BUILTIN_VALUES.join(', ')}`);
      }
      for (const name of Object.keys(req.capture ?? {})) {
        available.add(name);
        captured.push(name);
      }
    }
  }
}

/**
 * Every operation a k6 iteration can send must say how: method and path.
 * @throws FieldProblem at `workload.operations.<op>` for an operation of the mix without `request`.
 */
export function checkRequests(spec: ScenarioSpec): void {
  const used = new Set<string>();
  for (const [name, w] of Object.entries(spec.traffic.mix)) {
    if (!(w > 0)) continue;
    const flow = spec.http?.flows?.[name];
    if (flow === undefined) used.add(name);
    else for (const s of flow.steps) used.add(s.operation);
  }
  for (const op of Object.keys(spec.workload.operations)) {
    if (used.has(op) && spec.workload.operations[op]?.request === undefined)
      throw new FieldProblem(['workload', 'operations', op], `operation "${op}" has no request: the k6 script needs its method and path (workload.operations.${op}.request: { method, path, ... })`);
  }
}

/** `body.items[0].id` -> ['body', 'items', 0, 'id']. */
function fieldPath(at: string): Path {
  return at.split(/\.|\[|\]/).filter((p) => p !== '').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
