import type { ForLoop, IfBranch, Source, Statement, TryBranch } from './ast.ts';
import type { Row } from './lexer.ts';

/**
 * Turns the indented rows of a test or keyword into statements, with the
 * control structures nested (FOR, WHILE, IF, TRY ... END). A malformed
 * structure becomes an 'error' statement carrying Robot's own message, so
 * the test fails with it when it runs, as in Robot Framework.
 */

const ASSIGN = /^[$@&]\{[^}]+\}(?:\[[^\]]*\])*\s*=?$/;
const FOR_FLAVORS = ['IN RANGE', 'IN ENUMERATE', 'IN ZIP', 'IN'] as const;
const BLOCK_NAMES: Record<string, string> = { for: 'FOR loop', while: 'WHILE loop', if: 'IF', try: 'TRY' };

interface Cursor {
  rows: Row[];
  index: number;
  file: string;
}

export function parseBody(rows: Row[], file: string): Statement[] {
  const cursor: Cursor = { rows, index: 0, file };
  const body: Statement[] = [];
  while (cursor.index < rows.length) {
    const row = rows[cursor.index];
    const statement = parseStatement(cursor);
    if (statement) body.push(statement);
    else body.push(error(`${row.cells[0]} is not allowed in this context.`, row.cells, src(cursor, row)));
  }
  return body;
}

function src(cursor: Cursor, row: Row): Source {
  return { file: cursor.file, line: row.line };
}

function error(message: string, values: string[], source: Source): Statement {
  return { kind: 'error', message, values, source };
}

/** Parses the statement at the cursor and moves past it; undefined for a stray END/ELSE/EXCEPT. */
function parseStatement(cursor: Cursor): Statement | undefined {
  const row = cursor.rows[cursor.index];
  const cells = row.cells;
  const source = src(cursor, row);
  const head = cells[0];
  switch (head) {
    case 'FOR':
      cursor.index++;
      return parseFor(cursor, cells, source);
    case 'WHILE':
      cursor.index++;
      return parseWhile(cursor, cells, source);
    case 'IF':
      if (isInlineIf(cells)) {
        cursor.index++;
        return parseInlineIf(cells, [], source);
      }
      cursor.index++;
      return parseIf(cursor, cells, source);
    case 'TRY':
      cursor.index++;
      return parseTry(cursor, cells, source);
    case 'BREAK':
    case 'CONTINUE':
      cursor.index++;
      if (cells.length > 1) return error(`${head} does not accept arguments, got '${cells.slice(1).join("', '")}'.`, cells, source);
      return { kind: head === 'BREAK' ? 'break' : 'continue', values: [], source };
    case 'RETURN':
      cursor.index++;
      return { kind: 'return', values: cells.slice(1), source };
    case 'VAR':
      cursor.index++;
      return parseVar(cells, source);
    case 'END':
    case 'ELSE':
    case 'ELSE IF':
    case 'EXCEPT':
    case 'FINALLY':
      cursor.index++;
      return undefined;
    default:
      cursor.index++;
      return parseCall(cells, source);
  }
}

function parseCall(cells: string[], source: Source): Statement {
  const assign: string[] = [];
  let i = 0;
  while (i < cells.length - 1 && ASSIGN.test(cells[i]) && !cells.slice(0, i).some((c) => c.trim().endsWith('='))) {
    assign.push(cells[i].replace(/\s*=$/, ''));
    i++;
  }
  if (assign.length > 0 && cells[i] === 'IF') return parseInlineIf(cells.slice(i), assign, source);
  return { kind: 'keyword', assign, name: cells[i] ?? '', args: cells.slice(i + 1), cells: [...cells], source };
}

/** Reads rows into a body until one of `stops` (or END) starts a row; returns that row's head. */
function readBlock(cursor: Cursor, stops: string[]): { body: Statement[]; stop?: string; stopRow?: Row } {
  const body: Statement[] = [];
  while (cursor.index < cursor.rows.length) {
    const row = cursor.rows[cursor.index];
    const head = row.cells[0];
    if (head === 'END' || stops.includes(head)) return { body, stop: head, stopRow: row };
    const statement = parseStatement(cursor);
    body.push(statement ?? error(`${head} is not allowed in this context.`, row.cells, src(cursor, row)));
  }
  return { body };
}

function closeBlock(cursor: Cursor, kind: keyof typeof BLOCK_NAMES, stop: string | undefined, source: Source): Statement | undefined {
  if (stop === 'END') {
    const endRow = cursor.rows[cursor.index];
    cursor.index++;
    if (endRow.cells.length > 1) return error(`END does not accept arguments, got '${endRow.cells.slice(1).join("', '")}'.`, endRow.cells, source);
    return undefined;
  }
  return error(`${BLOCK_NAMES[kind]} must have closing 'END'.`, [], source);
}

function parseFor(cursor: Cursor, cells: string[], source: Source): Statement {
  const at = cells.findIndex((c, i) => i > 0 && FOR_FLAVORS.includes(c as (typeof FOR_FLAVORS)[number]));
  const { body, stop } = readBlock(cursor, []);
  const closing = closeBlock(cursor, 'for', stop, source);
  if (at < 0) return error("FOR loop has no 'IN' or other valid separator.", cells, source);
  const variables = cells.slice(1, at);
  if (variables.length === 0) return error('FOR loop has no loop variables.', cells, source);
  const bad = variables.find((v) => !/^\$\{[^}]+\}$/.test(v));
  if (bad) return error(`FOR loop has invalid loop variable '${bad}'.`, cells, source);
  const flavor = cells[at] as ForLoop['flavor'];
  let values = cells.slice(at + 1);
  const options: Record<string, string> = {};
  const optionNames = flavor === 'IN ENUMERATE' ? ['start'] : flavor === 'IN ZIP' ? ['mode', 'fill'] : [];
  while (values.length > 0) {
    const last = values[values.length - 1];
    const name = optionNames.find((n) => last.startsWith(`${n}=`));
    if (!name) break;
    options[name] = last.slice(name.length + 1);
    values = values.slice(0, -1);
  }
  if (closing) return closing;
  if (values.length === 0) return error('FOR loop has no loop values.', cells, source);
  if (body.length === 0) return error('FOR loop cannot be empty.', cells, source);
  return { kind: 'for', variables, flavor, values, options, body, source };
}

function parseWhile(cursor: Cursor, cells: string[], source: Source): Statement {
  const { body, stop } = readBlock(cursor, []);
  const closing = closeBlock(cursor, 'while', stop, source);
  if (closing) return closing;
  const loop: Statement = { kind: 'while', condition: '', body, source };
  for (const cell of cells.slice(1)) {
    if (cell.startsWith('limit=')) loop.limit = cell.slice(6);
    else if (cell.startsWith('on_limit=')) loop.onLimit = cell.slice(9);
    else if (cell.startsWith('on_limit_message=')) loop.onLimitMessage = cell.slice(17);
    else if (!loop.condition) loop.condition = cell;
    else return error(`WHILE accepts only one condition, got ${cells.length - 1} conditions '${cells.slice(1).join("', '")}'.`, cells, source);
  }
  if (body.length === 0) return error('WHILE loop cannot be empty.', cells, source);
  return loop;
}

function parseIf(cursor: Cursor, cells: string[], source: Source): Statement {
  const branches: IfBranch[] = [];
  let header = cells;
  let headerSource = source;
  let problem: string | undefined;
  for (;;) {
    const type = header[0] as IfBranch['type'];
    const { body, stop, stopRow } = readBlock(cursor, ['ELSE', 'ELSE IF']);
    if (type !== 'ELSE' && header.length < 2) problem ??= `${type} must have a condition.`;
    if (type !== 'ELSE' && header.length > 2) problem ??= `${type} cannot have more than one condition, got '${header.slice(1).join("', '")}'.`;
    if (type === 'ELSE' && header.length > 1) problem ??= `ELSE does not accept arguments, got '${header.slice(1).join("', '")}'.`;
    if (body.length === 0) problem ??= `${type} branch cannot be empty.`;
    branches.push({ type, condition: type === 'ELSE' ? undefined : header[1], body, source: headerSource });
    if (stop === 'ELSE' || stop === 'ELSE IF') {
      if (type === 'ELSE') problem ??= stop === 'ELSE' ? 'Only one ELSE allowed.' : 'ELSE IF not allowed after ELSE.';
      cursor.index++;
      header = stopRow!.cells;
      headerSource = src(cursor, stopRow!);
      continue;
    }
    const closing = closeBlock(cursor, 'if', stop, source);
    if (closing) return closing;
    break;
  }
  if (problem) return error(problem, cells, source);
  return { kind: 'if', branches, assign: [], inline: false, source };
}

function isInlineIf(cells: string[]): boolean {
  return cells.length > 2;
}

/** `IF    cond    Kw    args    ELSE IF    cond    Kw    ELSE    Kw` on one row. */
function parseInlineIf(cells: string[], assign: string[], source: Source): Statement {
  const branches: IfBranch[] = [];
  let i = 0;
  while (i < cells.length) {
    const type = cells[i] as IfBranch['type'];
    let j = i + 1;
    const condition = type === 'ELSE' ? undefined : cells[j++];
    const start = j;
    while (j < cells.length && cells[j] !== 'ELSE' && cells[j] !== 'ELSE IF') j++;
    const callCells = cells.slice(start, j);
    if (callCells.length === 0) return error(`${type} branch cannot be empty.`, cells, source);
    if (callCells.includes('END')) return error('Inline IF cannot have END.', cells, source);
    const inner = callCells[0] === 'RETURN' || callCells[0] === 'BREAK' || callCells[0] === 'CONTINUE'
      ? ({ kind: callCells[0].toLowerCase() as 'return', values: callCells.slice(1), source } as Statement)
      : parseCall(callCells, source);
    branches.push({ type, condition, body: [inner], source });
    i = j;
  }
  return { kind: 'if', branches, assign, inline: true, source };
}

function parseTry(cursor: Cursor, cells: string[], source: Source): Statement {
  const branches: TryBranch[] = [];
  let header = cells;
  let headerSource = source;
  let problem: string | undefined;
  for (;;) {
    const type = header[0] as TryBranch['type'];
    const { body, stop, stopRow } = readBlock(cursor, ['EXCEPT', 'ELSE', 'FINALLY']);
    const branch: TryBranch = { type, patterns: [], body, source: headerSource };
    if (type === 'EXCEPT') {
      const rest = header.slice(1);
      const asAt = rest.indexOf('AS');
      if (asAt >= 0) {
        branch.assign = rest[asAt + 1];
        rest.splice(asAt, 2);
      }
      for (const cell of rest) {
        if (cell.startsWith('type=')) branch.patternType = cell.slice(5);
        else branch.patterns.push(cell);
      }
    } else if (header.length > 1) problem ??= `${type} does not accept arguments, got '${header.slice(1).join("', '")}'.`;
    if (body.length === 0) problem ??= `${type} branch cannot be empty.`;
    branches.push(branch);
    if (stop && stop !== 'END') {
      cursor.index++;
      header = stopRow!.cells;
      headerSource = src(cursor, stopRow!);
      continue;
    }
    const closing = closeBlock(cursor, 'try', stop, source);
    if (closing) return closing;
    break;
  }
  if (!branches.some((b) => b.type === 'EXCEPT' || b.type === 'FINALLY')) problem ??= 'TRY structure must have EXCEPT or FINALLY branch.';
  if (problem) return error(problem, cells, source);
  return { kind: 'try', branches, source };
}

function parseVar(cells: string[], source: Source): Statement {
  const name = cells[1];
  if (!name || !/^[$@&]\{[^}]+\}$/.test(name)) return error(`VAR ${name ? `has invalid variable name '${name}'` : 'requires a variable name'}.`, cells, source);
  const statement: Statement = { kind: 'var', name, values: [], source };
  for (const cell of cells.slice(2)) {
    if (cell.startsWith('scope=')) statement.scope = cell.slice(6);
    else if (cell.startsWith('separator=') && name.startsWith('$')) statement.separator = cell.slice(10);
    else statement.values.push(cell);
  }
  return statement;
}
