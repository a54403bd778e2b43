#!/usr/bin/env node
// The tollgate command. Registers tsx once, so the CLI, the user's config,
// environments and test files are all TypeScript without a build step.
import { register } from 'tsx/esm/api';

register();
// `tollgate run` forks its workers now, so they load while the CLI does.
await import('./early-workers.ts').then(({ prewarmForCommandLine }) => prewarmForCommandLine(process.argv.slice(2), process.cwd()));
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
// Reporters have flushed and the environment is torn down; leftover handles
// (a user's timer, a socket a test leaked) must not keep the verdict waiting.
process.exit(code);
