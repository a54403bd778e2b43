import { evaluate } from '../keyword-runner.ts';
import { findVariable, isDictCell, isListCell } from '../replace.ts';
import { formatValue } from '../python-format.ts';
import { RobotError } from '../robot-error.ts';
import { isDict, isTruthyArg, str, truthy, PyFloat } from '../values.ts';
import { formatterOf } from './builtin-base.ts';
import { BuiltInVerify } from './builtin-verify.ts';
import { toBoolean, toInteger, toNumber } from './convert.ts';
import { getTime } from './get-time.ts';

/** BuiltIn's variables, conversions, logging and small utilities. */
export class BuiltInVariables extends BuiltInVerify {
  setVariable(...values: unknown[]): unknown {
    if (values.length === 0) return '';
    return values.length === 1 ? values[0] : values;
  }

  setVariableIf(condition: unknown, ...values: unknown[]): unknown {
    if (values.length === 0) throw new RobotError('At least one value is required.');
    let rest: unknown[] = [condition, ...values];
    while (rest.length > 0) {
      const [cond, ...tail] = rest;
      const ok = typeof cond === 'string' ? truthy(evaluate(this._ctx, cond)) : truthy(cond);
      if (ok) return tail[0];
      if (tail.length < 2) return null;
      if (tail.length === 2) return tail[1];
      rest = tail.slice(1);
    }
    return null;
  }

  setTestVariable(name: string, ...values: unknown[]): void {
    const [bare, value] = this._nameAndValue(name, values);
    this._ctx.variables.setTest(bare, value);
    this._log(`${name} = ${str(value)}`);
  }
  setTaskVariable(name: string, ...values: unknown[]): void {
    this.setTestVariable(name, ...values);
  }
  setSuiteVariable(name: string, ...values: unknown[]): void {
    const [bare, value] = this._nameAndValue(name, values);
    this._ctx.variables.setSuite(bare, value);
    this._log(`${name} = ${str(value)}`);
  }
  setGlobalVariable(name: string, ...values: unknown[]): void {
    const [bare, value] = this._nameAndValue(name, values);
    this._ctx.variables.setGlobal(bare, value);
    this._log(`${name} = ${str(value)}`);
  }
  setLocalVariable(name: string, ...values: unknown[]): void {
    const [bare, value] = this._nameAndValue(name, values);
    this._ctx.variables.set(bare, value);
  }

  /** `${x}`, `\${x}` or `x`; the value's shape follows the name's sigil. */
  private _nameAndValue(rawName: string, values: unknown[]): [string, unknown] {
    let name = rawName.replace(/^\\/, '');
    // Robot's _resolve_var_name: `$name`, `@name` and `&name` are `${name}`, `@{name}` and `&{name}`.
    if (/^[$@&][^{]/.test(name)) name = `${name[0]}{${name.slice(1)}}`;
    const m = /^([$@&])\{(.+)\}$/.exec(name);
    const sigil = m ? m[1] : '$';
    let bare = m ? m[2] : name;
    if (findVariable(bare)) bare = this._ctx.replacer.string(bare);
    let value: unknown;
    if (values.length === 0) {
      const existing = this._ctx.variables.lookup(bare);
      if (!existing.found) throw new RobotError(`Variable '${sigil}{${bare}}' not found.`);
      value = existing.value;
    } else if (sigil === '@') value = values;
    else if (sigil === '&') value = Object.fromEntries(values.map((v) => str(v).split(/=(.*)/s).slice(0, 2)));
    else value = values.length === 1 ? values[0] : values;
    return [bare, value];
  }

  // These get their arguments as data (Robot's resolve=0): the name is a variable's name, not its value.
  variableShouldExist(name: unknown, message: unknown = undefined): void {
    const variable = this._varName(name, true);
    if (!this._resolves(variable)) throw new RobotError(this._message(message) ?? `Variable '${variable}' does not exist.`);
  }

  variableShouldNotExist(name: unknown, message: unknown = undefined): void {
    const variable = this._varName(name, true);
    if (this._resolves(variable)) throw new RobotError(this._message(message) ?? `Variable '${variable}' exists.`);
  }

  getVariableValue(name: unknown, defaultValue: unknown = null): unknown {
    const variable = this._varName(name, false);
    try {
      return this._ctx.replacer.scalar(variable);
    } catch {
      return typeof defaultValue === 'string' ? this._ctx.replacer.scalar(defaultValue) : defaultValue;
    }
  }

  private _message(message: unknown): string | undefined {
    if (message === undefined || message === null || message === '') return undefined;
    return typeof message === 'string' ? this._ctx.replacer.string(message) : str(message);
  }

  private _resolves(variable: string): boolean {
    try {
      this._ctx.replacer.scalar(variable);
      return true;
    } catch {
      return false;
    }
  }

  /** Robot's _get_var_name: `${x}`, `\${x}`, `$x` or a variable holding such a name → `${x}`; anything else is an invalid name. */
  private _varName(original: unknown, requireAssign: boolean): string {
    const text = str(original);
    let replaced = text;
    try {
      replaced = this._ctx.replacer.string(text);
    } catch { /* the name itself, unresolved */ }
    let name = text;
    const bare = replaced.replace(/^\\/, '');
    if (bare.length >= 2 && '$@&'.includes(bare[0])) {
      const candidate = bare[1] === '{' ? bare : `${bare[0]}{${bare.slice(1)}}`;
      if (/^[$@&]\{[^{}]+\}$/.test(candidate)) name = candidate;
    }
    const valid = requireAssign ? /^[$@&]\{.+\}$/s : /^[$@&]\{.+\}(\[.*\])*$/s;
    const m = findVariable(name);
    if (!valid.test(name) || !m || m.start !== 0 || m.end !== name.length) throw new RobotError(`Invalid variable name '${name}'.`);
    return name;
  }

  createList(...items: unknown[]): unknown[] {
    return items;
  }

  /** Robot's Create Dictionary (resolve=0): leading separate keys and values, then `key=value` items and `&{dict}` variables. */
  createDictionary(...items: unknown[]): Record<string, unknown> {
    const cells = items.map(str);
    let split = cells.findIndex((c) => splitFromEquals(c) !== undefined || isDictCell(c));
    if (split < 0) split = cells.length;
    const separate = this._ctx.replacer.list(cells.slice(0, split));
    if (separate.length % 2 !== 0) throw new RobotError(`Expected even number of keys and values, got ${separate.length}.`);
    const dict: Record<string, unknown> = {};
    for (let i = 0; i < separate.length; i += 2) dict[dictKey(separate[i], 'TypeError')] = separate[i + 1];
    for (const cell of cells.slice(split)) {
      if (isDictCell(cell)) {
        Object.assign(dict, this._ctx.replacer.scalar(cell) as object);
        continue;
      }
      const parts = splitFromEquals(cell);
      if (!parts) throw new RobotError(`Invalid dictionary variable item '${cell}'. Items must use 'name=value' syntax or be dictionary variables themselves.`);
      dict[dictKey(this._ctx.replacer.scalar(parts[0]), 'Creating dictionary variable failed')] = this._ctx.replacer.scalar(parts[1]);
    }
    return dict;
  }

  catenate(...items: unknown[]): string {
    let separator = ' ';
    let parts = items.map(str);
    if (parts[0]?.startsWith('SEPARATOR=')) {
      separator = parts[0].slice(10);
      parts = parts.slice(1);
    }
    const result = parts.join(separator);
    this._log(result);
    return result;
  }

  convertToInteger(item: unknown, base: unknown = undefined): number {
    return toInteger(item, base);
  }
  convertToNumber(item: unknown, precision: unknown = undefined): PyFloat {
    return toNumber(item, precision);
  }
  convertToString(item: unknown): string {
    return str(item);
  }
  convertToBoolean(item: unknown): boolean {
    return toBoolean(item);
  }

  /**
   * Robot's Evaluate in Tollgate's TypeScript evaluator: `namespace` (a dictionary) gives plain names. Python
   * modules cannot be imported here: a name that `modules` lists fails saying so, instead of a bare NameError.
   */
  evaluate(expression: unknown, modules: unknown = undefined, namespace: unknown = undefined): unknown {
    if (typeof expression !== 'string') return expression;
    if (namespace !== undefined && namespace !== null && !isDict(namespace)) throw new RobotError(`Evaluating expression '${expression}' failed: TypeError: globals must be a dict`);
    try {
      return evaluate(this._ctx, expression, (namespace ?? {}) as Record<string, unknown>);
    } catch (error) {
      const listed = typeof modules === 'string' ? modules.split(',').map((m) => m.trim()).filter(Boolean) : [];
      const name = /NameError: name '([^']+)' is not defined/.exec((error as Error).message)?.[1];
      if (!name || !listed.some((m) => m === name || m.startsWith(`${name}.`))) throw error;
      throw new RobotError(`${(error as Error).message}: Python module '${name}' given in 'modules' cannot be imported, as Tollgate evaluates expressions in TypeScript; use a keyword or a variable instead.`);
    }
  }

  log(message: unknown, level: unknown = 'INFO', html: unknown = false, console: unknown = false, repr: unknown = 'DEPRECATED', formatter: unknown = 'str'): void {
    let format = formatterOf(formatter);
    if (repr !== 'DEPRECATED') {
      this._log("The 'repr' argument of 'BuiltIn.Log' is deprecated. Use 'formatter=repr' instead.", 'WARN');
      if (isTruthyArg(repr)) format = formatterOf('repr');
    }
    const text = format(message);
    const lvl = str(level).toUpperCase();
    const valid = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'HTML', 'CONSOLE'];
    if (!valid.includes(lvl)) throw new RobotError(`Invalid log level '${str(level)}'.`);
    const isHtml = lvl === 'HTML' || isTruthyArg(html);
    this._log(text, lvl === 'HTML' || lvl === 'CONSOLE' ? 'INFO' : (lvl as 'INFO'), isHtml);
    if (isTruthyArg(console) || lvl === 'CONSOLE') this._ctx.console(`${text}\n`, 'stdout');
  }

  /** Each message logged; `@{list}` logs its items and `&{dict}` its `key=value` pairs (resolve=0). */
  logMany(...messages: unknown[]): void {
    for (const message of messages) {
      if (typeof message !== 'string') {
        this.log(message);
        continue;
      }
      if (isListCell(message)) {
        const value = this._ctx.replacer.scalar(message);
        for (const item of value as unknown[]) this.log(item);
      } else if (isDictCell(message)) {
        for (const [k, v] of Object.entries(this._ctx.replacer.scalar(message) as object)) this.log(`${k}=${str(v)}`);
      } else this.log(this._ctx.replacer.scalar(message));
    }
  }

  logToConsole(message: unknown, stream: unknown = 'STDOUT', no_newline: unknown = false, format: unknown = ''): void {
    const formatted = format === '' || format === undefined || format === null ? str(message) : formatValue(message, str(format));
    const text = formatted + (isTruthyArg(no_newline) ? '' : '\n');
    this._ctx.console(text, str(stream).toUpperCase() === 'STDERR' ? 'stderr' : 'stdout');
  }

  comment(...messages: unknown[]): void {
    void messages;
  }

  noOperation(): void {}

  async sleep(time_: unknown, reason: unknown = undefined): Promise<void> {
    const { parseTimeString, formatTime } = await import('../time-string.ts');
    let ms: number;
    try {
      ms = Math.max(0, parseTimeString(str(time_)));
    } catch (error) {
      throw new RobotError(`ValueError: ${(error as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
    this._log(`Slept ${formatTime(ms)}.`);
    if (reason !== undefined) this._log(str(reason));
  }

  getTime(format: unknown = 'timestamp', time_: unknown = 'NOW'): unknown {
    return getTime(format, time_);
  }

}

for (const name of ['setTestVariable', 'setTaskVariable', 'setSuiteVariable', 'setGlobalVariable', 'setLocalVariable']) {
  (BuiltInVariables.prototype as unknown as Record<string, { robotRawArgs?: number }>)[name].robotRawArgs = 1;
}

// Robot does not resolve Comment's arguments at all: a comment may name variables that do not exist.
(BuiltInVariables.prototype as unknown as Record<string, { robotResolve?: number }>).comment.robotResolve = 0;
for (const name of ['createDictionary', 'variableShouldExist', 'variableShouldNotExist', 'getVariableValue', 'logMany']) {
  (BuiltInVariables.prototype as unknown as Record<string, { robotResolve?: number }>)[name].robotResolve = 0;
}

/** A dictionary key: lists and dictionaries are not hashable in Python. */
function dictKey(key: unknown, failure: string): string {
  if (!Array.isArray(key) && !isDict(key)) return str(key);
  // Separate keys fail as Python's TypeError; a `key=value` item's failure is Robot's DataError, which leaves the error's name out.
  const error = `unhashable type: '${Array.isArray(key) ? 'list' : 'dict'}'`;
  throw new RobotError(failure === 'TypeError' ? `TypeError: ${error}` : `${failure}: ${error}`);
}

/** Robot's split_from_equals: the first `=` that is neither escaped nor inside a variable; undefined when there is none. */
export function splitFromEquals(cell: string): [string, string] | undefined {
  let depth = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if ('$@&%'.includes(c) && cell[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === '=' && depth === 0) return [cell.slice(0, i), cell.slice(i + 1)];
  }
  return undefined;
}
