import type { Source, Statement } from './ast.ts';
import type { CellSpan, Row } from './lexer.ts';

/**
 * The `[Setting]` rows of a test or user keyword, read as Robot's lexer
 * reads them: a setting it does not know, one given twice, or a single-value
 * setting given more values becomes an error in the body, where it stands.
 * Running the test or keyword fails there with Robot's message (a test with
 * `[Timeout]    1s    My message` fails; it does not run with a timeout).
 */

export interface ItemSetting {
  values: string[];
  source: Source;
  /** Continuation-line starts within `values`, for documentation. */
  breaks?: number[];
  /** Where each value stands on its line, for documentation's spacing. */
  spans?: CellSpan[];
}

export interface ItemSettings {
  settings: Map<string, ItemSetting>;
  body: Row[];
  /** Errors to place in the body at their line. */
  errors: { message: string; values: string[]; source: Source }[];
}

const TEST_SETTINGS = ['Documentation', 'Tags', 'Setup', 'Teardown', 'Template', 'Timeout'];
const KEYWORD_SETTINGS = ['Documentation', 'Arguments', 'Setup', 'Teardown', 'Timeout', 'Tags', 'Return'];
const FILE_SETTINGS = [
  'Documentation', 'Metadata', 'Name', 'Suite Setup', 'Suite Teardown', 'Test Setup', 'Test Teardown', 'Test Template', 'Test Timeout',
  'Test Tags', 'Default Tags', 'Keyword Tags', 'Library', 'Resource', 'Variables', 'Force Tags', 'Task Tags', 'Task Setup', 'Task Teardown',
  'Task Template', 'Task Timeout',
];
const SINGLE_VALUE = new Set(['Timeout', 'Template']);

function title(name: string): string {
  return name.trim().split(/\s+/).map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w)).join(' ');
}

/** Splits `rows` into settings (by Robot's name: 'Timeout') and body rows. */
export function itemSettings(rows: readonly Row[], file: string, kind: 'test' | 'keyword'): ItemSettings {
  const names = kind === 'test' ? TEST_SETTINGS : KEYWORD_SETTINGS;
  const out: ItemSettings = { settings: new Map(), body: [], errors: [] };
  for (const row of rows) {
    const match = /^\[(.*)\]$/.exec(row.cells[0]);
    if (!match) {
      out.body.push(row);
      continue;
    }
    const source = { file, line: row.line };
    const written = match[1].trim();
    const name = title(written);
    const values = row.cells.slice(1);
    const error = (message: string) => out.errors.push({ message, values: row.cells, source });
    if (!names.includes(name)) {
      const elsewhere = [...TEST_SETTINGS, ...KEYWORD_SETTINGS, ...FILE_SETTINGS].includes(name);
      if (!elsewhere) error(`Non-existing setting '${written}'.`);
      else error(`Setting '${written}' is not allowed with ${kind === 'test' ? 'tests or tasks' : 'user keywords'}.`);
    } else if (out.settings.has(name)) error(`Setting '${written}' is allowed only once. Only the first value is used.`);
    else if (SINGLE_VALUE.has(name) && values.length > 1) error(`Setting '${written}' accepts only one value, got ${values.length}.`);
    else out.settings.set(name, { values, source, ...(row.breaks ? { breaks: row.breaks.map((b) => b - 1) } : {}), ...(row.spans ? { spans: row.spans.slice(1) } : {}) });
  }
  return out;
}

/** `body` with each error statement placed before the first statement that comes after it in the file. */
export function withErrors(body: Statement[], errors: ItemSettings['errors']): Statement[] {
  const out = [...body];
  for (const e of errors) {
    const at = out.findIndex((s) => s.source.line > e.source.line);
    out.splice(at < 0 ? out.length : at, 0, { kind: 'error', message: e.message, values: e.values, source: e.source });
  }
  return out;
}
