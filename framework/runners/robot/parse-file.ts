import type { FileError, FixtureCall, Import, KeywordDefinition, ParsedFile, Source, SuiteSettings, TestDefinition } from './ast.ts';
import { RobotSyntaxError } from './ast.ts';
import type { Row, Section } from './lexer.ts';
import { lex } from './lexer.ts';
import { dropCells, joinDocumentation } from './documentation.ts';
import { parseBody } from './parse-body.ts';
import { itemSettings, withErrors } from './item-settings.ts';

/**
 * Parses one .robot (or .resource) file. A file Robot would refuse (an
 * unknown section header) throws RobotSyntaxError naming file and line;
 * smaller mistakes (an unknown setting) are kept in `errors` and the file
 * still runs, as Robot reports "Error in file ..." and goes on.
 */

const SECTIONS: Record<string, 'settings' | 'variables' | 'tests' | 'tasks' | 'keywords' | 'comments'> = {
  setting: 'settings', settings: 'settings', variable: 'variables', variables: 'variables',
  'test case': 'tests', 'test cases': 'tests', task: 'tasks', tasks: 'tasks',
  keyword: 'keywords', keywords: 'keywords', comment: 'comments', comments: 'comments',
};

export function parseRobot(text: string, file: string, options: { resource?: boolean } = {}): ParsedFile {
  const parsed: ParsedFile = {
    source: file,
    settings: { doc: '', metadata: [], testTags: [], keywordTags: [], imports: [] },
    variables: [],
    tests: [],
    keywords: [],
    tasks: false,
    errors: [],
  };
  for (const section of lex(text)) {
    const kind = SECTIONS[section.header.toLowerCase().replace(/\s+/g, ' ')];
    const source: Source = { file, line: section.line };
    if (!kind) {
      throw new RobotSyntaxError(
        `Unrecognized section header '*** ${section.header} ***'. Valid sections: 'Settings', 'Variables', 'Test Cases', 'Tasks', 'Keywords' and 'Comments'.`,
        source,
      );
    }
    if (options.resource && (kind === 'tests' || kind === 'tasks')) {
      throw new RobotSyntaxError(`Resource file with '${kind === 'tests' ? 'Test Cases' : 'Tasks'}' section is invalid.`, source);
    }
    if (kind === 'settings') parseSettings(section, parsed, file, options.resource ?? false);
    else if (kind === 'variables') {
      for (const row of section.rows) parsed.variables.push({ name: row.cells[0], values: row.cells.slice(1), source: { file, line: row.line } });
    } else if (kind === 'tests' || kind === 'tasks') {
      parsed.tasks ||= kind === 'tasks';
      parsed.tests.push(...items(section, file).map((item) => toTest(item)));
    } else if (kind === 'keywords') parsed.keywords.push(...items(section, file).map((item) => toKeyword(item)));
  }
  return parsed;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_]/g, '').replace(/:$/, '');
}

function fixture(cells: string[], source: Source): FixtureCall | undefined {
  if (cells.length === 0 || cells[0] === '' || cells[0].toUpperCase() === 'NONE') return undefined;
  return { name: cells[0], args: cells.slice(1), source };
}

function parseSettings(section: Section, parsed: ParsedFile, file: string, resource: boolean): void {
  const s: SuiteSettings = parsed.settings;
  for (const row of section.rows) {
    const [name, ...values] = row.cells;
    const source = { file, line: row.line };
    const key = normalise(name);
    const suiteOnly = ['suitesetup', 'suiteteardown', 'testsetup', 'testteardown', 'testtemplate', 'testtimeout', 'testtags', 'forcetags', 'defaulttags', 'metadata', 'name', 'tasksetup', 'taskteardown', 'tasktemplate', 'tasktimeout', 'tasktags'];
    if (resource && suiteOnly.includes(key)) {
      parsed.errors.push({ message: `Setting '${name}' is not allowed in resource file.`, source });
      continue;
    }
    switch (key) {
      case 'documentation': s.doc = joinDocumentation(values, dropCells(row, 1).breaks, dropCells(row, 1).spans); break;
      case 'metadata': s.metadata.push([values[0] ?? '', joinDocumentation(values.slice(1), dropCells(row, 2).breaks, dropCells(row, 2).spans)]); break;
      case 'name': s.name = values.join(' '); break;
      case 'suitesetup': s.suiteSetup = fixture(values, source); break;
      case 'suiteteardown': s.suiteTeardown = fixture(values, source); break;
      case 'testsetup': case 'tasksetup': s.testSetup = fixture(values, source); break;
      case 'testteardown': case 'taskteardown': s.testTeardown = fixture(values, source); break;
      case 'testtemplate': case 'tasktemplate': s.testTemplate = values[0]; break;
      case 'testtimeout': case 'tasktimeout': s.testTimeout = values[0]; break;
      case 'testtags': case 'tasktags': case 'forcetags': case 'defaulttags': s.testTags.push(...values); break;
      case 'keywordtags': s.keywordTags.push(...values); break;
      case 'library': case 'resource': case 'variables': {
        const type = (key[0].toUpperCase() + key.slice(1)) as Import['type'];
        if (values.length === 0) {
          parsed.errors.push({ message: `Setting '${type}' requires a value.`, source });
          break;
        }
        const asAt = values.indexOf('AS');
        const imp: Import = { type, name: values[0], args: values.slice(1, asAt < 0 ? undefined : asAt), source };
        if (asAt >= 0) imp.alias = values[asAt + 1];
        s.imports.push(imp);
        break;
      }
      default:
        parsed.errors.push({ message: `Non-existing setting '${name}'.`, source });
    }
  }
}

interface Item {
  name: string;
  source: Source;
  rows: Row[];
}

/** Splits a Test Cases/Keywords section into named items with their indented rows. */
function items(section: Section, file: string): Item[] {
  const out: Item[] = [];
  for (const row of section.rows) {
    if (row.cells[0] !== '') {
      out.push({ name: row.cells[0], source: { file, line: row.line }, rows: [] });
      // Data on the name's own row is the first body row.
      if (row.cells.length > 1) out[out.length - 1].rows.push(dropCells(row, 1));
      continue;
    }
    const item = out[out.length - 1];
    if (!item || row.cells.length <= 1) continue;
    item.rows.push(dropCells(row, 1));
  }
  return out;
}

function toTest(item: Item): TestDefinition {
  const { settings, body, errors } = itemSettings(item.rows, item.source.file, 'test');
  const get = (k: string) => settings.get(k);
  const doc = get('Documentation');
  const test: TestDefinition = {
    name: item.name,
    doc: joinDocumentation(doc?.values ?? [], doc?.breaks, doc?.spans),
    tags: get('Tags')?.values ?? [],
    body: withErrors(parseBody(body, item.source.file), errors),
    source: item.source,
  };
  // An explicit empty or NONE setting overrides the suite default with nothing.
  if (get('Setup')) test.setup = fixture(get('Setup')!.values, get('Setup')!.source) ?? null;
  if (get('Teardown')) test.teardown = fixture(get('Teardown')!.values, get('Teardown')!.source) ?? null;
  if (get('Template')) test.template = fixture(get('Template')!.values, get('Template')!.source)?.name ?? null;
  if (get('Timeout')) test.timeout = get('Timeout')!.values[0] ?? null;
  return test;
}

function toKeyword(item: Item): KeywordDefinition {
  const { settings, body, errors } = itemSettings(item.rows, item.source.file, 'keyword');
  const get = (k: string) => settings.get(k);
  const doc = get('Documentation');
  const keyword: KeywordDefinition = {
    name: item.name,
    doc: joinDocumentation(doc?.values ?? [], doc?.breaks, doc?.spans),
    tags: get('Tags')?.values ?? [],
    args: get('Arguments')?.values ?? [],
    body: withErrors(parseBody(body, item.source.file, { keyword: true }), errors),
    source: item.source,
  };
  if (get('Setup')) keyword.body.unshift({ kind: 'keyword', assign: [], name: get('Setup')!.values[0], args: get('Setup')!.values.slice(1), cells: get('Setup')!.values, source: get('Setup')!.source });
  if (get('Teardown')) keyword.teardown = fixture(get('Teardown')!.values, get('Teardown')!.source) ?? null;
  if (get('Timeout')) keyword.timeout = get('Timeout')!.values[0] ?? null;
  // The deprecated `[Return]` works as a RETURN at the end of the body, as Robot 7 builds it.
  const returned = get('Return');
  if (returned) keyword.body.push({ kind: 'return', values: returned.values, source: returned.source });
  return keyword;
}
