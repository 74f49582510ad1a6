import { InputError } from '../../input/inputError.js';
import { loadConfig, loadListenAddress } from './config.js';
import { startServer } from './server.js';

/**
 * Entry point: `node dist/loadtests/service/main.js` (npm run service).
 * Configuration comes from the environment (see config.ts); PORT defaults to 8080 and HOST to
 * 0.0.0.0. SIGTERM (or SIGINT) drains: readyz 503, no new connections, in-flight requests finish
 * within DRAIN_TIMEOUT_MS, then the process exits 0. A bad variable exits 2 with a one-line message.
 */
async function main(): Promise<void> {
  let config;
  let listen;
  try {
    config = loadConfig(process.env);
    listen = loadListenAddress(process.env);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    process.stderr.write(`payment-service: ${e.message}\n`);
    process.exit(2);
  }
  const service = await startServer(config, listen);
  const ops = [...config.operations.keys()].join(',');
  process.stderr.write(
    `${JSON.stringify({ msg: 'listening', url: service.url, W: config.workers, QMAX: config.queueMax, REPLICA: config.replica, CPU_CLOCK: config.cpuClock, ops })}\n`,
  );
  const shutdown = (signal: string): void => {
    const drained = service.drain();
    process.stderr.write(`${JSON.stringify({ msg: 'draining', signal, ...service.stats() })}\n`);
    void drained.then(() => {
      process.stderr.write(`${JSON.stringify({ msg: 'stopped', ...service.stats() })}\n`);
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`payment-service: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
