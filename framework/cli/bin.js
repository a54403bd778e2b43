#!/usr/bin/env node
// The tollgate command. Registers tsx once, so the CLI, the user's config,
// environments and test files are all TypeScript without a build step.
import { forkWorkersForCommandLine } from './early-workers.js';

// `tollgate run` forks its workers now, so they load while tsx and the CLI do.
forkWorkersForCommandLine(process.argv.slice(2), process.cwd());

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
// Reporters have flushed and the environment is torn down; leftover handles
// (a user's timer, a socket a test leaked) must not keep the verdict waiting.
process.exit(code);
