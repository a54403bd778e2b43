#!/usr/bin/env node
// The tollgate command. Registers tsx once, so the CLI, the user's config,
// environments and test files are all TypeScript without a build step.
import { forkWorkersForCommandLine } from './early-workers.js';

// `tollgate run` forks its workers now, so they load while tsx and the CLI do.
forkWorkersForCommandLine(process.argv.slice(2), process.cwd());

// Both of tsx's loaders, as `node --import tsx` (and so the workers) would: in a project without
// "type": "module", .ts files are CommonJS, and the ESM loader alone cannot require them.
const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
esm.register();
cjs.register();
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
// Reporters have flushed and the environment is torn down; leftover handles
// (a user's timer, a socket a test leaked) must not keep the verdict waiting.
process.exit(code);
