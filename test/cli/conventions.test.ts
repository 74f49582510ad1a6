import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultOf, optionTerm, type AnyCommand, type OptionDef } from '../../cli/command.js';
import { flagsTable, withFlagsTable } from '../../cli/docs.js';
import { root, version } from '../../cli/main.js';
import { capsim } from '../support/cli.js';

/** Every command and subcommand, as the words a user types after `capsim`. */
function commandPaths(spec: AnyCommand, parents: string[] = []): Array<{ path: string[]; spec: AnyCommand }> {
  const here = spec === root ? [] : [...parents, spec.name];
  return [...(spec === root ? [] : [{ path: here, spec }]), ...(spec.subcommands ?? []).flatMap((s) => commandPaths(s, here))];
}
const ALL = commandPaths(root);
const RUNNABLE = ALL.filter((c) => c.spec.run !== undefined);
const GROUPS = ALL.filter((c) => (c.spec.subcommands ?? []).length > 0);
const options = (spec: AnyCommand) => Object.entries((spec.options ?? {}) as Record<string, OptionDef>);

describe('every command answers --help, -h and `capsim help <command>` (exit 0, no work)', () => {
  it('knows all 22 command forms', () => {
    expect(ALL.map((c) => c.path.join(' '))).toEqual([
      'run', 'hpa', 'hpa explain', 'vpa', 'vpa recommend', 'k6', 'k6 summary', 'k6 options', 'k6 script', 'k6 testrun',
      'record', 'calibrate', 'validate', 'report', 'tune', 'tune merge', 'gate', 'slo', 'slo rules', 'export', 'export openmetrics', 'dashboard',
    ]);
  });

  it.each(ALL.map((c) => [c.path.join(' '), c] as const))('capsim %s --help: usage, every option with its default, an example', async (_name, { path, spec }) => {
    const t = await capsim([...path, '--help']);
    expect(t.code).toBe(0);
    expect(t.stderr).toBe('');
    expect(t.stdout).toMatch(new RegExp(`^Usage: capsim ${path.join(' ')} `));
    for (const [name, def] of options(spec)) {
      const flat = t.stdout.replace(/\s+/g, ' ');
      expect(flat, name).toContain(optionTerm(name, def));
      if (def.kind !== 'flag') expect(flat, name).toMatch(defaultOf(def) === 'required' ? /\(required\)|; required\)/ : new RegExp(`default: ${escape(defaultOf(def)).replace(/ /g, '\\s+')}`));
    }
    expect(t.stdout).toContain(`Example:\n  $ ${spec.example}\n`);
    expect(spec.example.startsWith(`capsim ${path.join(' ')}`)).toBe(true);
    expect((await capsim([...path, '-h'])).stdout).toBe(t.stdout);
    expect((await capsim(['help', ...path])).stdout).toBe(t.stdout);
  });

  it.each(GROUPS.map((c) => [c.path.join(' '), c] as const))('capsim %s help <subcommand> is the subcommand\'s --help', async (_name, { path, spec }) => {
    const sub = (spec.subcommands ?? [])[0] as AnyCommand;
    const t = await capsim([...path, 'help', sub.name]);
    expect(t.code).toBe(0);
    expect(t.stdout).toBe((await capsim([...path, sub.name, '--help'])).stdout);
  });

  it('capsim run --default --help prints help and simulates nothing', async () => {
    const t = await capsim(['run', '--default', '--help']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^Usage: capsim run /);
    expect(t.stderr).toBe(''); // a run would print "results in ..."
  });

  it('--help wins over any other mistake on the line (missing required options, bad values)', async () => {
    for (const args of [['hpa', 'explain', '--help'], ['tune', '--budget', 'lots', '--help'], ['k6', 'summary', '--help']]) {
      const t = await capsim(args);
      expect(t.code, args.join(' ')).toBe(0);
      expect(t.stdout).toMatch(/^Usage: /);
    }
  });

  it('capsim, capsim --help and capsim help print the command list; capsim --version the version', async () => {
    const top = await capsim([]);
    expect(top.code).toBe(0);
    for (const { spec } of ALL.filter((c) => c.path.length === 1)) expect(top.stdout).toContain(spec.name);
    expect((await capsim(['--help'])).stdout).toBe(top.stdout);
    expect((await capsim(['help'])).stdout).toBe(top.stdout);
    const v = await capsim(['--version']);
    expect(v).toEqual({ code: 0, stdout: `${version()}\n`, stderr: '' });
    expect(version()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('a group without a subcommand prints its help, as kubectl does', async () => {
    const t = await capsim(['hpa']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^Usage: capsim hpa /);
    expect(t.stdout).toContain('explain');
  });
});

describe('unknown flags and misspelt subcommands: one line naming them, the nearest known name, exit 2', () => {
  const transcripts: Array<[string[], string]> = [
    // The cases: the singular --manifest used to run with no HPA and exit 0.
    [['run', 'wallet.yaml', '--manifest', 'k8s/'], "capsim run: unknown option '--manifest' (did you mean --manifests?)"],
    [['tune', '--budgt', '5'], "capsim tune: unknown option '--budgt' (did you mean --budget?)"],
    [['hpa', 'explian'], "capsim hpa: unknown command 'explian' (did you mean explain?)"],
    [['rn', '--default'], "capsim: unknown command 'rn' (did you mean run?)"],
    [['k6', 'sumary', 'run.ndjson'], "capsim k6: unknown command 'sumary' (did you mean summary?)"],
    [['tune', 'mrege', 'a'], "capsim tune: unexpected argument 'mrege' (subcommands: merge; everything else is given as --option value)"],
    [['vpa', 'recommend', '--vpa', 'v.yaml', '--usage', 'u.csv', '--oom-event', 'o.csv'], "capsim vpa recommend: unknown option '--oom-event' (did you mean --oom-events?)"],
    [['report', 'out/a', '--comapre'], "capsim report: unknown option '--comapre' (did you mean --compare?)"],
    [['run', '--default', '--xyzzy'], "capsim run: unknown option '--xyzzy'"],
    [['hpa', '--foo', 'explain'], "capsim hpa: unknown option '--foo'"],
    [['--foo'], "capsim: unknown option '--foo'"],
    [['k6', 'testrun', 'payday'], "capsim k6 testrun: required option '--parallelism <n>' not specified"],
    [['run', 'a.yaml', 'b.yaml'], "capsim run: too many arguments for 'run'. Expected 1 argument but got 2."],
    [['run', '--out'], "capsim run: option '--out <dir>' argument missing"],
  ];
  it.each(transcripts)('capsim %j', async (args, line) => {
    const t = await capsim(args);
    expect(t).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it.each(RUNNABLE.map((c) => [c.path.join(' '), c] as const))('capsim %s refuses a misspelt option before doing anything', async (_name, { path, spec }) => {
    const first = options(spec)[0];
    if (first === undefined) return;
    const misspelt = `--${first[0]}x`;
    const t = await capsim([...path, misspelt, 'value']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(new RegExp(`^capsim ${path.join(' ')}: unknown option '${misspelt}'`));
    expect(t.stderr.split('\n')).toHaveLength(2);
    expect(t.stderr).not.toMatch(/\x1b\[/); // no raw colour codes
  });
});

describe('README: the command-line table is the one generated from the declarations', () => {
  const readme = readFileSync('README.md', 'utf8');
  it('equals `npm run docs:cli` output (run it after changing an option)', () => {
    expect(withFlagsTable(readme, flagsTable(root))).toBe(readme);
  });

  it('lists every option of every command', () => {
    const table = flagsTable(root);
    for (const { path, spec } of RUNNABLE) for (const [name, def] of options(spec)) expect(table).toContain(`| \`capsim ${path.join(' ')}\` | \`${optionTerm(name, def)}\``);
  });

  it('the overview table names only flags the commands have', () => {
    const overview = readme.slice(readme.indexOf('## Command line'), readme.indexOf('<!-- cli-flags:begin'));
    for (const row of overview.split('\n').filter((l) => l.startsWith('| `capsim '))) {
      const words = /^\| `capsim ([a-z0-9 -]+?)(?: [<[A-Z-]|`)/.exec(row)?.[1]?.trim().split(' ') ?? [];
      const spec = ALL.find((c) => c.path.join(' ') === words.join(' '))?.spec;
      expect(spec, row).toBeDefined();
      for (const flag of (/^\| `([^`]*)`/.exec(row)?.[1] ?? '').match(/--[a-z0-9-]+/g) ?? []) expect(Object.keys(spec?.options ?? {}), `${row}: ${flag}`).toContain(flag.slice(2));
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
