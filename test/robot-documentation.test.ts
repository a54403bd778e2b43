/**
 * Documentation cells as Robot 6.1 and later keep them (issue 15, item 5):
 * the spacing between cells as written, rows joined with newlines (not
 * after a row ending in `\n` or `\`), `\n` escapes as newlines, empty `...`
 * rows as empty lines; the suite's documentation and metadata resolved as
 * the tests' are; output.xml still valid against Robot's schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { outputXmlPath } from '../framework/runners/robot/robot-runner.ts';
import { runCli, writeProject } from './helpers/run-inline.ts';
import { validatesAgainst } from './helpers/specs.ts';

const unxml = (text: string) => text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

test('documentation keeps the spacing of its cells and rows as Robot does, in output.xml', async (t) => {
  const dir = writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot' }] };`,
    'rf/docs.robot': [
      '*** Settings ***',
      'Documentation    Suite doc    in columns',
      '...              second row\\nwith an escape',
      'Metadata    Version    1.0    beta',
      '',
      '*** Test Cases ***',
      'Rows and columns',
      '    [Documentation]    First line',
      '    ...                is shortdoc.',
      '    ...',
      '    ...                Kept    four spaces.',
      '    ...                Ends with a newline\\n',
      '    ...                or a backslash \\',
      '    ...                joins the next row.',
      '    ...                    Indented further.',
      '    No Operation',
      'One row',
      '    [Documentation]    Three    cells  here',
      '    No Operation',
      '',
    ].join('\n'),
  });
  const result = await runCli(dir, ['run']);
  assert.equal(result.exitCode, 0, result.output);
  const file = outputXmlPath(result.runDir, 'rf');
  const xml = unxml(readFileSync(file, 'utf8'));
  assert.ok(xml.includes('<doc>First line\nis shortdoc.\n\nKept    four spaces.\nEnds with a newline\nor a backslash joins the next row.\n    Indented further.</doc>'), xml);
  assert.ok(xml.includes('<doc>Three    cells  here</doc>'), xml);
  assert.ok(xml.includes('<doc>Suite doc    in columns\nsecond row\nwith an escape</doc>'), xml);
  assert.ok(xml.includes('<meta name="Version">1.0    beta</meta>'), xml);
  await validatesAgainst(t, 'robot-result.xsd', file);
});
