import { RobotError } from './robot-error.ts';
import { ExpressionError, pythonErrorText } from './expression.ts';
import { isDict, str } from './values.ts';
import { builtinValue, itemOf, type Variables } from './variables.ts';

/**
 * Replaces variables in cells, and undoes escapes, in one pass (so that a
 * `\${x}` stays the literal text `${x}`). A cell that is a single variable
 * keeps its value's type: `${n}` with n = 42 gives the number 42, while
 * `n is ${n}` gives a string.
 */

export interface Match {
  start: number;
  end: number;
  identifier: '$' | '@' | '&' | '%';
  body: string;
  items: string[];
}

/** The next unescaped variable in `text` at or after `from`. */
export function findVariable(text: string, from = 0): Match | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if ('$@&%'.includes(c) && text[i + 1] === '{') {
      const close = matching(text, i + 1, '{', '}');
      if (close < 0) throw new RobotError(`Variable '${text.slice(i)}' was not closed properly.`);
      const match: Match = { start: i, end: close + 1, identifier: c as Match['identifier'], body: text.slice(i + 2, close), items: [] };
      if (c !== '%') {
        while (text[match.end] === '[') {
          const end = matching(text, match.end, '[', ']');
          if (end < 0) break;
          match.items.push(text.slice(match.end + 1, end));
          match.end = end + 1;
        }
      }
      return match;
    }
  }
  return undefined;
}

function matching(text: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

/** Undoes Robot's escapes in plain text (no variables in it). */
export function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.|$)/g, (_, c: string) => {
    if (c === '') return '';
    if (c.length > 1) return String.fromCodePoint(parseInt(c.slice(1), 16));
    return ESCAPES[c] ?? c;
  });
}

export type ExtendedEvaluator = (expression: string, variables: Record<string, unknown> | ((name: string) => { found: boolean; value?: unknown })) => unknown;

export class Replacer {
  /** The folder of the file being run, for ${CURDIR}. */
  curdir = '';
  constructor(
    readonly variables: Variables,
    private readonly extended: ExtendedEvaluator,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The value of one variable match. */
  resolve(m: Match, shown: string): unknown {
    let body = m.body;
    if (findVariable(body)) body = str(this.string(body));
    let value: unknown;
    if (m.identifier === '%') {
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const fromEnv = this.env[name];
      if (fromEnv !== undefined) return fromEnv;
      if (eq >= 0) return body.slice(eq + 1);
      throw new RobotError(`Environment variable '%{${name}}' not found.`);
    }
    if (m.identifier === '$' && body.startsWith('{') && body.endsWith('}')) {
      // Inline evaluation: ${{ expression }}, through the same safe evaluator as Evaluate.
      const expression = body.slice(1, -1).trim();
      try {
        value = this.extended(expression, (name) => this.variables.lookup(name));
      } catch (error) {
        const detail = expression === '' ? 'ValueError: Expression cannot be empty.' : (error as Error).message;
        throw new RobotError(`Resolving variable '\${{${m.body.slice(1, -1)}}}' failed: Evaluating expression '${expression}' failed: ${detail}`);
      }
    } else if (body.toUpperCase() === 'CURDIR') value = this.curdir;
    else {
      const found = this.variables.lookup(body);
      if (found.found) value = found.value;
      else {
        const builtin = builtinValue(body);
        // @{EMPTY} and &{EMPTY} are an empty list and dictionary, not ${EMPTY}'s empty string.
        if (m.identifier === '@' && body.toUpperCase() === 'EMPTY') value = [];
        else if (m.identifier === '&' && body.toUpperCase() === 'EMPTY') value = {};
        else if (builtin.found) value = builtin.value;
        else value = this.extendedValue(body, `${m.identifier}{${m.body}}`);
      }
    }
    const base = `${m.identifier === '@' || m.identifier === '&' ? m.identifier : '$'}{${m.body}}`;
    for (const raw of m.items) {
      const key = findVariable(raw) ? this.scalar(raw) : unescape(raw);
      value = itemOf(value, str(key), base);
      void shown;
    }
    if (m.identifier === '@' && m.items.length === 0 && !Array.isArray(value)) {
      if (isDict(value)) return Object.keys(value);
      throw new RobotError(`Value of variable '@{${m.body}}' is not list or list-like.`);
    }
    if (m.identifier === '&' && m.items.length === 0 && !isDict(value)) throw new RobotError(`Value of variable '&{${m.body}}' is not dictionary or dictionary-like.`);
    return value;
  }

  /** `${obj.attr}`, `${x + 1}`, `${s.upper()}`: Robot's extended variable syntax. */
  private extendedValue(body: string, shown: string): unknown {
    // Robot's ExtendedFinder: the base runs to the first character that is neither a word character nor a space.
    const match = /^(.+?)([^\s\p{L}\p{N}_][\s\S]+)$/u.exec(body);
    if (!match) throw new RobotError(`Variable '${shown}' not found.`);
    // The base may be a number or other built-in variable too: `${0 + 1}`, `${3*2-4}`.
    let base = this.variables.lookup(match[1]);
    if (!base.found) base = builtinValue(match[1].trim());
    if (!base.found) throw new RobotError(`Resolving variable '${shown}' failed: Variable '\${${match[1]}}' not found.`);
    try {
      return this.extended(`$__base${match[2]}`, { __base: base.value });
    } catch (error) {
      const detail = error instanceof ExpressionError ? pythonErrorText(error) : (error as Error).message;
      throw new RobotError(`Resolving variable '${shown}' failed: ${detail}`);
    }
  }

  /** A cell's value: the variable's own value when the cell is only a variable, else a string. */
  scalar(cell: string): unknown {
    const m = findVariable(cell);
    if (m && m.start === 0 && m.end === cell.length) {
      const value = this.resolve(m, cell);
      return value;
    }
    return this.string(cell);
  }

  /** Replaces every variable with its str() and undoes escapes. */
  string(cell: string): string {
    let out = '';
    let at = 0;
    for (;;) {
      const m = findVariable(cell, at);
      if (!m) break;
      out += unescape(cell.slice(at, m.start));
      const value = this.resolve(m, cell.slice(m.start, m.end));
      out += str(value);
      at = m.end;
    }
    return out + unescape(cell.slice(at));
  }

  /** Arguments for a keyword: `@{list}` cells expand into several positional arguments. */
  list(cells: readonly string[]): unknown[] {
    const out: unknown[] = [];
    for (const cell of cells) {
      const m = cell.startsWith('@{') ? findVariable(cell) : undefined;
      if (m && m.start === 0 && m.end === cell.length && m.identifier === '@') {
        const value = this.resolve(m, cell);
        if (!Array.isArray(value)) throw new RobotError(`Value of variable '${cell}' is not list or list-like.`);
        out.push(...value);
      } else out.push(this.scalar(cell));
    }
    return out;
  }
}

/** True when the cell is exactly one `&{dict}` variable (it expands into named arguments). */
export function isDictCell(cell: string): boolean {
  const m = cell.startsWith('&{') ? findVariable(cell) : undefined;
  return !!m && m.start === 0 && m.end === cell.length && m.items.length === 0;
}

/** True when the cell is exactly one `@{list}` variable. */
export function isListCell(cell: string): boolean {
  const m = cell.startsWith('@{') ? findVariable(cell) : undefined;
  return !!m && m.start === 0 && m.end === cell.length && m.items.length === 0;
}
