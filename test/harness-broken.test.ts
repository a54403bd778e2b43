/**
 * Issue 13.8-9: the harness failing is not the system failing. A driver
 * that cannot start is retried once and then broken (ERROR, exit 3), an
 * environment that cannot be set up is red in every report, and a test
 * skipped for a missing capability is judged by the gate's policy.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO, runCli, runInline, writeProject, type InlineResult } from './helpers/run-inline.ts';

const XSD = '/work/shared/specs/junit-10.xsd';
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
async function run(files: Record<string, string>, args: string[]): Promise<InlineResult> {
  const result = await runInline(files, args);
  dirs.push(result.dir);
  return result;
}

/** Every *-result.json Allure got, parsed. */
function allureResults(dir: string): { name: string; status: string; statusDetails?: { message?: string } }[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

describe('a driver that cannot start', () => {
  // The driver counts its setups in a file: the worker process is not the test's.
  const driver = (code: string) => `
import fs from 'node:fs';
import { defineDriver, DriverStartError, test as base } from 'tollgate';
const COUNT = new URL('./setups.txt', import.meta.url);
export const test = base.extend(defineDriver({
  name: 'browser',
  setup: async ({}, use) => {
    fs.appendFileSync(COUNT, 'x');
    const setups = fs.readFileSync(COUNT, 'utf8').length;
    ${code}
    await use({ setups });
  },
}));
`;
  const spec = `import { test } from './driver.ts';\ntest('opens the portal', async ({ browser }) => {});\n`;

  test('is set up once more, then ends the run as ERROR (exit 3), never as the test FAIL, and Allure and JUnit call it broken', async () => {
    const result = await run(
      { 'driver.ts': driver(`throw new DriverStartError('browser', 'newPage() did not finish within 3750 ms');`), 'a.spec.ts': spec },
      ['run', 'a.spec.ts', '--reporter', 'junit', '--reporter', 'allure'],
    );
    assert.equal(fs.readFileSync(path.join(result.dir, 'setups.txt'), 'utf8'), 'xx', 'set up twice: once, then once more');
    const verdict = result.verdict();
    assert.equal(verdict.status, 'ERROR', result.output);
    assert.equal(result.exitCode, 3);
    const harness = verdict.rules.find((r) => r.rule === 'harness');
    assert.equal(harness?.outcome, 'error');
    assert.match(harness.message, /driver "browser" could not start: newPage\(\) did not finish within 3750 ms/);
    assert.equal(verdict.rules.find((r) => r.rule === 'no-failures')?.outcome, 'pass', 'the test is not blamed');
    const junit = fs.readFileSync(path.join(result.runDir, 'junit.xml'), 'utf8');
    assert.match(junit, /<error message="DriverStartError: driver &quot;browser&quot; could not start[^"]*" type="harness"/);
    assert.doesNotMatch(junit, /<failure /);
    if (fs.existsSync(XSD)) execFileSync('xmllint', ['--noout', '--schema', XSD, path.join(result.runDir, 'junit.xml')], { stdio: 'pipe' });
    const [allure] = allureResults(path.join(result.runDir, 'allure-results'));
    assert.equal(allure?.status, 'broken');
  });

  test('that hangs past its own bound twice is broken, not timed out: the failed start does not count against the test', async () => {
    const result = await run(
      {
        'driver.ts': driver(`await withStartTimeout('browser', 'newPage()', new Promise(() => {}), 1_500);`).replace('DriverStartError, test as base', 'withStartTimeout, test as base'),
        // 1.5 s + 1.5 s of starts would pass the 2.5 s timeout if the first start counted against it.
        'tollgate.config.ts': `import { defineConfig } from 'tollgate';\nexport default defineConfig({ timeout: 2_500, suites: [{ name: 'portal', kind: 'smoke', files: '*.spec.ts' }] });\n`,
        'a.spec.ts': spec,
      },
      ['run', 'a.spec.ts'],
    );
    assert.equal(fs.readFileSync(path.join(result.dir, 'setups.txt'), 'utf8'), 'xx');
    assert.equal(result.exitCode, 3, result.output);
    assert.match(result.verdict().rules.find((r) => r.rule === 'harness')?.message ?? '', /newPage\(\) did not finish within 1500 ms/);
  });

  test('that starts on the second try lets the test pass', async () => {
    const result = await run(
      { 'driver.ts': driver(`if (setups === 1) throw new DriverStartError('browser', 'Chromium did not start');`), 'a.spec.ts': spec },
      ['run', 'a.spec.ts'],
    );
    assert.equal(result.exitCode, 0, result.output);
    assert.equal(result.verdict().status, 'PASS');
    assert.equal(fs.readFileSync(path.join(result.dir, 'setups.txt'), 'utf8'), 'xx');
  });

  test('an ordinary error in a fixture is still the test failing, set up once', async () => {
    const result = await run({ 'driver.ts': driver(`throw new Error('wrong credentials');`), 'a.spec.ts': spec }, ['run', 'a.spec.ts']);
    assert.equal(result.exitCode, 1, result.output);
    assert.equal(result.verdict().status, 'FAIL');
    assert.equal(fs.readFileSync(path.join(result.dir, 'setups.txt'), 'utf8'), 'x');
  });
});

test('a driver that could not measure (HarnessMeasurementError from a test body) is broken: ERROR naming the cause, run once, never FAIL', async () => {
  const result = await run(
    {
      'a.spec.ts': `import fs from 'node:fs';
import { test, HarnessMeasurementError } from 'tollgate';
test('a burst crosses the switch', () => {
  fs.appendFileSync(new URL('./runs.txt', import.meta.url), 'x');
  throw new HarnessMeasurementError('packet', "inconclusive: the machine's CPU, shared with the switch under test, was 97% busy during the burst; on host-b 187 of 200 frames arrived");
});
test('floods', () => {});
`,
    },
    ['run', 'a.spec.ts', '--reporter', 'junit', '--reporter', 'allure'],
  );
  const verdict = result.verdict();
  assert.equal(verdict.status, 'ERROR', result.output);
  assert.equal(result.exitCode, 3);
  assert.equal(fs.readFileSync(path.join(result.dir, 'runs.txt'), 'utf8'), 'x', 'not retried by itself: the test ran once');
  const harness = verdict.rules.find((r) => r.rule === 'harness');
  assert.match(harness?.message ?? '', /1 test\(s\) could not be judged because the harness broke or could not measure .*not the system: HarnessMeasurementError: driver "packet" could not measure: inconclusive: the machine's CPU, shared with the switch under test, was 97% busy/);
  assert.equal(verdict.rules.find((r) => r.rule === 'no-failures')?.outcome, 'pass', 'the switch is not blamed');
  const junit = fs.readFileSync(path.join(result.runDir, 'junit.xml'), 'utf8');
  assert.match(junit, /<error message="HarnessMeasurementError: driver &quot;packet&quot; could not measure: inconclusive[^"]*" type="harness"/);
  assert.doesNotMatch(junit, /<failure /);
  const burst = allureResults(path.join(result.runDir, 'allure-results')).find((r) => r.name === 'a burst crosses the switch');
  assert.equal(burst?.status, 'broken');
});

test('an environment that cannot be set up is an error of the run in JUnit, Allure and the HTML report', async () => {
  const result = await run(
    {
      'environments/local.ts': `export default { setup: () => { throw new Error('the POD did not answer on 127.0.0.1:1'); } };`,
      'a.spec.ts': `import { test } from 'tollgate'; test('needs the POD', () => {}); test('needs it too', () => {});`,
    },
    ['run', 'a.spec.ts', '--reporter', 'junit', '--reporter', 'allure', '--reporter', 'html'],
  );
  assert.equal(result.exitCode, 3, result.output);
  assert.equal(result.verdict().status, 'ERROR');

  const junit = fs.readFileSync(path.join(result.runDir, 'junit.xml'), 'utf8');
  const root = /<testsuites [^>]*>/.exec(junit)?.[0] ?? '';
  assert.match(root, /errors="[1-9]/, `the JUnit root counts the error: ${root}`);
  assert.match(junit, /<error message="[^"]*the POD did not answer on 127\.0\.0\.1:1" type="environment"/);
  assert.match(junit, /Did not run: the environment could not be set up/);
  if (fs.existsSync(XSD)) execFileSync('xmllint', ['--noout', '--schema', XSD, path.join(result.runDir, 'junit.xml')], { stdio: 'pipe' });

  const allure = allureResults(path.join(result.runDir, 'allure-results'));
  const environment = allure.find((r) => r.name === 'environment error');
  assert.equal(environment?.status, 'broken', JSON.stringify(allure.map((r) => [r.name, r.status])));
  assert.match(environment.statusDetails?.message ?? '', /the POD did not answer/);
  for (const planned of allure.filter((r) => r.name !== 'environment error')) {
    assert.equal(planned.status, 'broken');
    assert.match(planned.statusDetails?.message ?? '', /Did not run: the environment could not be set up: .*the POD did not answer/);
  }

  const html = fs.readFileSync(path.join(result.runDir, 'report.html'), 'utf8');
  assert.match(html, /<div class="run-error-banner"[^>]*><p>The environment could not be set up: [^<]*the POD did not answer/);
});

describe('a test skipped because the machine lacks a capability', () => {
  const files = (policy = '') => ({
    'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({
  suites: [{ name: 'switch', kind: 'integration', files: '*.spec.ts', tags: ['packet'] }],
  gates: { deploy: { kinds: ['integration'] ${policy} } },
});`,
    'a.spec.ts': `import { test, skipMissingCapability } from 'tollgate';
test('api answers', () => {});
test('floods on a bridge', (_, info) => { skipMissingCapability(info, 'packet tests need CAP_NET_ADMIN (running without it)'); });
`,
  });

  test('fails a deploy gate by default, naming the capability', async () => {
    const result = await run(files(), ['run', '--gate', 'deploy']);
    assert.equal(result.exitCode, 1, result.output);
    const verdict = result.verdict();
    assert.equal(verdict.status, 'FAIL');
    const rule = verdict.rules.find((r) => r.rule === 'capabilities');
    assert.equal(rule?.outcome, 'fail');
    assert.match(rule.message, /1 test\(s\) skipped because this machine lacks a capability: packet tests need CAP_NET_ADMIN/);
    const end = result.events().find((e) => e.type === 'test.end' && e.testId.endsWith('floods on a bridge'));
    assert.ok(end?.type === 'test.end');
    assert.deepEqual(end.annotations.find((a) => a.type === 'capability-missing'), { type: 'capability-missing', description: 'packet tests need CAP_NET_ADMIN (running without it)' });
  });

  test("warns when the gate's policy says so", async () => {
    const result = await run(files(", policy: { missingCapability: 'warn' }"), ['run', '--gate', 'deploy']);
    assert.equal(result.exitCode, 0, result.output);
    assert.equal(result.verdict().status, 'WARN');
  });

  test('warns on the merge gate by default', async () => {
    const project = files();
    project['tollgate.config.ts'] = project['tollgate.config.ts'].replace('deploy:', 'merge:');
    const result = await run(project, ['run', '--gate', 'merge']);
    assert.equal(result.exitCode, 0, result.output);
    assert.equal(result.verdict().status, 'WARN');
  });

  test('a bad policy value is a config error naming its path (exit 2)', async () => {
    const result = await run(files(", policy: { missingCapability: 'ignore' }"), ['run', '--gate', 'deploy']);
    assert.equal(result.exitCode, 2, result.output);
    assert.match(result.output, /gates\.deploy\.policy\.missingCapability/);
  });
});

test('tollgate k8s manifests grants a packet suite the capabilities it needs and gives the run directory a volume', async () => {
  const config = `import { defineConfig } from 'tollgate';
export default defineConfig({
  suites: [
    { name: 'api', kind: 'integration', files: 'api/*.spec.ts' },
    { name: 'switch', kind: 'integration', files: 'switch/*.spec.ts', tags: ['packet'] },
    { name: 'unit', kind: 'unit', files: 'unit/*.spec.ts' },
  ],
});`;
  const result = await run({ 'tollgate.config.ts': config }, ['k8s', 'manifests', '--gate', 'deploy', '--shards', '2', '--out', 'k8s', '--format', 'json']);
  assert.equal(result.exitCode, 0, result.output);
  const shards = JSON.parse(fs.readFileSync(path.join(result.dir, 'k8s', '02-shards-job.json'), 'utf8'));
  const pod = shards.spec.template.spec;
  assert.deepEqual(pod.containers[0].securityContext?.capabilities?.add, ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN']);
  const mount = pod.containers[0].volumeMounts.find((m: { name: string }) => m.name === 'tollgate-artifacts');
  assert.equal(mount?.mountPath, '/app/.tollgate/runs');
  assert.deepEqual(pod.volumes.find((v: { name: string }) => v.name === 'tollgate-artifacts')?.emptyDir, {});
  assert.match(result.stdout, /NET_ADMIN, NET_RAW, SYS_ADMIN for switch/);

  // The merge gate has no packet suite: its pods ask for nothing extra.
  const merge = await run({ 'tollgate.config.ts': config }, ['k8s', 'manifests', '--gate', 'merge', '--shards', '1', '--out', 'k8s', '--format', 'json']);
  assert.equal(merge.exitCode, 0, merge.output);
  const mergePod = JSON.parse(fs.readFileSync(path.join(merge.dir, 'k8s', '02-shards-job.json'), 'utf8')).spec.template.spec;
  assert.equal(mergePod.containers[0].securityContext, undefined);
});

test('the portal driver: a Chromium that does not start is tried twice, then the run is ERROR, not the test FAIL', async () => {
  const dir = writeProject({
    // An executable that exits at once, as a Chromium that cannot start on this machine does.
    'broken-chromium.sh': '#!/bin/sh\necho "chromium: cannot open display" >&2\nexit 1\n',
    'a.spec.ts': `import { test } from '${path.join(REPO, 'drivers/portal/index.ts')}';\ntest('opens a page', async ({ page }) => {});\n`,
  });
  dirs.push(dir);
  fs.chmodSync(path.join(dir, 'broken-chromium.sh'), 0o755);
  const result = await runCli(dir, ['run', 'a.spec.ts'], { env: { TOLLGATE_CHROMIUM: path.join(dir, 'broken-chromium.sh') } });
  assert.equal(result.exitCode, 3, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'ERROR');
  assert.match(verdict.rules.find((r) => r.rule === 'harness')?.message ?? '', /driver "browser" could not start: Chromium at .*broken-chromium\.sh did not start/);
  assert.equal(result.output.match(/setting it up once more/g)?.length, 1, 'one retry');
});
