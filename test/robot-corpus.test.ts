/**
 * The robot adapter tested the way Robot Framework tests itself (issue 8):
 * every test in the corpus declares in its [Documentation] how it must end
 * (`FAIL <message>`, `SKIP <message>`, `PASS <message>`, or nothing for a
 * plain pass), and the run must match it exactly. Every run's output.xml must
 * validate against Robot's own schema.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';
import { toOutputXml } from '../framework/runners/robot/output-xml.ts';
import type { SuiteResult, TestResult } from '../framework/runners/robot/result.ts';
import { REPO } from './helpers/run-inline.ts';
import { validatesAgainst } from './helpers/specs.ts';

const CORPUS = join(REPO, 'framework', 'runners', 'robot', 'corpus');

function allTests(suite: SuiteResult): TestResult[] {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}

/** Robot's acceptance-test convention: the documentation's first word says the expected status. */
function expected(test: TestResult): { status: string; message: string } {
  const m = /^(FAIL|SKIP|PASS) ([\s\S]*)$/.exec(test.doc);
  return m ? { status: m[1], message: m[2] } : { status: 'PASS', message: '' };
}

function messageMatches(want: string, got: string): boolean {
  if (want.startsWith('REGEXP: ')) return new RegExp(`^${want.slice(8)}$`, 's').test(got);
  if (want.startsWith('STARTS: ')) return got.startsWith(want.slice(8));
  return want === got;
}

async function runCorpus(path: string): Promise<SuiteResult> {
  process.env.TOLLGATE_ROBOT_CORPUS_VAR = 'from the environment';
  const problems: string[] = [];
  const result = await new Engine({ onFileError: (message, file, line) => problems.push(`${file}:${line}: ${message}`) }).run(loadSuites([path]));
  assert.deepEqual(problems, [], 'the corpus files have no errors');
  return result;
}

function outputXmlFile(result: SuiteResult): string {
  const dir = mkdtempSync(join(tmpdir(), 'robot-corpus-'));
  const file = join(dir, 'output.xml');
  writeFileSync(file, toOutputXml(result));
  return file;
}

const files = readdirSync(CORPUS).filter((f) => f.endsWith('.robot') && f !== 'tags_and_selection.robot');

describe('robot corpus: statuses and messages as Robot Framework gives them', () => {
  for (const file of [...files, 'directory']) {
    it(file, async (t) => {
      const result = await runCorpus(join(CORPUS, file));
      const tests = allTests(result);
      assert.ok(tests.length > 0, `${file} has tests`);
      const wrong = tests
        .map((t) => ({ name: t.name, want: expected(t), got: { status: t.status, message: t.message } }))
        .filter((c) => c.want.status !== c.got.status || !messageMatches(c.want.message, c.got.message));
      assert.deepEqual(wrong, [], `tests in ${file} that did not end as their documentation says`);
      await validatesAgainst(t, 'robot-result.xsd', outputXmlFile(result));
    });
  }
});

describe('robot engine', () => {
  it('selects tests with AND / OR / NOT tag patterns, and never runs robot:exclude', async () => {
    const names = async (include: string[], exclude: string[] = []) => {
      const result = await new Engine({ include, exclude }).run(loadSuites([join(CORPUS, 'tags_and_selection.robot')]));
      return allTests(result).map((t) => t.name);
    };
    assert.deepEqual(await names([]), ['Smoke and fast', 'Smoke but slow', 'Regression only']);
    assert.deepEqual(await names(['smokeANDfast']), ['Smoke and fast']);
    assert.deepEqual(await names(['smoke AND slow OR regression']), ['Smoke but slow', 'Regression only']);
    assert.deepEqual(await names(['smokeNOTslow']), ['Smoke and fast']);
    assert.deepEqual(await names(['s*']), ['Smoke and fast', 'Smoke but slow']);
    assert.deepEqual(await names([], ['SLOW']), ['Smoke and fast', 'Regression only']);
    assert.deepEqual(await names(['NOT smoke']), ['Regression only']);
  });

  it('reads the pipe-separated format, continuation rows and tabs', async () => {
    const result = await runCorpus(join(CORPUS, 'pipes_and_continuation.robot'));
    assert.deepEqual(allTests(result).map((t) => [t.name, t.status]), [
      ['Pipes work', 'PASS'],
      ['Continuation rows join cells', 'PASS'],
      ['Tabs separate too', 'PASS'],
    ]);
    assert.equal(result.doc, 'The pipe-separated format, continuation rows and comments.');
  });

  it('in --dryrun checks keywords and arguments without running library keywords', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'robot-dry-'));
    const file = join(dir, 'dry.robot');
    writeFileSync(file, [
      '*** Test Cases ***',
      'Would fail when run',
      '    Fail    only when really run',
      '    My Keyword    x',
      'Wrong argument count',
      '    Should Be Equal    one',
      'Unknown keyword',
      '    Nope',
      '*** Keywords ***',
      'My Keyword',
      '    [Arguments]    ${a}',
      '    IF    False',
      '        Log    ${a}',
      '    ELSE',
      '        Sleep    10 hours',
      '    END',
      '',
    ].join('\n'));
    const started = Date.now();
    const result = await new Engine({ dryRun: true }).run(loadSuites([file]));
    assert.ok(Date.now() - started < 5000, 'Sleep did not run');
    assert.deepEqual(allTests(result).map((t) => [t.name, t.status, t.message]), [
      ['Would fail when run', 'PASS', ''],
      ['Wrong argument count', 'FAIL', "Keyword 'BuiltIn.Should Be Equal' expected 2 to 10 arguments, got 1."],
      ['Unknown keyword', 'FAIL', "No keyword with name 'Nope' found."],
    ]);
  });

  it('reruns only the tests named (rerun of failed tests)', async () => {
    const file = join(CORPUS, 'tags_and_selection.robot');
    const result = await new Engine({ onlyTests: new Set(['Tags And Selection.Smoke but slow']) }).run(loadSuites([file]));
    assert.deepEqual(allTests(result).map((t) => t.name), ['Smoke but slow']);
  });

  it('records the keyword tree with arguments, assignments, messages and NOT RUN keywords', async () => {
    const result = await runCorpus(join(CORPUS, 'builtin_verify.robot'));
    const fail = allTests(result).find((t) => t.name === 'Skip ends the test as skipped')!;
    assert.deepEqual(fail.body.map((k) => [k.name, k.owner, k.status]), [['Skip', 'BuiltIn', 'SKIP'], ['Fail', undefined, 'NOT RUN']]);
    const conv = allTests(result).find((t) => t.name === 'Catenate and conversions')!;
    assert.deepEqual(conv.body[0].assign, ['${c}']);
    assert.deepEqual(conv.body[0].args, ['a', 'b', 'c']);
    assert.ok(conv.body[0].messages.some((m) => m.text === 'a b c' && m.level === 'INFO'));
  });
});
