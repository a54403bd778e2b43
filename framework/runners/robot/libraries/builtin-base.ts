import { RobotError } from '../robot-error.ts';
import type { RunContext } from '../run-context.ts';
import { log } from '../keyword-runner.ts';
import { isTruthyArg, str, typeName } from '../values.ts';

/**
 * Shared helpers of the BuiltIn library's parts (one class per concern,
 * chained by inheritance so each stays small; the keyword lookup walks the
 * whole prototype chain). Methods starting with '_' are not keywords.
 */
export class BuiltInBase {
  constructor(protected readonly _ctx: RunContext) {}

  protected _log(text: string, level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO', html = false): void {
    log(this._ctx, text, level, html);
  }

  /** Robot's custom message rule: msg alone, or "msg: default" when values is true. */
  protected _fail(defaultMessage: string, msg: unknown, values: unknown = true): never {
    if (msg === undefined || msg === null) throw new RobotError(defaultMessage);
    const custom = str(msg);
    throw new RobotError(isTruthyArg(values) ? `${custom}: ${defaultMessage}` : custom);
  }

  /** "a != b", or with the types when both print the same: "1 (string) != 1 (integer)". */
  protected _notEqual(first: unknown, second: unknown, op = '!='): string {
    const a = str(first);
    const b = str(second);
    if (a === b && typeName(first) !== typeName(second)) return `${a} (${typeName(first)}) ${op} ${b} (${typeName(second)})`;
    if (typeof first === 'string' && typeof second === 'string' && (a.includes('\n') || b.includes('\n'))) {
      return `Multiline strings are different:\n--- first\n+++ second\n${lineDiff(a, b)}`;
    }
    return `${a} ${op} ${b}`;
  }

  protected _prepare(value: unknown, options: { ignoreCase?: unknown; stripSpaces?: unknown; collapseSpaces?: unknown }): unknown {
    if (typeof value !== 'string') {
      if (Array.isArray(value)) return value.map((v) => this._prepare(v, options));
      return value;
    }
    let v = value;
    if (isTruthyArg(options.ignoreCase ?? false)) v = v.toLowerCase();
    const strip = options.stripSpaces;
    if (strip !== undefined && strip !== false) {
      const mode = typeof strip === 'string' ? strip.toUpperCase() : 'TRUE';
      if (mode === 'LEADING') v = v.replace(/^\s+/, '');
      else if (mode === 'TRAILING') v = v.replace(/\s+$/, '');
      else if (isTruthyArg(strip)) v = v.trim();
    }
    if (isTruthyArg(options.collapseSpaces ?? false)) v = v.replace(/\s+/g, ' ');
    return v;
  }
}

function lineDiff(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) out.push(`  ${x[i]}`);
    else {
      if (x[i] !== undefined) out.push(`- ${x[i]}`);
      if (y[i] !== undefined) out.push(`+ ${y[i]}`);
    }
  }
  return out.join('\n');
}
