#!/usr/bin/env node
import { main } from './main.js';

// `capsim ... | head`: the reader left; stop quietly as Unix tools do, without a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
