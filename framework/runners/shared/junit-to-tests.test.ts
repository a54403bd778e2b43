import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { junitToTests } from './junit-to-tests.ts';

const read = (xml: string) => junitToTests(xml, { rootDir: '/repo', reportFile: 'out/junit.xml' });

describe('junitToTests', () => {
  it('reads a bare <testsuite> with passed, failed, errored and skipped testcases', () => {
    const { tests, problems } = read(`<?xml version="1.0"?>
      <testsuite name="api">
        <testcase name="ok" classname="api" time="0.5"/>
        <testcase name="fails" classname="api.Sites"><failure message="want 1 got 2" type="AssertionError">at sites.js:3</failure></testcase>
        <testcase name="throws"><error type="TypeError">x is not a function</error></testcase>
        <testcase name="later"><skipped message="flag off"/></testcase>
      </testsuite>`);
    assert.deepEqual(problems, []);
    assert.deepEqual(tests.map((t) => [t.titlePath, t.attempts.map((a) => a.status)]), [
      [['api', 'ok'], ['passed']],
      [['api', 'api.Sites', 'fails'], ['failed']],
      [['api', 'throws'], ['failed']],
      [['api', 'later'], ['skipped']],
    ]);
    assert.equal(tests[0].attempts[0].duration, 500);
    assert.equal(tests[0].file, 'out/junit.xml', 'a testcase without a file is filed under its report');
    assert.deepEqual(tests[1].attempts[0].errors, [{ message: 'want 1 got 2', stack: 'at sites.js:3' }]);
    assert.deepEqual(tests[2].attempts[0].errors, [{ message: 'TypeError: x is not a function' }]);
    assert.deepEqual(tests[3].annotations, [{ type: 'skip', description: 'flag off' }]);
    assert.equal(tests[3].expectedStatus, 'skipped');
  });

  it('turns flakyFailure into earlier failed attempts and rerunFailure into later ones', () => {
    const { tests } = read(`<testsuites name="all"><testsuite name="s">
        <testcase name="flaky"><flakyFailure message="try 1"/><flakyError message="try 2" type="Boom"/><system-out>final</system-out></testcase>
        <testcase name="broken"><failure message="first"/><rerunFailure message="second"><system-err>again</system-err></rerunFailure></testcase>
      </testsuite></testsuites>`);
    assert.deepEqual(tests[0].attempts.map((a) => [a.status, a.errors.map((e) => e.message)]), [['failed', ['try 1']], ['failed', ['try 2']], ['passed', []]]);
    assert.deepEqual(tests[0].attempts[2].logs, [{ stream: 'stdout', text: 'final' }]);
    assert.deepEqual(tests[1].attempts.map((a) => [a.status, a.errors.map((e) => e.message)]), [['failed', ['first']], ['failed', ['second']]]);
    assert.deepEqual(tests[1].attempts[1].logs, [{ stream: 'stderr', text: 'again' }]);
  });

  it('nests testsuite names, keeps suite output apart and takes file and line from the testcase or its suite', () => {
    const { tests, logs } = read(`<testsuites><testsuite name="outer" file="/repo/test/a.py">
        <system-out>suite says hi</system-out>
        <testsuite name="inner"><testcase name="t" line="7" time="1,500.25"/></testsuite>
        <testcase name="u" file="test/b.py"/>
      </testsuite></testsuites>`);
    assert.deepEqual(tests.map((t) => [t.titlePath, t.file, t.location]), [
      [['outer', 'inner', 't'], 'test/a.py', { file: 'test/a.py', line: 7, column: 0 }],
      [['outer', 'u'], 'test/b.py', { file: 'test/b.py', line: 0, column: 0 }],
    ]);
    assert.equal(tests[0].attempts[0].duration, 1_500_250);
    assert.deepEqual(logs, [{ stream: 'stdout', text: 'suite says hi' }]);
  });

  it('decodes entities and CDATA', () => {
    const { tests } = read('<testsuite name="s"><testcase name="a &amp; b"><failure message="&lt;div&gt;"><![CDATA[if (a < b) {}]]></failure></testcase></testsuite>');
    assert.deepEqual(tests[0].titlePath, ['s', 'a & b']);
    assert.deepEqual(tests[0].attempts[0].errors, [{ message: '<div>', stack: 'if (a < b) {}' }]);
  });

  it('says where XML is broken, and what a non-JUnit document is', () => {
    const broken = read('<testsuite name="s">\n<testcase name="a">\n</testsuite>');
    assert.equal(broken.tests.length, 0);
    assert.match(broken.problems[0], /^out\/junit\.xml:3:\d+ is not well-formed XML: /);
    const other = read('<html><body/></html>');
    assert.deepEqual(other.problems, ['out/junit.xml is not a JUnit report: its root element is not <testsuites> or <testsuite>']);
  });
});
