// `node scripts/check-package.mjs`: tollgate as an outside project gets it
// (issue 14). Packs the package, installs the tarball into a new project
// outside the repository, and checks, as a user's machine would:
//   1. the consumer's tsc passes with zero errors, from an ES module and from
//      a CommonJS package, under a plain strict NodeNext tsconfig and under
//      `tsc --init`'s defaults;
//   2. every "exports" entry loads with import() and with require();
//   3. `tollgate init` against a small HTTP server, then `tollgate run`,
//      gives a PASS verdict from the installed package (compiled JavaScript;
//      tsx only loads the project's .ts files).
// Run by .ci/run. Installing builds better-sqlite3 from source: minutes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './ensure-deps.mjs';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-consumer-'));
const failures = [];
const started = Date.now();

function step(title) {
  console.log(`\n== ${title} (${Math.round((Date.now() - started) / 1000)} s)`);
}

function sh(command, args, cwd, { allowFail = false, env } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 && !allowFail) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${output.slice(-4000)}`);
  return { status: result.status, output, stdout: result.stdout ?? '' };
}

function check(title, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${title}${ok || !detail ? '' : `\n${detail}`}`);
  if (!ok) failures.push(title);
}

try {
  step('npm pack');
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], ROOT).stdout)[0];
  const tarball = path.join(work, packed.filename);
  const shipped = packed.files.map((f) => f.path);
  const tests = shipped.filter((p) => /\.test\.[cm]?[jt]s$|(^|\/)fixtures\//.test(p));
  check(`the tarball ships no tests (${shipped.length} files)`, tests.length === 0, tests.slice(0, 10).join('\n'));
  const sources = shipped.filter((p) => /(?<!\.d)\.ts$/.test(p));
  check('the tarball ships compiled JavaScript, not TypeScript sources', sources.length === 0, sources.slice(0, 10).join('\n'));

  step(`npm install ${packed.filename} in ${work}/project`);
  const project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  sh('npm', ['install', '--no-audit', '--no-fund', tarball, `typescript@${pkg.devDependencies.typescript}`], project);

  step('tsc in the consumer');
  const entries = Object.keys(pkg.exports).filter((key) => !key.endsWith('.json'));
  const specifiers = entries.map((key) => `tollgate${key.slice(1)}`);
  // What a user writes: ES module syntax, or in a CommonJS package `import x = require(...)`
  // (the form `tsc --init`'s verbatimModuleSyntax asks for there).
  const usesTypes = (type) => `${specifiers.map((s, i) => (type === 'module' ? `import * as m${i} from '${s}';` : `import m${i} = require('${s}');`)).join('\n')}
const { defineConfig, test, expect } = m0;
${type === 'module' ? 'export ' : ''}const modules = [${specifiers.map((_, i) => `m${i}`).join(', ')}];
${type === 'module' ? 'export ' : ''}const config = defineConfig({ suites: [{ name: 'api', kind: 'smoke', files: 'tests/**/*.spec.ts' }] });
test('types reach a test body', async () => {
  expect(config.suites.length + modules.length).toBeGreaterThan(1);
});
`;
  const strictNodeNext = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true }, files: ['uses-types.ts'] };
  const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const type of ['module', 'commonjs']) {
    for (const flavour of ['strict NodeNext', 'tsc --init']) {
      const dir = path.join(project, `types-${type}-${flavour.replace(/\W+/g, '-')}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type }));
      fs.writeFileSync(path.join(dir, 'uses-types.ts'), usesTypes(type));
      if (flavour === 'tsc --init') sh(process.execPath, [tsc, '--init'], dir);
      else fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(strictNodeNext, null, 2));
      const result = sh(process.execPath, [tsc, '-p', 'tsconfig.json', ...(flavour === 'tsc --init' ? ['--noEmit'] : [])], dir, { allowFail: true });
      check(`tsc: ${type === 'module' ? 'ES module' : 'CommonJS'} project, ${flavour}: zero errors`, result.status === 0, result.output.slice(0, 4000));
    }
  }

  step('every export loads');
  const loadAll = `const specs = ${JSON.stringify(specifiers)};
const failed = [];
for (const s of specs) { try { await import(s); } catch (e) { failed.push(s + ': ' + e.message.split('\\n')[0]); } }
for (const s of specs) { try { require(s); } catch (e) { failed.push('require ' + s + ': ' + e.message.split('\\n')[0]); } }
console.log(JSON.stringify(failed));`;
  fs.writeFileSync(path.join(project, 'load-all.mjs'), `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${loadAll}`);
  const loaded = sh(process.execPath, ['load-all.mjs'], project, { allowFail: true });
  const loadFailures = loaded.status === 0 ? JSON.parse(loaded.stdout.trim().split('\n').pop()) : [loaded.output];
  check(`all ${specifiers.length} exports load with import() and require()`, loadFailures.length === 0, loadFailures.join('\n'));

  step('tollgate init against a small HTTP server, then tollgate run');
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Shop</title><h1>Welcome</h1>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const tollgate = (args) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(project, 'node_modules', 'tollgate', pkg.bin.tollgate), ...args], { cwd: project, env: { ...process.env, NODE_OPTIONS: '' } });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', (status) => resolve({ status, output }));
    });
  try {
    const init = await tollgate(['init', '--url', url, '--health', '/healthz', '--yes']);
    check('`tollgate init` writes the project', init.status === 0 && /wrote tollgate\.config\.ts/.test(init.output), init.output);
    const run = await tollgate(['run', '--gate', 'merge']);
    check('`tollgate run --gate merge` right after init, from the installed package: exit 0, verdict PASS', run.status === 0 && /Verdict: PASS/.test(run.output), run.output.slice(-3000));
  } finally {
    server.close();
  }
} catch (error) {
  failures.push(error.message);
  console.error(error.message);
}

console.log(`\ncheck-package: ${failures.length ? `${failures.length} failed` : 'all passed'} in ${Math.round((Date.now() - started) / 1000)} s (${work})`);
if (!failures.length) fs.rmSync(work, { recursive: true, force: true });
process.exit(failures.length ? 1 : 0);
