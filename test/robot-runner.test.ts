/**
 * Runner 'robot' end to end through the CLI (issue 8): a .robot file with a
 * syntax error is named with its file and line while the other files and
 * suites still run; output.xml is written to the run directory and by the
 * robot-xml reporter, and validates against Robot's schema; keywords become
 * nested steps; failed tests are rerun for retries.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO, outcomes, runInline } from './helpers/run-inline.ts';
import { validatesAgainst } from './helpers/specs.ts';


test('a syntax error names file and line; the other files and suites still run; output.xml validates', async (t) => {
  const result = await runInline(
    {
      'robot/good.robot': '*** Test Cases ***\nAdds up\n    Should Be Equal As Integers    ${{1 + 1}}    2\nFails\n    Should Be Equal    a    b\n',
      'robot/broken.robot': '*** Test Cases ***\nFine\n    No Operation\n\n*** Tset Cases ***\nNever\n    No Operation\n',
      'other/other.robot': '*** Settings ***\nLibrary    ./lib.ts\n\n*** Test Cases ***\nUses a TypeScript library\n    ${v}=    Double    21\n    Should Be Equal    ${v}    ${42}\n',
      'other/lib.ts': 'export function double(n: string): number { return Number(n) * 2; }\n',
      'tollgate.config.ts': `export default { suites: [
        { name: 'robots', kind: 'integration', runner: 'robot', files: 'robot/*.robot' },
        { name: 'others', kind: 'integration', runner: 'robot', files: 'other/*.robot' },
      ] };`,
    },
    ['run', '--reporter', 'console', '--reporter', 'robot-xml=out/output.xml'],
  );
  assert.equal(result.exitCode, 1, result.output);
  assert.match(result.output, /robot\/broken\.robot:5: Unrecognized section header '\*\*\* Tset Cases \*\*\*'/);
  const done = outcomes(result.events());
  assert.equal(done['Adds up']?.outcome, 'passed', result.output);
  assert.equal(done.Fails?.outcome, 'failed');
  assert.equal(done.Fails?.message, 'a != b');
  assert.equal(done['Uses a TypeScript library']?.outcome, 'passed', result.output);
  assert.equal(done.Fine, undefined, 'a file that does not parse runs none of its tests');
  const errors = result.events().filter((e) => e.type === 'error');
  assert.ok(errors.some((e) => e.type === 'error' && e.file === 'robot/broken.robot' && e.error.location?.line === 5), JSON.stringify(errors));

  const own = join(result.runDir, 'robot', 'robots', 'output.xml');
  assert.ok(existsSync(own), 'the runner writes output.xml into the run directory');
  await validatesAgainst(t, 'robot-result.xsd', own);
  const merged = join(result.dir, 'out', 'output.xml');
  await validatesAgainst(t, 'robot-result.xsd', merged);
  const xml = readFileSync(merged, 'utf8');
  assert.match(xml, /<kw name="Should Be Equal" owner="BuiltIn">\n<arg>a<\/arg>\n<arg>b<\/arg>/);
  assert.match(xml, /<status status="FAIL" [^>]*>a != b<\/status>/);
  assert.match(xml, /Error in file '[^']*broken\.robot' on line 5/);
  assert.match(xml, /schemaversion="5"/);
});

test('keywords become nested steps, and failed tests are rerun for retries', async () => {
  const result = await runInline(
    {
      'r/flaky.robot': [
        '*** Test Cases ***',
        'Passes the second time',
        '    ${count}=    Get Counter',
        '    Should Be True    ${count} > 1',
        'Always passes',
        '    My Keyword',
        '*** Keywords ***',
        'My Keyword',
        '    Log    inside',
        '*** Settings ***',
        'Library    ./counter.ts',
      ].join('\n'),
      // A GLOBAL library lives for the whole run, so it counts across the rerun.
      'r/counter.ts': 'export default class Counter { static ROBOT_LIBRARY_SCOPE = "GLOBAL"; n = 0; getCounter() { return ++this.n; } }\n',
      'tollgate.config.ts': `export default { suites: [{ name: 'r', kind: 'integration', runner: 'robot', files: 'r/*.robot', retries: 1 }] };`,
    },
    ['run'],
  );
  const done = outcomes(result.events());
  assert.equal(done['Passes the second time']?.outcome, 'flaky', result.output);
  assert.equal(done['Always passes']?.outcome, 'passed');
  const steps = result.events().filter((e) => e.type === 'step.begin' && e.testId.endsWith('Always passes'));
  const titles = steps.map((s) => (s.type === 'step.begin' ? [s.title, s.parentStepId !== undefined] : []));
  assert.deepEqual(titles, [['My Keyword', false], ['Log    inside', true]]);
});

test('the Portal library drives the system Chromium against the environment\'s portal', async () => {
  const page = '<!doctype html><title>Slices portal</title><h1>Slices</h1><input id="name"><p id="out"></p>\n' +
    '<button onclick="document.getElementById(\'out\').textContent = \'saved\'">Save</button>\n';
  const result = await runInline(
    {
      'environments/page.html': page,
      'environments/local.ts': `
        import { createServer } from 'node:http';
        import { readFileSync } from 'node:fs';
        const page = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
        export default {
          async setup() {
            const server = createServer((req, res) => { res.setHeader('content-type', 'text/html'); res.end(page); });
            await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
            const { port } = server.address();
            return { endpoints: { portal: 'http://127.0.0.1:' + port + '/' }, state: server };
          },
          async teardown(ctx) { ctx.state?.close(); },
        };`,
      'ui/portal.robot': [
        '*** Settings ***',
        'Library    Portal',
        '*** Test Cases ***',
        'Save shows a message',
        '    New Page    index.html',
        '    Get Title    ==    Slices portal',
        '    Get Text    h1    contains    Slice',
        '    Fill Text    id=name    robot',
        '    Click    text=Save',
        '    Get Text    id=out    ==    saved',
        '    Get Element Count    css=button    ==    1',
        'A failing assertion says what it saw',
        '    New Page    index.html',
        '    Get Text    h1    ==    Sites',
      ].join('\n'),
      'tollgate.config.ts': `export default { suites: [{ name: 'ui', kind: 'integration', runner: 'robot', files: 'ui/*.robot' }] };`,
    },
    ['run'],
  );
  const done = outcomes(result.events());
  assert.equal(done['Save shows a message']?.outcome, 'passed', result.output);
  assert.equal(done['A failing assertion says what it saw']?.message, "Text 'Slices' (str) should be 'Sites' (str)", result.output);
});
