import { RobotError } from '../robot-error.ts';
import { isDict, isTruthyArg, str } from '../values.ts';
import { BuiltInControl } from './builtin-control.ts';
import { toInteger } from './convert.ts';
import { pythonMethod } from './python-methods.ts';

/**
 * BuiltIn's keywords that change the running test or suite (message,
 * documentation, metadata, log level) and small utilities (Regexp Escape,
 * Convert To Bytes / Binary / Octal / Hex, Call Method).
 */
export class BuiltInMisc extends BuiltInControl {
  setTestMessage(message: unknown, append: unknown = false, separator: unknown = ' '): void {
    if (!this._ctx.test) throw new RobotError("'Set Test Message' keyword cannot be used in suite setup or teardown.");
    const state = this._ctx.state;
    const inTeardown = this._ctx.teardown === 'test';
    // Robot's test.message: in a teardown it is the failure's message, or what the body set when the test passed.
    const old = inTeardown
      ? typeof state.teardownMessage === 'string' ? state.teardownMessage : this._ctx.testOutcome?.message || (typeof state.testMessage === 'string' ? state.testMessage : '')
      : typeof state.testMessage === 'string' ? state.testMessage : '';
    const text = newText(old, message, append, str(separator), true);
    if (inTeardown) {
      state.teardownMessage = text;
      this._ctx.variables.setTest('TEST MESSAGE', text);
    } else state.testMessage = text;
    const html = text.startsWith('*HTML*');
    this._log(`Set test message to:\n${html ? text.slice(6).trimStart() : text}`, 'INFO', html);
  }

  setTestDocumentation(doc: unknown, append: unknown = false, separator: unknown = ' '): void {
    const test = this._ctx.test;
    if (!test) throw new RobotError("'Set Test Documentation' keyword cannot be used in suite setup or teardown.");
    test.doc = newText(test.doc, doc, append, str(separator));
    this._ctx.variables.setTest('TEST DOCUMENTATION', test.doc);
    this._log(`Set test documentation to:\n${test.doc}`);
  }

  setSuiteDocumentation(doc: unknown, append: unknown = false, top: unknown = false, separator: unknown = ' '): void {
    const suite = this._suite(top);
    suite.doc = newText(suite.doc, doc, append, str(separator));
    if (!isTruthyArg(top) || suite === this._ctx.suite) this._ctx.variables.setSuite('SUITE DOCUMENTATION', suite.doc);
    this._log(`Set suite documentation to:\n${suite.doc}`);
  }

  setSuiteMetadata(name: unknown, value: unknown, append: unknown = false, top: unknown = false, separator: unknown = ' '): void {
    const suite = this._suite(top);
    const key = str(name);
    const normal = (n: string) => n.toLowerCase().replace(/[\s_]/g, '');
    const at = suite.metadata.findIndex(([n]) => normal(n) === normal(key));
    const text = newText(at >= 0 ? suite.metadata[at][1] : '', value, append, str(separator));
    if (at >= 0) suite.metadata[at] = [suite.metadata[at][0], text];
    else suite.metadata.push([key, text]);
    if (!isTruthyArg(top) || suite === this._ctx.suite) this._ctx.variables.setSuite('SUITE METADATA', Object.fromEntries(suite.metadata));
    this._log(`Set suite metadata '${key}' to value '${text}'.`);
  }

  private _suite(top: unknown): NonNullable<typeof this._ctx.suite> {
    const suite = isTruthyArg(top) ? this._ctx.topSuite : this._ctx.suite;
    if (!suite) throw new RobotError('Cannot access execution context');
    return suite;
  }

  setLogLevel(level: unknown): string {
    const upper = str(level).toUpperCase();
    if (!LEVELS.includes(upper)) throw new RobotError(`Invalid log level '${str(level)}'.`);
    const old = typeof this._ctx.state.logLevel === 'string' ? this._ctx.state.logLevel : 'INFO';
    this._ctx.state.logLevel = upper;
    this._ctx.variables.setGlobal('LOG LEVEL', upper);
    this._log(`Log level changed from ${old} to ${upper}.`, 'DEBUG');
    return old;
  }

  resetLogLevel(): string {
    return this.setLogLevel('INFO');
  }

  regexpEscape(...patterns: unknown[]): unknown {
    const escape = (p: unknown) => str(p).replace(/[^A-Za-z0-9_]/g, (c) => (c.codePointAt(0)! > 127 ? c : `\\${c}`));
    if (patterns.length === 0) return '';
    return patterns.length === 1 ? escape(patterns[0]) : patterns.map(escape);
  }

  convertToBinary(item: unknown, base: unknown = undefined, prefix: unknown = undefined, length: unknown = undefined): string {
    return radixText(toInteger(item, base), 2, prefix, length);
  }

  convertToOctal(item: unknown, base: unknown = undefined, prefix: unknown = undefined, length: unknown = undefined): string {
    return radixText(toInteger(item, base), 8, prefix, length);
  }

  convertToHex(item: unknown, base: unknown = undefined, prefix: unknown = undefined, length: unknown = undefined, lowercase: unknown = false): string {
    const text = radixText(toInteger(item, base), 16, prefix, length);
    return isTruthyArg(lowercase) ? text.toLowerCase() : text.replace(/[a-f]/g, (c) => c.toUpperCase());
  }

  /** Python bytes (a Uint8Array) from text (characters 0-255), integers, hex or binary digits. */
  convertToBytes(input: unknown, input_type: unknown = 'text'): Uint8Array {
    try {
      const ordinals = BYTE_INPUTS[str(input_type).toLowerCase()];
      if (!ordinals) throw new RobotError(`Invalid input type '${str(input_type)}'.`);
      return Uint8Array.from(ordinals(input));
    } catch (error) {
      throw new RobotError(`Creating bytes failed: ${(error as Error).message}`);
    }
  }

  /** Calls a method of a JavaScript object: Robot's Call Method on what TS libraries and expressions give. */
  callMethod(kwargs: Record<string, unknown>, object: unknown, method_name: unknown, ...args: unknown[]): unknown {
    const name = str(method_name);
    const target = object as Record<string, unknown> | null;
    // A str, list or dict has Python's methods (upper, append, ...); other objects their own JavaScript ones.
    const method = pythonMethod(object, name) ?? (target === null || target === undefined ? undefined : target[name]);
    if (typeof method !== 'function') throw new RobotError(`${typeNameOf(object)} object does not have method '${name}'.`);
    const callArgs = Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
    try {
      return (method as (...a: unknown[]) => unknown).apply(target, callArgs);
    } catch (error) {
      throw new RobotError(`Calling method '${name}' failed: ${(error as Error).message ?? str(error)}`);
    }
  }
}

/** Convert To Bytes' input types: each gives the byte values, or fails naming the value that is not one. */
const BYTE_INPUTS: Record<string, (input: unknown) => number[]> = {
  text: (input) => items(input).map((c) => byte(typeof c === 'number' ? c : str(c).codePointAt(0) ?? 0, c, 'Character')),
  int: (input) => (typeof input === 'string' ? input.split(/\s+/).filter(Boolean) : typeof input === 'number' ? [input] : items(input)).map((i) => byte(toInteger(i), i, 'Integer')),
  hex: (input) => tokens(input, 2).map((t) => byte(toInteger(t, 16), t, 'Hex value')),
  bin: (input) => tokens(input, 8).map((t) => byte(toInteger(t, 2), t, 'Binary value')),
};

function items(input: unknown): unknown[] {
  if (typeof input === 'string') return [...input];
  if (input instanceof Uint8Array || Array.isArray(input)) return [...input];
  throw new RobotError(`'${str(input)}' is not iterable.`);
}

function tokens(input: unknown, length: number): unknown[] {
  if (typeof input !== 'string') return items(input);
  const text = input.replace(/\s+/g, '');
  if (text.length % length !== 0) throw new RobotError(`Expected input to be multiple of ${length}.`);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += length) out.push(text.slice(i, i + length));
  return out;
}

function byte(ordinal: number, original: unknown, kind: string): number {
  if (ordinal >= 0 && ordinal <= 255) return ordinal;
  throw new RobotError(`${kind} '${str(original)}' cannot be represented as a byte.`);
}

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'NONE'];

/** Python's type(object).__name__, as Call Method's message shows it. */
function typeNameOf(value: unknown): string {
  if (isDict(value)) return 'dict';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (value === null || value === undefined) return 'NoneType';
  return (value as object)?.constructor?.name ?? typeof value;
}

/** Robot's _get_new_text: replace, or append with the separator (escaping plain text joined to *HTML* text). */
function newText(old: string, value: unknown, append: unknown, separator: string, handleHtml = false): string {
  let text = str(value);
  if (!(isTruthyArg(append) && old)) return text;
  let sep = separator;
  let before = old;
  if (handleHtml) {
    if (text.startsWith('*HTML*')) {
      text = text.slice(6).trimStart();
      if (!before.startsWith('*HTML*')) before = `*HTML* ${htmlEscape(before)}`;
      sep = htmlEscape(sep);
    } else if (before.startsWith('*HTML*')) {
      text = htmlEscape(text);
      sep = htmlEscape(sep);
    }
  }
  return `${before}${sep}${text}`;
}

function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Python's format(n, 'b'/'o'/'X') with Robot's prefix and zero-padding to `length`. */
function radixText(n: number, radix: number, prefix: unknown, length: unknown): string {
  let digits = Math.abs(n).toString(radix);
  let pre = prefix === undefined || prefix === null ? '' : str(prefix);
  if (n < 0) pre = `-${pre}`;
  if (length !== undefined && length !== null && str(length) !== '') digits = digits.padStart(toInteger(length), '0');
  return pre + digits;
}
