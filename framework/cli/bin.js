#!/usr/bin/env node
// The tollgate command. In this repository it runs the TypeScript sources;
// in the installed package, the compiled JavaScript in dist/ (scripts/build.mjs).
// Either way it registers tsx, for the user's config, environments and test
// files, which may be TypeScript.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const SOURCE = existsSync(new URL('./main.ts', import.meta.url));
const HERE = SOURCE ? './' : '../../dist/framework/cli/';

// `tollgate run` runs as a child of a supervisor that runs no user code, so
// that a run ends with a verdict whatever its process does (supervise-run.js).
const argv = process.argv.slice(2);
if (argv[0] === 'run' && process.env.TOLLGATE_SUPERVISED !== '1' && process.env.TOLLGATE_SUPERVISE !== '0') {
  const { superviseRun } = await import(`${HERE}supervise-run.js`);
  process.exit(await superviseRun(fileURLToPath(import.meta.url), argv));
}
const { startSupervisorLink } = await import(`${SOURCE ? '../run/' : '../../dist/framework/run/'}supervisor-link.js`);
startSupervisorLink();

// `tollgate run` forks its workers now, so they load while tsx and the CLI do.
const { forkWorkersForCommandLine } = await import(`${HERE}early-workers.js`);
forkWorkersForCommandLine(argv, process.cwd());

// Both of tsx's loaders, as `node --import tsx` (and so the workers) would: in a project without
// "type": "module", .ts files are CommonJS, and the ESM loader alone cannot require them.
const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
esm.register();
cjs.register();
// From the sources, a user's `import 'tollgate'` must reach these same modules, not dist/
// (package.json "exports": the `tollgate-source` condition); the workers get the flag itself.
if (SOURCE) register(`data:text/javascript,${encodeURIComponent("export function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, 'tollgate-source'] }); }")}`);
// tsx resolves main.js to main.ts in the repository.
const { main } = await import(`${HERE}main.js`);
const code = await main(argv);
// Reporters have flushed and the environment is torn down; leftover handles
// (a user's timer, a socket a test leaked) must not keep the verdict waiting.
process.exit(code);
