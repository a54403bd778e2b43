import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig, formatPath } from './validate-config.ts';
import type { ConfigProblem } from './config-error.ts';

const unit = { name: 'unit', kind: 'unit', files: 'test/**/*.spec.ts' };
const smoke = { name: 'smoke', kind: 'smoke', files: 'suites/smoke/*.spec.ts' };

function only(config: unknown): ConfigProblem {
  const problems = validateConfig(config);
  assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
  return problems[0]!;
}

test('a config with three mistakes yields exactly three problems, each with its path, in document order', () => {
  const problems = validateConfig({
    suites: [{ name: 'unit', kind: 'smok', files: 'x' }, { name: 'api', kind: 'smoke', files: 'y', retires: 2 }],
    gates: { merge: { kinds: ['unit'], policy: { flaky: 'sometimes' } } },
  });
  assert.deepEqual(
    problems.map((p) => p.path),
    ['suites[0].kind', 'suites[1].retires', 'gates.merge.policy.flaky'],
  );
  for (const problem of problems) {
    assert.ok(problem.message.length > 0, `${problem.path} has a message`);
    assert.ok(problem.hint.length > 0, `${problem.path} has a hint`);
  }
});

test('messages are written for people', () => {
  const cases: Array<{ name: string; config: unknown; path: string; message: string | RegExp; hint?: string | RegExp }> = [
    {
      name: 'unknown key with a suggestion',
      config: { suites: [{ ...unit, retires: 1 }] },
      path: 'suites[0].retires',
      message: 'unknown key "retires" — did you mean "retries"?',
      hint: /known keys here: name, kind, runner, files, .*retries/,
    },
    {
      name: 'unknown key without a close match',
      config: { suites: [unit], banana: 1 },
      path: 'banana',
      message: 'unknown key "banana"',
      hint: /known keys here: suites, workers/,
    },
    {
      name: 'unknown top-level key close to a known one',
      config: { suites: [unit], worker: 2 },
      path: 'worker',
      message: 'unknown key "worker" — did you mean "workers"?',
    },
    {
      name: 'enum lists the allowed values and what was given',
      config: { suites: [{ ...unit, kind: 'smok' }] },
      path: 'suites[0].kind',
      message: 'must be one of unit, smoke, integration, performance, soak (got "smok")',
      hint: 'did you mean "smoke"?',
    },
    {
      name: 'enum without a close match uses the description as hint',
      config: { suites: [{ ...unit, runner: 'jest' }] },
      path: 'suites[0].runner',
      message: 'must be one of native, tap, command, playwright, robot, vectors (got "jest")',
      hint: /How the suite is run/,
    },
    {
      name: 'type error says expected and got',
      config: { suites: [unit], timeout: '30s' },
      path: 'timeout',
      message: 'expected an integer, got "30s"',
      hint: /milliseconds/,
    },
    {
      name: 'integer required',
      config: { suites: [unit], retries: 1.5 },
      path: 'retries',
      message: 'expected an integer, got 1.5',
    },
    {
      name: 'minimum',
      config: { suites: [{ ...unit, timeout: -1 }] },
      path: 'suites[0].timeout',
      message: 'must be at least 0 (got -1)',
    },
    {
      name: 'command runner without command',
      config: { suites: [{ name: 'legacy', kind: 'unit', runner: 'command' }] },
      path: 'suites[0].command',
      message: 'required key "command" is missing',
      hint: /runner 'command' needs `command`/,
    },
    {
      name: 'native suite without files',
      config: { suites: [{ name: 'u', kind: 'unit' }] },
      path: 'suites[0].files',
      message: 'required key "files" is missing',
      hint: /needs `files`/,
    },
    {
      name: 'junit command suite without report',
      config: { suites: [{ name: 'l', kind: 'unit', runner: 'command', command: 'make', format: 'junit' }] },
      path: 'suites[0].report',
      message: 'required key "report" is missing',
    },
    {
      name: 'missing suites',
      config: {},
      path: 'suites',
      message: 'required key "suites" is missing',
      hint: /The suites of the project/,
    },
    {
      name: 'empty suites',
      config: { suites: [] },
      path: 'suites',
      message: 'must have at least 1 item (got an empty list)',
    },
    {
      name: 'workers of the wrong type: one message for the anyOf',
      config: { suites: [unit], workers: true },
      path: 'workers',
      message: 'expected an integer of at least 1 or a string like "50%", got true',
    },
    {
      name: 'workers as a string picks the string branch',
      config: { suites: [unit], workers: 'half' },
      path: 'workers',
      message: 'must look like "50%" (got "half")',
    },
    {
      name: 'workers as a number picks the integer branch',
      config: { suites: [unit], workers: 0 },
      path: 'workers',
      message: 'must be at least 1 (got 0)',
    },
    {
      name: 'files: a list with a non-string item points at the item',
      config: { suites: [{ ...unit, files: ['a.spec.ts', 3] }] },
      path: 'suites[0].files[1]',
      message: 'expected a string, got 3',
    },
    {
      name: 'files of the wrong type',
      config: { suites: [{ ...unit, files: 3 }] },
      path: 'suites[0].files',
      message: 'expected a string or a list of strings, got 3',
    },
    {
      name: 'tag with a space',
      config: { suites: [{ ...unit, tags: ['a b'] }] },
      path: 'suites[0].tags[0]',
      message: 'must look like "api" or "@slow" (got "a b")',
    },
    {
      name: 'unknown suite in a gate',
      config: { suites: [unit, smoke], gates: { merge: { suites: ['unit', 'smok'] } } },
      path: 'gates.merge.suites[1]',
      message: 'unknown suite "smok" — did you mean "smoke"?',
      hint: 'suites in this config: unit, smoke',
    },
    {
      name: 'bad tag expression in a gate',
      config: { suites: [unit], gates: { nightly: { tags: 'api and' } } },
      path: 'gates.nightly.tags',
      message: 'tag expression "api and": expected a tag after "and" at column 8',
    },
    {
      name: 'duplicate suite names',
      config: { suites: [unit, { ...smoke, name: 'unit' }] },
      path: 'suites[1].name',
      message: 'duplicate suite name "unit" (suites[0] has it too)',
    },
    {
      name: 'repeated kinds in a gate',
      config: { suites: [unit], gates: { merge: { kinds: ['unit', 'unit'] } } },
      path: 'gates.merge.kinds',
      message: 'lists "unit" twice (items 0 and 1)',
    },
    {
      name: 'unknown key in a gate policy',
      config: { suites: [unit], gates: { merge: { policy: { minTest: 2 } } } },
      path: 'gates.merge.policy.minTest',
      message: 'unknown key "minTest" — did you mean "minTests"?',
    },
    {
      name: 'a gate name that is not a plain word is quoted in the path',
      config: { suites: [unit], gates: { 'pre merge': { kinds: ['smoky'] } } },
      path: 'gates["pre merge"].kinds[0]',
      message: /must be one of unit, smoke/,
    },
    {
      name: 'the whole config of the wrong type',
      config: [],
      path: '',
      message: 'expected an object, got an empty list',
      hint: /export default defineConfig/,
    },
    {
      name: 'a function where an object belongs',
      config: { suites: [unit], environments: () => ({}) },
      path: 'environments',
      message: 'expected an object, got a function',
    },
  ];
  for (const c of cases) {
    const problem = only(c.config);
    assert.equal(problem.path, c.path, c.name);
    if (typeof c.message === 'string') assert.equal(problem.message, c.message, c.name);
    else assert.match(problem.message, c.message, c.name);
    if (typeof c.hint === 'string') assert.equal(problem.hint, c.hint, c.name);
    else if (c.hint) assert.match(problem.hint, c.hint, c.name);
  }
});

test('all problems are reported at once, schema and code checks together', () => {
  const problems = validateConfig({
    suites: [unit, { name: 'unit', kind: 'soak', runner: 'command' }],
    workers: -2,
    gates: { merge: { suites: ['nope'], tags: '(api' } },
  });
  assert.deepEqual(
    problems.map((p) => p.path),
    ['suites[1].name', 'suites[1].command', 'workers', 'gates.merge.suites[0]', 'gates.merge.tags'],
  );
});

test('formatPath writes JavaScript-like paths', () => {
  assert.equal(formatPath(['suites', 1, 'kind']), 'suites[1].kind');
  assert.equal(formatPath(['gates', 'pre-merge', 'policy']), 'gates.pre-merge.policy');
  assert.equal(formatPath(['environments', 'my env']), 'environments["my env"]');
  assert.equal(formatPath([]), '');
});
