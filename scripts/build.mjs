// `npm run build` (and prepack): the package's compiled JavaScript and
// declarations in dist/, for projects that install tollgate. In this
// repository everything runs from the TypeScript sources; dist/ is only
// what the tarball ships (package.json "exports": the `tollgate-source`
// condition picks the sources here, `types`/`default` pick dist/ there).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './ensure-deps.mjs';

const DIST = path.join(ROOT, 'dist');
fs.rmSync(DIST, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('tollgate build: tsc failed (see above).');
  process.exit(1);
}

// Files the compiler does not emit, read at run time beside the code that uses them.
const ASSETS = [
  'schemas',
  'framework/archive/migrations',
  'reporters/html/client',
  'framework/runners/playwright/tollgate-reporter.mjs',
  // Hand-written declarations of the plain JavaScript files, better than what tsc infers from them.
  'framework/run/fork-worker.d.ts',
  'framework/config/default-workers.d.ts',
];
for (const asset of ASSETS) fs.cpSync(path.join(ROOT, asset), path.join(DIST, asset), { recursive: true });

// Declarations keep the sources' `.ts` import specifiers; a consumer's tsc
// refuses those (TS5097) without allowImportingTsExtensions. Point them at
// the `.js` files that sit beside each `.d.ts`.
const RELATIVE_TS = /((?:from\s+|import\s*\(\s*)['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g;
let rewritten = 0;
for (const file of walk(DIST)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(RELATIVE_TS, '$1.js$2');
  if (next !== text) {
    fs.writeFileSync(file, next);
    rewritten++;
  }
}
console.error(`tollgate build: dist/ written (${rewritten} declaration files had their imports pointed at .js).`);

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
