// `npm test`: the project's own tests (unit tests beside the code and the
// black-box tests in test/), with node's test runner through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDependencies, ROOT, run } from './ensure-deps.mjs';

ensureDependencies('test');
const FOLDERS = ['framework', 'drivers', 'reporters', 'environments', 'test', 'scripts'];
const filter = process.argv.slice(2);

function* testFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'fixtures' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(full);
    else if (entry.name.endsWith('.test.ts')) yield path.relative(ROOT, full);
  }
}

const files = FOLDERS.filter((f) => fs.existsSync(path.join(ROOT, f)))
  .flatMap((f) => [...testFiles(path.join(ROOT, f))])
  .filter((f) => !filter.length || filter.some((word) => f.includes(word)))
  .sort();
if (!files.length) {
  console.error(`tollgate: no test files match ${filter.join(' ')}`);
  process.exit(2);
}
// The spec reporter for people; a TAP copy for the closing count that CI logs read.
const tapFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-npm-test-')), 'results.tap');
// The tests, and every tollgate process they start, import 'tollgate' as its
// sources (package.json "exports", the tollgate-source condition), not the
// package's dist/. Through NODE_OPTIONS, because a CommonJS require() in the
// tollgate process (a project without "type": "module") sees only the flag.
const env = { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--conditions=tollgate-source'].filter(Boolean).join(' ') };
const status = run(process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=2',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  ...files,
], { env });
const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
console.log(`\n${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(status);
