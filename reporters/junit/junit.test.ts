import assert from 'node:assert/strict';
import { buildRunState } from 'tollgate/reporter';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { validatesAgainst } from '../../test/helpers/specs.ts';
import { XMLParser } from 'fast-xml-parser';
import type { RunEvent } from 'tollgate/reporter';
import { replayInto, sampleRunEvents, TESTS } from '../testing/sample-run.ts';
import junitReporter, { buildJunitXml, escapeAttr, sanitizeXmlText } from './index.ts';


let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-junit-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the XML and validates it against the JUnit XSD, as a subtest that is skipped, naming why, where the XSD is absent. */
async function assertValid(t: TestContext, xml: string, name: string): Promise<void> {
  const file = join(dir, `${name}.xml`);
  await writeFile(file, xml);
  await validatesAgainst(t, 'junit-10.xsd', file);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'property', 'rerunFailure', 'flakyFailure', 'failure', 'error'].includes(name),
});

type Case = Record<string, any>;
function parse(xml: string) {
  const doc = parser.parse(xml);
  const suites: Case[] = doc.testsuites.testsuite ?? [];
  const cases = (suite: string): Case[] => suites.find((s) => s.name === suite)?.testcase ?? [];
  return { root: doc.testsuites, suites, cases };
}

const sampleXml = () => buildJunitXml(buildRunState(sampleRunEvents()), { runDir: '/runs/r1' });

describe('junit reporter', () => {
  test('the sample run validates against junit-10.xsd', async (t) => {
    await assertValid(t, sampleXml(), 'sample');
  });

  test('one testsuite per tollgate suite with the right counts', () => {
    const { root, suites } = parse(sampleXml());
    assert.deepEqual(suites.map((s) => s.name), ['smoke', 'unit']);
    const smoke = suites[0];
    // 5 tests + the file that failed to load
    assert.deepEqual([smoke.tests, smoke.failures, smoke.errors, smoke.skipped], ['6', '2', '1', '1']);
    const unit = suites[1];
    // 2 tests + the suite's own failure
    assert.deepEqual([unit.tests, unit.failures, unit.errors, unit.skipped], ['3', '0', '1', '0']);
    assert.deepEqual([root.tests, root.failures, root.errors, root.time], ['9', '2', '2', '5.000']);
    assert.equal(smoke.timestamp, '2026-11-27T10:00:00.000Z');
    const props = Object.fromEntries(smoke.properties.property.map((p: Case) => [p.name, p.value]));
    assert.equal(props.gate, 'merge');
    assert.equal(props.verdict, 'FAIL');
  });

  test('testcase names, classnames and times', () => {
    const [listed, created] = parse(sampleXml()).cases('smoke');
    assert.deepEqual([listed.name, listed.classname, listed.time], ['lists sites', 'suites/smoke/sites.spec.ts › sites', '0.012']);
    assert.equal(created.name, 'creates a site <&> "quoted"', 'escaped and read back intact');
    assert.equal(created.time, '0.029', 'all attempts');
  });

  test('failed: <failure> with the error text, earlier attempts as <rerunFailure>, output of the last attempt', () => {
    const created = parse(sampleXml()).cases('smoke')[1];
    assert.equal(created.failure.length, 1);
    const failure = created.failure[0];
    assert.match(failure.message, /^expect\(received\)\.toBe\(expected\)/);
    assert.match(failure.message, /\nExpected: 201\nReceived: 500$/, 'line breaks in the message attribute survive');
    assert.match(failure['#text'], /at suites\/smoke\/sites\.spec\.ts:14:27/);
    assert.match(failure['#text'], /> 14 \| {5}expect\(res\.status\)\.toBe\(201\);/);
    assert.equal(created.rerunFailure.length, 1);
    assert.equal(created.rerunFailure[0].message, 'first attempt: status 503');
    assert.equal(created.rerunFailure[0]['system-out'], 'first try\n');
    assert.equal(created['system-out'], '[[ATTACHMENT|/runs/r1/artifacts/ab12.json]]\n');
    assert.equal(created['system-err'], 'warn: slow response\\u0000\n', 'colour codes dropped, NUL made visible');
  });

  test('flaky: a passing testcase with a <flakyFailure> per failed attempt', () => {
    const flaky = parse(sampleXml()).cases('smoke').find((c) => c.name === TESTS.flaky.title)!;
    assert.equal(flaky.failure, undefined);
    assert.equal(flaky.flakyFailure.length, 1);
    assert.equal(flaky.flakyFailure[0].message, 'socket hang up');
    assert.match(flaky.flakyFailure[0].stackTrace, /connResetException/);
  });

  test('skipped and timed out', () => {
    const cases = parse(sampleXml()).cases('smoke');
    const skipped = cases.find((c) => c.name === TESTS.skipped.title)!;
    assert.equal(skipped.skipped.message, 'needs the archive');
    const timedOut = cases.find((c) => c.name === TESTS.timedOut.title)!;
    assert.equal(timedOut.failure[0].type, 'timeout');
    assert.match(timedOut.failure[0].message, /timed out/i);
    assert.equal(timedOut['system-out'], 'waiting for delete\n');
  });

  test('a timeout whose runner gave another message still says it timed out', () => {
    const events = sampleRunEvents().map((e): RunEvent =>
      e.type === 'test.end' && e.testId === TESTS.timedOut.id ? { ...e, errors: [{ message: 'worker killed' }] } : e,
    );
    const timedOut = parse(buildJunitXml(buildRunState(events), { runDir: '/r' })).cases('smoke').find((c) => c.name === TESTS.timedOut.title)!;
    assert.equal(timedOut.failure[0].message, 'Timed out: worker killed');
  });

  test('errors outside tests become testcases with <error>', () => {
    const { cases } = parse(sampleXml());
    const load = cases('smoke').find((c) => c.name.startsWith('load error'))!;
    assert.equal(load.error[0].type, 'load');
    assert.match(load.error[0].message, /SyntaxError/);
    const suite = cases('unit').find((c) => c.name === 'suite unit failed')!;
    assert.match(suite.error[0].message, /tap exited with code 1/);
  });

  test('an interrupted run: the running test is an error, those never started are skipped, and it validates', async (t) => {
    const events = sampleRunEvents().filter((e) => {
      if (e.type === 'test.end' && e.testId === TESTS.unitPassed.id) return false; // still running when the run stopped
      if ((e.type === 'test.begin' || e.type === 'test.end' || e.type === 'log') && e.testId === TESTS.passed.id) return false; // never started
      return e.type !== 'run.end';
    });
    events.push({ type: 'run.end', time: '2026-11-27T10:00:05.000Z', status: 'interrupted', duration: 5000 });
    const xml = buildJunitXml(buildRunState(events), { runDir: '/r' });
    await assertValid(t, xml, 'interrupted');
    const { cases, suites } = parse(xml);
    assert.equal(cases('unit').find((c) => c.name === TESTS.unitPassed.title)?.error[0].type, 'interrupted');
    assert.match(cases('smoke').find((c) => c.name === TESTS.passed.title)?.skipped.message, /Did not run/);
    assert.deepEqual(suites.map((s) => [s.name, s.errors, s.skipped]), [['smoke', '1', '2'], ['unit', '2', '0']]);
  });

  test('hostile text: control characters, lone surrogates and markup still validate', async (t) => {
    const nasty = 'a\u0001b\u0008c\u000bd\u001be\u0000f\ud800g ]]> <x/> & "q" \u{1F600}';
    const events = sampleRunEvents().map((e): RunEvent => {
      if (e.type === 'run.begin') return { ...e, tests: e.tests.map((t) => (t.id === TESTS.passed.id ? { ...t, title: nasty } : t)) };
      if (e.type === 'log') return { ...e, text: nasty };
      if (e.type === 'test.end' && e.testId === TESTS.failed.id) return { ...e, errors: [{ message: nasty, stack: nasty }] };
      return e;
    });
    const xml = buildJunitXml(buildRunState(events), { runDir: '/r' });
    await assertValid(t, xml, 'hostile');
    assert.equal(parse(xml).cases('smoke')[0].name, 'a\\u0001b\\u0008c\\u000Bd\\u001Be\\u0000f\\uD800g ]]> <x/> & "q" \u{1F600}');
  });

  test('escaping helpers', () => {
    assert.equal(sanitizeXmlText('\u001b[31mred\u001b[39m\ttab\r\n'), 'red\ttab\r\n');
    assert.equal(escapeAttr('a<b>&"c"\nd'), 'a&lt;b&gt;&amp;&quot;c&quot;&#10;d');
  });

  test('an empty run still validates', async (t) => {
    const xml = buildJunitXml(buildRunState([]), { runDir: '/r' });
    await assertValid(t, xml, 'empty');
    assert.equal(parse(xml).root.tests, '0');
  });

  test('the reporter writes junit.xml in the run directory, or the path after "="', async (t) => {
    await replayInto(junitReporter, sampleRunEvents(), { runDir: dir });
    await assertValid(t, await readFile(join(dir, 'junit.xml'), 'utf8'), 'written-default');
    const path = join(dir, 'sub', 'out.xml');
    await replayInto(junitReporter, sampleRunEvents(), { runDir: dir, option: path });
    assert.equal(await readFile(path, 'utf8'), await readFile(join(dir, 'junit.xml'), 'utf8'));
  });
});
