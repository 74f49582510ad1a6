import { defineCommand, runCommand, renderUsage, type CommandDef } from 'citty';
import { InputError, EXIT_BAD_INPUT } from '../input/inputError.js';
import { currentIo, processIo, type CliIo } from './io.js';

/**
 * The `capsim` command. Subcommands load lazily so `capsim --help` stays fast.
 * Each command file default-exports a citty command whose `run` only calls library code.
 */
export const root = defineCommand({
  meta: {
    name: 'capsim',
    description: 'Capacity simulator for payment services on Kubernetes',
  },
  subCommands: {
    run: () => import('./commands/run.js').then((m) => m.default),
    k6: () => import('./commands/k6.js').then((m) => m.default),
    hpa: () => import('./commands/hpa.js').then((m) => m.default),
    record: () => import('./commands/record.js').then((m) => m.default),
    vpa: () => import('./commands/vpa.js').then((m) => m.default),
    calibrate: () => import('./commands/calibrate.js').then((m) => m.default),
    validate: () => import('./commands/validate.js').then((m) => m.default),
    tune: () => import('./commands/tune.js').then((m) => m.default),
    report: () => import('./commands/report.js').then((m) => m.default),
  },
});

/** Thrown by commands that want a specific exit code without an error message (e.g. thresholds crossed). */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Run the CLI with the given arguments. Returns the process exit code:
 * 0 success, 2 bad input (one-line message naming file, field and expectation), 1 anything else.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    io.out((await renderUsage(root as CommandDef)) + '\n');
    return 0;
  }
  try {
    await currentIo.run(io, () => runCommand(root as CommandDef, { rawArgs: argv, data: { io } }));
    return 0;
  } catch (e) {
    if (e instanceof ExitCode) return e.code;
    if (e instanceof InputError) {
      io.err(`capsim: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e as Error;
    if (/Unknown command|Missing required|No command specified/i.test(err.message ?? '')) {
      io.err(`capsim: ${err.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const unreachable = environmentProblem(e);
    if (unreachable !== null) {
      io.err(`capsim: ${unreachable}\n`);
      return 1;
    }
    io.err(`capsim: internal error: ${err.stack ?? String(e)}\n`);
    return 1;
  }
}

/**
 * A failure of the environment rather than of capsim (the cluster cannot be reached, access is
 * denied): one line saying so, not a stack trace.
 */
function environmentProblem(e: unknown): string | null {
  const err = e as { code?: unknown; statusCode?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = String(err.code ?? err.cause?.code ?? '');
  const status = Number(err.statusCode ?? (typeof err.code === 'number' ? err.code : NaN));
  if (/^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|CERT_|DEPTH_ZERO|UNABLE_TO_VERIFY)/.test(code))
    return `cannot reach the Kubernetes API server (${code}): check the kubeconfig and context`;
  if (status === 401 || status === 403) return `the Kubernetes API server refused access (HTTP ${status}): the recorder needs get, list and watch (loadtests/kind/recorder-rbac.yaml)`;
  return null;
}
