import type { ForLoop, GroupBlock, IfBranch, Source, Statement, TryBranch, WhileLoop } from './ast.ts';
import { assignErrors, formatErrors, quotedList } from './assign-validation.ts';
import type { Row } from './lexer.ts';

/**
 * Turns the indented rows of a test or keyword into statements, with the
 * control structures nested (FOR, WHILE, IF, TRY ... END). A malformed
 * structure becomes an 'error' statement carrying Robot's own messages
 * (parsing/model/blocks.py and statements.py: every problem of a block,
 * "Multiple errors:" when there are several), so the test fails with it
 * when it runs and nothing in the structure runs, as in Robot Framework.
 */

// A name may hold variables (`${${name}}`, `${x: ${type}}`): they resolve, or fail, when it runs.
const ASSIGN = /^[$@&]\{(?:[^{}]|\{[^{}]*\})+\}(?:\[[^\]]*\])*\s*=?$/;
const FOR_FLAVORS = ['IN RANGE', 'IN ENUMERATE', 'IN ZIP', 'IN'] as const;
const SCALAR = /^\$\{[^{}]+\}$/;
const VARIABLE = /[$@&%]\{/;

/** Where a statement is written: BREAK needs a loop, RETURN a keyword, and neither may be in FINALLY. */
interface Scope {
  keyword: boolean;
  loop: boolean;
  inFinally: boolean;
  /** Inside a block: a test's own rows do not know RETURN at all. */
  nested: boolean;
}

interface Cursor {
  rows: Row[];
  index: number;
  file: string;
}

export function parseBody(rows: Row[], file: string, options: { keyword?: boolean } = {}): Statement[] {
  const cursor: Cursor = { rows, index: 0, file };
  const scope: Scope = { keyword: options.keyword ?? false, loop: false, inFinally: false, nested: false };
  const body: Statement[] = [];
  while (cursor.index < rows.length) {
    const row = rows[cursor.index];
    const statement = parseStatement(cursor, scope);
    body.push(statement ?? error(`${row.cells[0]} is not allowed in this context.`, row.cells, src(cursor, row)));
  }
  return body;
}

function src(cursor: Cursor, row: Row): Source {
  return { file: cursor.file, line: row.line };
}

function error(message: string, values: string[], source: Source): Statement {
  return { kind: 'error', message, values, source };
}

function errorOf(errors: string[], values: string[], source: Source): Statement | undefined {
  return errors.length > 0 ? error(formatErrors(errors), values, source) : undefined;
}

/**
 * Options written last on a header row (`limit=10`, `start=1`, `type=glob`),
 * each name once, read from the end as Robot's lexer reads them; an option
 * seen twice, or before a plain value, is a plain value.
 */
function trailingOptions(cells: string[], names: readonly string[]): { values: string[]; options: Record<string, string> } {
  const options: Record<string, string> = {};
  let end = cells.length;
  while (end > 0) {
    const cell = cells[end - 1];
    const eq = cell.indexOf('=');
    const name = eq > 0 ? cell.slice(0, eq) : '';
    if (!names.includes(name) || name in options) break;
    options[name] = cell.slice(eq + 1);
    end--;
  }
  return { values: cells.slice(0, end), options };
}

/** An option's value, when written literally, must be one of `valid` (Robot checks the others when it runs). */
function optionError(type: string, name: string, value: string | undefined, valid: readonly string[]): string[] {
  if (value === undefined || VARIABLE.test(value) || valid.includes(value.toUpperCase())) return [];
  return [`${type} option '${name}' does not accept value '${value}'. Valid values are ${quotedList(valid)}.`];
}

/** Parses the statement at the cursor and moves past it; undefined for a stray END/ELSE/EXCEPT. */
function parseStatement(cursor: Cursor, scope: Scope): Statement | undefined {
  const row = cursor.rows[cursor.index];
  const cells = row.cells;
  const source = src(cursor, row);
  const head = cells[0];
  cursor.index++;
  switch (head) {
    case 'FOR':
      return parseFor(cursor, cells, source, scope);
    case 'WHILE':
      return parseWhile(cursor, cells, source, scope);
    case 'IF':
      if (cells.length > 2) return parseInlineIf(cells, [], source, scope);
      return parseIf(cursor, cells, source, scope);
    case 'TRY':
      return parseTry(cursor, cells, source, scope);
    case 'GROUP':
      return parseGroup(cursor, cells, source, scope);
    case 'BREAK':
    case 'CONTINUE':
    case 'RETURN':
      return parseSignal(cells, source, scope);
    case 'VAR':
      return parseVar(cells, source);
    case 'END':
    case 'ELSE':
    case 'ELSE IF':
    case 'EXCEPT':
    case 'FINALLY':
      return undefined;
    default:
      return parseCall(cells, source, scope);
  }
}

function parseSignal(cells: string[], source: Source, scope: Scope): Statement {
  const head = cells[0] as 'BREAK' | 'CONTINUE' | 'RETURN';
  // A test's or keyword's own rows do not know BREAK and CONTINUE (nor a test's RETURN) at all.
  if (!scope.nested && (head !== 'RETURN' || !scope.keyword)) return error(`${head} is not allowed in this context.`, cells, source);
  const errors: string[] = [];
  if (head === 'RETURN') {
    if (!scope.keyword) errors.push('RETURN can only be used inside a user keyword.');
  } else {
    if (cells.length > 1) errors.push(`${head} does not accept arguments, got ${quotedList(cells.slice(1))}.`);
    if (!scope.loop) errors.push(`${head} can only be used inside a loop.`);
  }
  if (scope.inFinally) errors.push(`${head} cannot be used in FINALLY branch.`);
  return errorOf(errors, cells, source) ?? { kind: head.toLowerCase() as 'break' | 'continue' | 'return', values: head === 'RETURN' ? cells.slice(1) : [], source };
}

function parseCall(cells: string[], source: Source, scope: Scope): Statement {
  const assign: string[] = [];
  let i = 0;
  while (i < cells.length - 1 && ASSIGN.test(cells[i])) {
    assign.push(cells[i]);
    i++;
  }
  if (assign.length > 0 && cells[i] === 'IF' && cells.length > 2) return parseInlineIf(cells.slice(i), assign, source, scope);
  const errors = assignErrors(assign);
  if (errors.length > 0) return error(formatErrors(errors), cells, source);
  return { kind: 'keyword', assign: assign.map((a) => a.replace(/\s*=$/, '')), name: cells[i] ?? '', args: cells.slice(i + 1), cells: [...cells], source };
}

/** Reads rows into a body until one of `stops` (or END) starts a row; returns that row's head. */
function readBlock(cursor: Cursor, stops: string[], outer: Scope): { body: Statement[]; stop?: string; stopRow?: Row } {
  const scope = { ...outer, nested: true };
  const body: Statement[] = [];
  while (cursor.index < cursor.rows.length) {
    const row = cursor.rows[cursor.index];
    const head = row.cells[0];
    if (head === 'END' || stops.includes(head)) return { body, stop: head, stopRow: row };
    const statement = parseStatement(cursor, scope);
    body.push(statement ?? error(`${head} is not allowed in this context.`, row.cells, src(cursor, row)));
  }
  return { body };
}

/**
 * Moves past the END row when there is one. Robot reports a missing END
 * with the block's own problems and END's arguments after everything else.
 */
function closeBlock(cursor: Cursor, name: string, stop: string | undefined): { missing: string[]; endArgs: string[] } {
  if (stop !== 'END') return { missing: [`${name} must have closing END.`], endArgs: [] };
  const endRow = cursor.rows[cursor.index];
  cursor.index++;
  return { missing: [], endArgs: endRow.cells.length > 1 ? [`END does not accept arguments, got ${quotedList(endRow.cells.slice(1))}.`] : [] };
}

function parseFor(cursor: Cursor, cells: string[], source: Source, scope: Scope): Statement {
  const at = cells.findIndex((c, i) => i > 0 && FOR_FLAVORS.includes(c.replace(/\s+/g, ' ') as (typeof FOR_FLAVORS)[number]));
  const { body, stop } = readBlock(cursor, [], { ...scope, loop: true });
  const errors: string[] = [];
  const variables = at < 0 ? cells.slice(1) : cells.slice(1, at);
  const flavor = (at < 0 ? 'IN' : cells[at].replace(/\s+/g, ' ')) as ForLoop['flavor'];
  const optionNames = flavor === 'IN ENUMERATE' ? ['start'] : flavor === 'IN ZIP' ? ['mode', 'fill'] : [];
  const { values, options } = trailingOptions(at < 0 ? [] : cells.slice(at + 1), optionNames);
  if (variables.length === 0) errors.push('FOR loop has no variables.');
  if (at < 0) errors.push("FOR loop has no 'IN' or other valid separator.");
  else {
    for (const v of variables) if (!SCALAR.test(v)) errors.push(`Invalid FOR loop variable '${v}'.`);
    if (values.length === 0) errors.push('FOR loop has no values.');
    errors.push(...optionError('FOR', 'mode', options.mode, ['STRICT', 'SHORTEST', 'LONGEST']));
  }
  if (body.length === 0) errors.push('FOR loop cannot be empty.');
  const end = closeBlock(cursor, 'FOR loop', stop);
  errors.push(...end.missing, ...end.endArgs);
  return errorOf(errors, cells, source) ?? { kind: 'for', variables, flavor, values, options, body, source };
}

function parseWhile(cursor: Cursor, cells: string[], source: Source, scope: Scope): Statement {
  const { body, stop } = readBlock(cursor, [], { ...scope, loop: true });
  const { values: conditions, options } = trailingOptions(cells.slice(1), ['limit', 'on_limit', 'on_limit_message']);
  const errors: string[] = [];
  if (conditions.length > 1) errors.push(`WHILE accepts only one condition, got ${conditions.length} conditions ${quotedList(conditions)}.`);
  if (options.on_limit !== undefined && options.limit === undefined) errors.push("WHILE option 'on_limit' cannot be used without 'limit'.");
  errors.push(...optionError('WHILE', 'on_limit', options.on_limit, ['PASS', 'FAIL']));
  if (body.length === 0) errors.push('WHILE loop cannot be empty.');
  const end = closeBlock(cursor, 'WHILE loop', stop);
  errors.push(...end.missing, ...end.endArgs);
  const loop: WhileLoop = { kind: 'while', condition: conditions[0] ?? '', body, source };
  if (options.limit !== undefined) loop.limit = options.limit;
  if (options.on_limit !== undefined) loop.onLimit = options.on_limit;
  if (options.on_limit_message !== undefined) loop.onLimitMessage = options.on_limit_message;
  return errorOf(errors, cells, source) ?? loop;
}

/** Robot's order: the header's problem, the block's (empty, no END), then END's arguments. */
function parseGroup(cursor: Cursor, cells: string[], source: Source, scope: Scope): Statement {
  const names = cells.slice(1);
  const { body, stop } = readBlock(cursor, [], scope);
  const errors: string[] = [];
  if (names.length > 1) errors.push(`GROUP accepts only one argument as name, got ${names.length} arguments ${quotedList(names)}.`);
  if (body.length === 0) errors.push('GROUP cannot be empty.');
  const end = closeBlock(cursor, 'GROUP', stop);
  errors.push(...end.missing, ...end.endArgs);
  const group: GroupBlock = { kind: 'group', name: names.join(', '), body, source };
  if (errors.length > 0) group.error = formatErrors(errors);
  return group;
}

/** Robot's checks of a header that takes one condition (IF, ELSE IF) or none (ELSE). */
function headerErrors(type: string, args: string[]): string[] {
  if (type === 'ELSE') return args.length > 0 ? [`ELSE does not accept arguments, got ${quotedList(args)}.`] : [];
  if (args.length === 0) return [`${type} must have a condition.`];
  if (args.length > 1) return [`${type} cannot have more than one condition, got ${quotedList(args)}.`];
  return [];
}

/** ELSE IF or ELSE after ELSE, each problem once. */
function structureErrors(types: readonly string[]): string[] {
  const errors: string[] = [];
  let elseSeen = false;
  for (const type of types.slice(1)) {
    if (elseSeen) {
      const problem = type === 'ELSE' ? 'Only one ELSE allowed.' : 'ELSE IF not allowed after ELSE.';
      if (!errors.includes(problem)) errors.push(problem);
    }
    elseSeen ||= type === 'ELSE';
  }
  return errors;
}

function parseIf(cursor: Cursor, cells: string[], source: Source, scope: Scope): Statement {
  const branches: IfBranch[] = [];
  /** Each branch's own problems: its header's, then an empty body. */
  const own: string[][] = [];
  let header = cells;
  let headerSource = source;
  for (;;) {
    const type = header[0] as IfBranch['type'];
    const { body, stop, stopRow } = readBlock(cursor, ['ELSE', 'ELSE IF'], scope);
    own.push([...headerErrors(type, header.slice(1)), ...(body.length === 0 ? [`${type} branch cannot be empty.`] : [])]);
    branches.push({ type, condition: type === 'ELSE' ? undefined : header[1], body, source: headerSource });
    if (stop === 'ELSE' || stop === 'ELSE IF') {
      cursor.index++;
      header = stopRow!.cells;
      headerSource = src(cursor, stopRow!);
      continue;
    }
    const end = closeBlock(cursor, 'IF', stop);
    // Robot's order: the IF branch, the structure, a missing END, the other branches, END's arguments.
    const errors = [...own[0], ...structureErrors(branches.map((b) => b.type)), ...end.missing, ...own.slice(1).flat(), ...end.endArgs];
    return errorOf(errors, cells, source) ?? { kind: 'if', branches, assign: [], inline: false, source };
  }
}

/** `IF    cond    Kw    args    ELSE IF    cond    Kw    ELSE    Kw` on one row, split as Robot's InlineIfLexer splits it. */
function parseInlineIf(cells: string[], assign: string[], source: Source, scope: Scope): Statement {
  const parts: { type: IfBranch['type']; condition?: string; cells: string[] }[] = [];
  const errors: string[] = [...assignErrors(assign)];
  let nested = false;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === 'IF' || cell.replace(/\s+/g, ' ') === 'ELSE IF') {
      if (cell === 'IF' && parts.length > 0) {
        // An IF inside a branch is that branch's body (a nested inline IF), an error of its own.
        nested = true;
        parts[parts.length - 1].cells.push(...cells.slice(i));
        break;
      }
      parts.push({ type: cell === 'IF' ? 'IF' : 'ELSE IF', condition: cells[i + 1], cells: [] });
      i++;
    } else if (cell === 'ELSE') parts.push({ type: 'ELSE', cells: [] });
    else parts[parts.length - 1].cells.push(cell);
  }
  const branches: IfBranch[] = [];
  for (const part of parts) {
    if (part.type !== 'ELSE' && part.condition === undefined) errors.push(`${part.type} must have a condition.`);
    if (part.cells.length === 0) {
      errors.push(`${part.type} branch cannot be empty.`);
      branches.push({ type: part.type, condition: part.condition, body: [], source });
      continue;
    }
    const head = part.cells[0];
    if (head === 'IF') continue;
    let inner: Statement;
    if (head === 'BREAK' || head === 'CONTINUE' || head === 'RETURN') inner = parseSignal(part.cells, source, { ...scope, nested: true });
    else if (head === 'VAR') inner = parseVar(part.cells, source);
    else {
      let n = 0;
      while (n < part.cells.length - 1 && ASSIGN.test(part.cells[n])) n++;
      if (n > 0) errors.push('Inline IF branches cannot contain assignments.');
      inner = parseCall(part.cells.slice(n), source, scope);
    }
    if (assign.length > 0 && inner.kind !== 'keyword') errors.push('Inline IF with assignment can only contain keyword calls.');
    branches.push({ type: part.type, condition: part.condition, body: [inner], source });
  }
  if (nested) errors.push('Inline IF cannot be nested.');
  errors.push(...structureErrors(parts.map((p) => p.type)));
  return errorOf([...new Set(errors)], cells, source) ?? { kind: 'if', branches, assign: assign.map((a) => a.replace(/\s*=$/, '')), inline: true, source };
}

function parseTry(cursor: Cursor, cells: string[], source: Source, scope: Scope): Statement {
  const branches: TryBranch[] = [];
  const own: string[][] = [];
  let header = cells;
  let headerSource = source;
  for (;;) {
    const type = header[0] as TryBranch['type'];
    const { body, stop, stopRow } = readBlock(cursor, ['EXCEPT', 'ELSE', 'FINALLY'], { ...scope, inFinally: type === 'FINALLY' });
    const branch: TryBranch = { type, patterns: [], body, source: headerSource };
    const errors: string[] = [];
    own.push(errors);
    if (type === 'EXCEPT') {
      const rest = header.slice(1);
      const asAt = rest.indexOf('AS');
      const { values, options } = trailingOptions(asAt >= 0 ? rest.slice(0, asAt) : rest, ['type']);
      branch.patterns = values;
      if (options.type !== undefined) branch.patternType = options.type;
      errors.push(...optionError('EXCEPT', 'type', options.type, ['GLOB', 'REGEXP', 'START', 'LITERAL']));
      if (asAt >= 0) {
        const targets = rest.slice(asAt + 1);
        if (targets.length === 0) errors.push('EXCEPT AS requires a value.');
        else if (targets.length > 1) errors.push('EXCEPT AS accepts only one value.');
        else if (!SCALAR.test(targets[0])) errors.push(`EXCEPT AS variable '${targets[0]}' is invalid.`);
        else branch.assign = targets[0];
      }
    } else if (header.length > 1) errors.push(`${type} does not accept arguments, got ${quotedList(header.slice(1))}.`);
    if (body.length === 0) errors.push(`${type} branch cannot be empty.`);
    branches.push(branch);
    if (stop && stop !== 'END') {
      cursor.index++;
      header = stopRow!.cells;
      headerSource = src(cursor, stopRow!);
      continue;
    }
    const end = closeBlock(cursor, 'TRY', stop);
    // Robot's order: the TRY branch, the structure, a missing END, the other branches, END's arguments.
    return errorOf([...own[0], ...tryStructureErrors(branches), ...end.missing, ...own.slice(1).flat(), ...end.endArgs], cells, source) ?? { kind: 'try', branches, source };
  }
}

/** The order of EXCEPT, ELSE and FINALLY, as Robot's Try._validate_structure checks it. */
function tryStructureErrors(branches: readonly TryBranch[]): string[] {
  const errors: string[] = [];
  let elses = 0;
  let finallys = 0;
  let excepts = 0;
  let bare = 0;
  for (const branch of branches.slice(1)) {
    if (branch.type === 'EXCEPT') {
      if (elses) errors.push('EXCEPT not allowed after ELSE.');
      if (finallys) errors.push('EXCEPT not allowed after FINALLY.');
      if (branch.patterns.length > 0 && bare) errors.push('EXCEPT without patterns must be last.');
      if (branch.patterns.length === 0) bare++;
      excepts++;
    } else if (branch.type === 'ELSE') {
      if (finallys) errors.push('ELSE not allowed after FINALLY.');
      elses++;
    } else if (branch.type === 'FINALLY') finallys++;
  }
  if (finallys > 1) errors.push('Only one FINALLY allowed.');
  if (elses > 1) errors.push('Only one ELSE allowed.');
  if (bare > 1) errors.push('Only one EXCEPT without patterns allowed.');
  if (!excepts && !finallys) errors.push('TRY structure must have EXCEPT or FINALLY branch.');
  return errors;
}

function parseVar(cells: string[], source: Source): Statement {
  const raw = cells[1] ?? '';
  // Robot accepts `${name}=`; nested names (`${${x}}`) and typed names (`${x: int}`) resolve when it runs.
  const name = raw.endsWith('=') ? raw.slice(0, -1).trimEnd() : raw;
  if (!/^[$@&]\{[\s\S]+\}$/.test(name) || !balancedBraces(name.slice(2, -1))) return error(`Invalid variable name '${raw}'.`, cells, source);
  const statement: Statement = { kind: 'var', name, values: [], source };
  // As Robot's lexer: options are the trailing `scope=` / `separator=` cells, each name once, read from the end.
  const options = name.startsWith('$') ? ['scope', 'separator'] : ['scope'];
  const values = cells.slice(2);
  const seen = new Set<string>();
  let end = values.length;
  while (end > 0) {
    const option = options.find((o) => values[end - 1].startsWith(`${o}=`));
    if (!option || seen.has(option)) break;
    seen.add(option);
    if (option === 'scope') statement.scope = values[end - 1].slice(6);
    else statement.separator = values[end - 1].slice(10);
    end--;
  }
  statement.values.push(...values.slice(0, end));
  return statement;
}

function balancedBraces(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
