import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Node } from 'acorn';
import { ancestor } from 'acorn-walk';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * `f(...xs)` pushes every element of `xs` on the stack as an argument: V8 throws "Maximum call
 * stack size exceeded" somewhere past ~100,000 elements, so `points.reduce((a, b) => Math.max(a, b), -Infinity)` over a 4-day
 * series crashed every long run. Data is never spread into a call anywhere in the project
 * (loops, `reduce`, or `Array.prototype.concat` instead). The one safe form is forwarding a
 * function's own rest parameter (`run(...args)` inside `function f(...args)`), whose length is
 * the caller's argument count, already on the stack.
 */
const ROOTS = ['app', 'bench', 'calibration', 'cli', 'input', 'k8s', 'loadtests', 'reports', 'scenarios', 'sim', 'test', 'tune', 'index.ts'];

function sources(path: string): string[] {
  if (!statSync(path).isDirectory()) return /\.(ts|mjs|js)$/.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => (name === 'node_modules' || name === 'dist' ? [] : sources(join(path, name))));
}

interface Found {
  line: number;
  text: string;
}

type AnyNode = Node & Record<string, unknown>;

/** Identifiers bound to a rest parameter of a function enclosing the call. */
function restParams(ancestors: readonly AnyNode[]): Set<string> {
  const names = new Set<string>();
  for (const a of ancestors)
    if (/Function/.test(a.type))
      for (const p of (a.params as AnyNode[]) ?? [])
        if (p.type === 'RestElement' && (p.argument as AnyNode).type === 'Identifier') names.add((p.argument as AnyNode).name as string);
  return names;
}

/** Calls (and `new`) that spread an argument other than a forwarded rest parameter. */
export function spreadCalls(source: string, loader: 'ts' | 'js'): Found[] {
  const js = transformSync(source, { loader, format: 'esm', target: 'es2022', sourcemap: false, minifyWhitespace: false }).code;
  const ast = parse(js, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  const found: Found[] = [];
  const visit = (node: Node, _state: unknown, ancestors: Node[]) => {
    const call = node as AnyNode;
    const args = call.arguments as AnyNode[];
    const rest = restParams(ancestors as AnyNode[]);
    for (const a of args)
      if (a.type === 'SpreadElement') {
        const arg = a.argument as AnyNode;
        if (arg.type === 'Identifier' && rest.has(arg.name as string)) continue;
        found.push({ line: node.loc?.start.line ?? 0, text: js.slice(node.start, Math.min(node.end, node.start + 100)) });
      }
  };
  ancestor(ast, { CallExpression: visit, NewExpression: visit });
  return found;
}

describe('no data spread into a call', () => {
  const files = ROOTS.flatMap(sources);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('catches the forms that overflow the stack and lets rest forwarding through', () => {
    const bad = ['Math.max(...xs)', 'Math.min(0, ...a.map((p) => p[0]))', 'out.push(...rows)', 'String.fromCharCode(...bytes)', 'new Foo(...xs)', 'function f(...a) { return (b) => g(...b); }'];
    for (const s of bad) expect(spreadCalls(s, 'js'), s).toHaveLength(1);
    const fine = ['const a = [...xs, 1]', 'const o = { ...x }', 'function f(...args) { return g(1, ...args); }', 'const f = (...a) => (() => h(...a))()'];
    for (const s of fine) expect(spreadCalls(s, 'js'), s).toHaveLength(0);
  });

  it.each(files)('%s spreads no data into a call', (file) => {
    const found = spreadCalls(readFileSync(file, 'utf8'), file.endsWith('.ts') ? 'ts' : 'js');
    expect(found.map((f) => `${file}: ${f.text}`)).toEqual([]);
  });
});
