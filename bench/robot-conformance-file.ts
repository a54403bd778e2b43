/**
 * One file of Robot Framework's acceptance-test data through the adapter,
 * for bench/robot-conformance.ts: runs it in this process (so a crash or a
 * hang costs only this file) and prints one JSON line with every test's
 * status, message and documentation.
 *
 *   node --import tsx bench/robot-conformance-file.ts FILE
 */
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';
import type { SuiteResult } from '../framework/runners/robot/result.ts';

export interface ConformanceTest {
  name: string;
  status: string;
  message: string;
  doc: string;
}

function flatten(suite: SuiteResult, out: ConformanceTest[] = []): ConformanceTest[] {
  for (const test of suite.tests) out.push({ name: test.name, status: test.status, message: test.message, doc: test.doc });
  for (const child of suite.suites) flatten(child, out);
  return out;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: robot-conformance-file.ts FILE');
  process.exit(2);
}
const spec = loadSuites([file]);
if (spec.error) {
  process.stdout.write(`${JSON.stringify({ file, error: spec.error.message, tests: [] })}\n`);
} else {
  // Robot's atest runs the data with the output going elsewhere: keep the console quiet.
  const result = await new Engine({ console: () => undefined, rootDir: process.cwd() }).run(spec);
  process.stdout.write(`${JSON.stringify({ file, tests: flatten(result) })}\n`);
}
process.exit(0);
