import { Command, CommanderError, Option } from 'commander';
import { ExitCode, optionHelp, optionTerm, type AnyCommand, type OptionDef } from './command.js';
import type { CliIo } from './io.js';
import { refuseOutputOverInput } from './outputOverInput.js';

/** Width of `--help` text: fixed, so help and tests read the same on every terminal. */
const HELP_WIDTH = 100;

/** A mistake on the command line (unknown flag, misspelt subcommand, missing value): one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    /** The command as typed, such as `capsim hpa explain`. */
    readonly commandPath: string,
    readonly problem: string,
  ) {
    super(`${commandPath}: ${problem}`);
  }
}

/**
 * Build the commander program for one invocation from the command declarations. Parsing is
 * strict everywhere: unknown options, unknown subcommands and extra arguments are errors (with
 * a suggestion of the nearest known name); `--help`/`-h` answers before anything else is
 * checked or run. Output goes to `io`, never to the process.
 */
export function buildProgram(root: AnyCommand, io: CliIo, version: string): Command {
  const program = build(root, io, []);
  program.version(version, '-V, --version', 'print the version');
  return program;
}

function build(spec: AnyCommand, io: CliIo, parents: readonly string[]): Command {
  const path = [...parents, spec.name];
  const cmd = new Command(spec.name).description(spec.description);
  cmd
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: () => undefined, // main() prints the one-line UsageError instead
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride((e: CommanderError) => {
      if (e.exitCode === 0) throw new ExitCode(0); // --help, -h, help <command>, --version
      throw new UsageError(path.join(' '), oneLine(e.message));
    })
    .helpOption('-h, --help', 'print this help')
    .showSuggestionAfterError(true)
    .allowUnknownOption(false);
  cmd.addHelpText('after', `\nExample:\n  $ ${spec.example}\n`);

  const args = Object.entries((spec.args ?? {}) as Record<string, { description: string; required: boolean; variadic: boolean }>);
  for (const [name, a] of args) {
    const term = a.variadic ? `${name}...` : name;
    cmd.argument(a.required ? `<${term}>` : `[${term}]`, a.description);
  }

  const options = Object.entries((spec.options ?? {}) as Record<string, OptionDef>);
  const attributes = new Map<string, string>();
  for (const [name, def] of options) {
    const o = new Option(optionTerm(name, def), optionHelp(def));
    if (def.kind === 'list') o.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    cmd.addOption(o);
    attributes.set(name, o.attributeName());
  }

  const subcommands = spec.subcommands ?? [];
  if (subcommands.length > 0) {
    // Options after a subcommand's name belong to the subcommand (`tune merge ... --out x`).
    cmd.enablePositionalOptions();
    cmd.allowExcessArguments(true);
    cmd.helpCommand(true); // `capsim hpa help explain`
    if (spec.run === undefined) cmd.allowUnknownOption(true); // reported in the action, after a misspelt subcommand
    for (const sub of subcommands) cmd.addCommand(build(sub, io, path));
  }

  cmd.action(async () => {
    const run = spec.run;
    if (run === undefined) {
      // A group: a misspelt subcommand is named before any option (`capsim rn --default`).
      const c = cmd as unknown as { args: string[]; unknownCommand(): never; unknownOption(flag: string): never };
      const operand = c.args.find((x) => !x.startsWith('-'));
      const known = operand !== undefined && (operand === 'help' || subcommands.some((sub) => sub.name === operand));
      if (operand !== undefined && !known) {
        c.args = [operand];
        c.unknownCommand(); // commander suggests the nearest name
      }
      const flag = c.args.find((x) => x.startsWith('-'));
      if (flag !== undefined) {
        cmd.allowUnknownOption(false); // commander reports nothing while unknown options are allowed
        c.unknownOption(flag);
      }
      cmd.outputHelp(); // no subcommand: the group's help, as kubectl does
      return;
    }
    if (subcommands.length > 0 && cmd.args.length > args.length) {
      const names = subcommands.map((c) => c.name).join(', ');
      throw new UsageError(path.join(' '), `unexpected argument '${cmd.args[args.length]}' (subcommands: ${names}; everything else is given as --option value)`);
    }
    // Checked here, after unknown options and extra arguments, so that a misspelt flag is named
    // rather than reported as a missing required one.
    const missing = options.filter(([name, def]) => def.kind === 'value' && def.required && cmd.getOptionValue(attributes.get(name) as string) === undefined);
    if (missing.length > 0) {
      const terms = missing.map(([name, def]) => `'${optionTerm(name, def)}'`).join(', ');
      throw new UsageError(path.join(' '), `required option${missing.length > 1 ? 's' : ''} ${terms} not specified`);
    }
    const argValues: Record<string, string | string[] | undefined> = {};
    args.forEach(([name], i) => void (argValues[name] = cmd.processedArgs[i] as string | string[] | undefined));
    const given: Record<string, unknown> = {};
    for (const [name] of options) given[name] = cmd.getOptionValue(attributes.get(name) as string);
    refuseOutputOverInput(argValues, given);
    const optionValues: Record<string, unknown> = {};
    for (const [name, def] of options) {
      const raw = cmd.getOptionValue(attributes.get(name) as string) as unknown;
      const flagName = `--${name}`;
      if (def.kind === 'flag') optionValues[name] = raw === true;
      else if (def.kind === 'list') optionValues[name] = ((raw as string[] | undefined) ?? []).map((v) => def.parse(v, flagName));
      else if (raw !== undefined) optionValues[name] = def.parse(raw as string, flagName);
      else if (def.default !== undefined) optionValues[name] = def.parse(def.default, flagName);
    }
    await run(argValues, optionValues, io);
  });
  return cmd;
}

/** Commander's `error: unknown option '--x'\n(Did you mean --y?)` as one line without its prefix. */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
