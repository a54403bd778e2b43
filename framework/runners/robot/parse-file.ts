import type { FileError, FixtureCall, Import, KeywordDefinition, ParsedFile, Source, SuiteSettings, TestDefinition } from './ast.ts';
import { RobotSyntaxError } from './ast.ts';
import { documentationValue } from './documentation.ts';
import type { Row, Section } from './lexer.ts';
import { lex } from './lexer.ts';
import { parseBody } from './parse-body.ts';

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
      parsed.tests.push(...items(section, file).map((item) => toTest(item, parsed.errors)));
    } else if (kind === 'keywords') parsed.keywords.push(...items(section, file).map((item) => toKeyword(item, parsed.errors)));
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
      case 'documentation': s.doc = documentationValue(values, row); break;
      case 'metadata': s.metadata.push([values[0] ?? '', documentationValue(values.slice(1), row)]); break;
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
      if (row.cells.length > 1) out[out.length - 1].rows.push({ ...row, cells: row.cells.slice(1) });
      continue;
    }
    const item = out[out.length - 1];
    const cells = row.cells.slice(1);
    if (!item || cells.length === 0) continue;
    item.rows.push({ ...row, cells });
  }
  return out;
}

/** Pulls out `[Setting]` rows; returns the body rows that are left. */
function settingsOf(item: Item, allowed: string[], errors: FileError[], what: string): { settings: Map<string, { values: string[]; source: Source; row: Row }>; body: Row[] } {
  const settings = new Map<string, { values: string[]; source: Source; row: Row }>();
  const body: Row[] = [];
  for (const row of item.rows) {
    const match = /^\[(.+)\]$/.exec(row.cells[0]);
    if (!match) {
      body.push(row);
      continue;
    }
    const key = normalise(match[1]);
    const source = { file: item.source.file, line: row.line };
    if (!allowed.includes(key)) {
      errors.push({ message: `${what} '${item.name}' has invalid setting: Non-existing setting '${match[1]}'.`, source });
      continue;
    }
    settings.set(key, { values: row.cells.slice(1), source, row });
  }
  return { settings, body };
}

function toTest(item: Item, errors: FileError[]): TestDefinition {
  const { settings, body } = settingsOf(item, ['documentation', 'tags', 'setup', 'teardown', 'template', 'timeout'], errors, 'Test');
  const get = (k: string) => settings.get(k);
  const test: TestDefinition = {
    name: item.name,
    doc: documentationValue(get('documentation')?.values ?? [], get('documentation')?.row),
    tags: get('tags')?.values ?? [],
    body: parseBody(body, item.source.file),
    source: item.source,
  };
  // An explicit empty or NONE setting overrides the suite default with nothing.
  if (get('setup')) test.setup = fixture(get('setup')!.values, get('setup')!.source) ?? null;
  if (get('teardown')) test.teardown = fixture(get('teardown')!.values, get('teardown')!.source) ?? null;
  if (get('template')) test.template = fixture(get('template')!.values, get('template')!.source)?.name ?? null;
  if (get('timeout')) test.timeout = get('timeout')!.values[0] ?? null;
  return test;
}

function toKeyword(item: Item, errors: FileError[]): KeywordDefinition {
  const { settings, body } = settingsOf(item, ['documentation', 'tags', 'arguments', 'teardown', 'setup', 'timeout', 'return'], errors, 'Keyword');
  const get = (k: string) => settings.get(k);
  const keyword: KeywordDefinition = {
    name: item.name,
    doc: documentationValue(get('documentation')?.values ?? [], get('documentation')?.row),
    tags: get('tags')?.values ?? [],
    args: get('arguments')?.values ?? [],
    body: parseBody(body, item.source.file),
    source: item.source,
  };
  if (get('setup')) keyword.body.unshift({ kind: 'keyword', assign: [], name: get('setup')!.values[0], args: get('setup')!.values.slice(1), cells: get('setup')!.values, source: get('setup')!.source });
  if (get('teardown')) keyword.teardown = fixture(get('teardown')!.values, get('teardown')!.source) ?? null;
  if (get('timeout')) keyword.timeout = get('timeout')!.values[0] ?? null;
  if (get('return')) keyword.returnValues = get('return')!.values;
  return keyword;
}
