import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { REPO, runCli } from './helpers/run-inline.ts';
import { validatesAgainst } from './helpers/specs.ts';

test('the merge gate passes on the healthy reference POD and writes JUnit that the XSD accepts', async (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-merge-'));
  const junit = path.join(out, 'results.xml');
  const result = await runCli(REPO, ['run', '--gate', 'merge', '--output', path.join(out, 'run'), '--reporter', 'console', '--reporter', `junit=${junit}`], {
    env: { TOLLGATE_POD_FAULTS: '' },
  });
  assert.equal(result.exitCode, 0, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'PASS');
  assert.ok(verdict.counts.passed >= 20, `${verdict.counts.passed} tests passed`);
  const suites = new Set(result.events().flatMap((e) => (e.type === 'test.end' ? [e.testId.split(' › ')[0]] : [])));
  assert.deepEqual([...suites].sort(), ['pod-unit', 'smoke'], 'unit (tap) and smoke (native) suites both ran');
  await validatesAgainst(t, 'junit-10.xsd', junit);
});

test('with the schema fault the merge gate blocks, naming the failing test and the violation', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-merge-'));
  // Only the spec the fault breaks: the other smoke specs (one starts a browser) prove nothing here.
  const result = await runCli(REPO, ['run', '--gate', 'merge', '--suite', 'smoke', 'suites/smoke/slices.spec.ts', '--output', path.join(out, 'run')], {
    env: { TOLLGATE_POD_FAULTS: 'schema' },
  });
  assert.equal(result.exitCode, 1, result.output);
  assert.equal(result.verdict().status, 'FAIL');
  assert.match(result.output, /✘ smoke › suites\/smoke\/slices\.spec\.ts/);
  assert.match(result.output, /does not match schema "slice": \/sst must be integer/);
});
