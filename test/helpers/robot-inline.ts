import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../framework/runners/robot/engine.ts';
import { loadSuites } from '../../framework/runners/robot/load-suite.ts';
import type { SuiteResult } from '../../framework/runners/robot/result.ts';

let root: string | undefined;
let suites = 0;

/**
 * Runs `text` as a .robot suite file in-process (beside it, `resources` by
 * file name) and returns 'STATUS message' per test name, nested suites included.
 */
export async function runRobotText(text: string, resources: Record<string, string> = {}): Promise<Record<string, string>> {
  root ??= mkdtempSync(join(tmpdir(), 'robot-inline-'));
  const dir = join(root, String(++suites));
  mkdirSync(dir);
  for (const [name, content] of Object.entries(resources)) writeFileSync(join(dir, name), content);
  const file = join(dir, 'suite.robot');
  writeFileSync(file, text);
  const result = await new Engine({ console: () => undefined, rootDir: dir }).run(loadSuites([file]));
  const out: Record<string, string> = {};
  const visit = (suite: SuiteResult) => {
    for (const test of suite.tests) out[test.name] = `${test.status} ${test.message}`.trim();
    suite.suites.forEach(visit);
  };
  visit(result);
  return out;
}
