import type { ForLoop, Statement, WhileLoop } from './ast.ts';
import { conditionHolds } from './condition.ts';
import { evaluateExpression } from './expression.ts';
import { runBody, withNode } from './keyword-runner.ts';
import { LoopPacer } from './loop-pacer.ts';
import { isDictCell } from './replace.ts';
import { newBody } from './result.ts';
import { notRunNodes, stepNode } from './step-nodes.ts';
import { templatedLoopFailures } from './templated-skips.ts';
import { ControlSignal, RobotError, asRobotError, canContinue, combine } from './robot-error.ts';
import type { RunContext } from './run-context.ts';
import { formatTime, parseTimeString } from './time-string.ts';
import { PyFloat, isNumber, num, str, typeName } from './values.ts';
import { quotedList } from './assign-validation.ts';
import { type TypedTarget, convertTyped, typedTarget } from './variable-types.ts';

/**
 * FOR (IN, IN RANGE, IN ENUMERATE, IN ZIP) and WHILE with Robot's
 * semantics (running/bodyrunner.py): values are produced round by round (a
 * range of a billion costs nothing up front), a continuable failure lets
 * the loop go on and still fails it at the end, BREAK and CONTINUE carry
 * the failures before them, and the event loop gets a turn now and then so
 * a timeout or the run's SIGTERM can stop a long loop (issue 15, item 3).
 */

/** Runs one round; true when the loop must stop. Failures that let it go on are added to `errors`. */
async function runRound(ctx: RunContext, errors: RobotError[], round: () => Promise<void>): Promise<boolean> {
  const savedInLoop = ctx.inLoop;
  ctx.inLoop = true;
  try {
    await round();
    return false;
  } catch (error) {
    if (error instanceof ControlSignal && error.kind !== 'return') {
      errors.push(...error.earlier);
      return error.kind === 'break';
    }
    if (error instanceof ControlSignal) {
      error.earlier.unshift(...errors);
      throw error;
    }
    const failure = asRobotError(error);
    if (failure.passExecution) throw errors.length > 0 ? combine(errors) : failure;
    errors.push(...(failure.errors ?? [failure]));
    return !canContinue(failure, ctx);
  } finally {
    ctx.inLoop = savedInLoop;
  }
}

/** Robot's TemplatesNotAllowed: rows of a templated test inside TRY or WHILE. */
export function templateRows(body: readonly Statement[]): boolean {
  return body.some((s) => {
    if (s.kind === 'keyword') return true;
    if (s.kind === 'if') return s.branches.some((b) => templateRows(b.body));
    if (s.kind === 'for' || s.kind === 'while' || s.kind === 'group') return templateRows(s.body);
    if (s.kind === 'try') return s.branches.some((b) => templateRows(b.body));
    return false;
  });
}

export async function runFor(ctx: RunContext, loop: ForLoop): Promise<void> {
  const node = stepNode(loop);
  await withNode(ctx, node, async () => {
    const typed = loop.variables.map((v) => typedTarget(v, (written) => `Invalid FOR loop variable '${written}': `));
    if (ctx.dryRun) {
      await iteration(ctx, loop, loop.variables.map((v) => [v, '']));
      return;
    }
    const errors: RobotError[] = [];
    const pacer = new LoopPacer();
    for (const values of forRounds(ctx, loop)) {
      const round = loop.variables.length === 1 && values.length !== 1 ? [values] : values;
      if (await runRound(ctx, errors, () => iteration(ctx, loop, loop.variables.map((v, i) => [v, round[i]]), typed))) break;
      await pacer.tick();
    }
    const failures = ctx.template !== undefined ? templatedLoopFailures(errors) : errors;
    if (failures.length > 0) throw combine(failures);
  });
}

async function iteration(ctx: RunContext, loop: ForLoop, values: [string, unknown][], typed: TypedTarget[] = []): Promise<void> {
  const iter = newBody('iter', { iterVars: values.map(([n, v]) => [n, str(v)]) });
  await withNode(ctx, iter, async () => {
    // As Robot's dry run, the loop's variables are not set: a GROUP named after one fails there as in Robot.
    if (!ctx.dryRun) {
      values.forEach(([name, value], i) => {
        const converted = typed[i] ? convertTyped(value, typed[i], 'FOR loop variable', (message) => `ValueError: ${message}`, name) : value;
        ctx.variables.set((typed[i]?.target ?? name).slice(2, -1), converted);
      });
    }
    await runBody(ctx, loop.body);
  });
}

/** A syntax error of the loop's values: nothing in the loop runs. */
function invalid(message: string): RobotError {
  return new RobotError(message, { syntax: true });
}

/** Resolves an option's value; a failure is prefixed with `what`. */
function option<T>(what: string, resolve: () => T, separator = ': '): T {
  try {
    return resolve();
  } catch (error) {
    throw new RobotError(`${what}${separator}${asRobotError(error).message}`);
  }
}

function forRounds(ctx: RunContext, loop: ForLoop): Iterable<unknown[]> {
  const n = loop.variables.length;
  const start = loop.flavor === 'IN ENUMERATE' && loop.options.start !== undefined
    ? option('Invalid FOR IN ENUMERATE start value', () => {
      const text = ctx.replacer.string(loop.options.start);
      if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new RobotError(`Value must be an integer, got '${text}'.`);
      return Number(text);
    })
    : 0;
  let mode = 'SHORTEST';
  let fill: unknown = null;
  if (loop.flavor === 'IN ZIP') {
    if (loop.options.mode !== undefined) {
      mode = option('Invalid FOR IN ZIP mode', () => {
        const text = ctx.replacer.string(loop.options.mode);
        const valid = ['STRICT', 'SHORTEST', 'LONGEST'];
        if (!valid.includes(text.toUpperCase())) throw new RobotError(`Value '${text}' is not accepted. Valid values are ${quotedList(valid)}.`);
        return text.toUpperCase();
      });
    }
    if (loop.options.fill !== undefined) fill = option('Invalid FOR IN ZIP fill value', () => ctx.replacer.scalar(loop.options.fill));
  }
  if (loop.values.some(isDictCell)) {
    if (loop.flavor === 'IN RANGE' || loop.flavor === 'IN ZIP') throw invalid(`FOR ${loop.flavor} loops do not support iterating over dictionaries.`);
    const items = dictItems(ctx, loop.values);
    if (loop.flavor === 'IN ENUMERATE') {
      if (n > 3) throw invalid(`Number of FOR IN ENUMERATE loop variables must be 1-3 when iterating over dictionaries, got ${n}.`);
      return items.map(([k, v], i) => (n === 2 ? [start + i, [k, v]] : [start + i, k, v]));
    }
    if (n > 2) throw invalid(`Number of FOR loop variables must be 1 or 2 when iterating over dictionaries, got ${n}.`);
    return items.map(([k, v]) => [k, v]);
  }
  const values = ctx.replacer.list(loop.values);
  if (loop.flavor === 'IN RANGE') return chunks(range(values), n);
  if (loop.flavor === 'IN ZIP') return zip(values, n, mode, fill);
  if (loop.flavor === 'IN ENUMERATE') {
    const per = Math.max(n - 1, 1);
    if (values.length % per !== 0) {
      throw new RobotError(`Number of FOR IN ENUMERATE loop values should be multiple of its variables (excluding the index). Got ${per} variables but ${values.length} value${values.length === 1 ? '' : 's'}.`);
    }
    return mapRounds(chunks(values, per), (c, i) => [start + i, ...c]);
  }
  return chunks(values, n);
}

/** `&{dict}` and `key=value` values as one dictionary's items, later keys winning. */
function dictItems(ctx: RunContext, cells: string[]): [unknown, unknown][] {
  const items = new Map<unknown, unknown>();
  for (const cell of cells) {
    if (isDictCell(cell)) {
      for (const [k, v] of Object.entries(ctx.replacer.scalar(cell) as Record<string, unknown>)) items.set(k, v);
      continue;
    }
    const eq = cell.search(/(?<!\\)=/);
    if (eq < 0) throw invalid(`Invalid FOR loop value '${cell}'. When iterating over dictionaries, values must be '&{dict}' variables or use 'key=value' syntax.`);
    items.set(ctx.replacer.scalar(cell.slice(0, eq)), ctx.replacer.scalar(cell.slice(eq + 1)));
  }
  return [...items];
}

function* mapRounds(rounds: Iterable<unknown[]>, map: (round: unknown[], index: number) => unknown[]): Iterable<unknown[]> {
  let i = 0;
  for (const round of rounds) yield map(round, i++);
}

/** Values `size` at a time; their count must be a multiple of it. */
function chunks(values: unknown[] | { length: number; at(i: number): unknown }, size: number): Iterable<unknown[]> {
  if (values.length % size !== 0) {
    throw new RobotError(`Number of FOR loop values should be multiple of its variables. Got ${size} variables but ${values.length} value${values.length === 1 ? '' : 's'}.`);
  }
  return (function* () {
    for (let i = 0; i < values.length; i += size) {
      const round: unknown[] = [];
      for (let j = 0; j < size; j++) round.push(values.at(i + j));
      yield round;
    }
  })();
}

/** Python's range(), or Robot's frange for floats, computed per item instead of held in memory. */
function range(values: unknown[]): { length: number; at(i: number): unknown } {
  if (values.length < 1 || values.length > 3) throw invalid(`FOR IN RANGE expected 1-3 values, got ${values.length}.`);
  const numbers = values.map((v) => {
    if (isNumber(v)) return v;
    try {
      const value = evaluateExpression(str(v), () => ({ found: false }));
      if (!isNumber(value)) throw new RobotError(`TypeError: Expected number, got ${typeName(v)}.`);
      return value;
    } catch (error) {
      const message = asRobotError(error).message;
      throw new RobotError(`Converting FOR IN RANGE values failed: ${/^\w+Error:/.test(message) ? message : `SyntaxError: ${message}`}.`);
    }
  });
  const floats = numbers.some((v) => v instanceof PyFloat || !Number.isInteger(num(v)));
  const [startAt, stop, step] = numbers.length === 1 ? [0, num(numbers[0]), 1] : [num(numbers[0]), num(numbers[1]), numbers[2] === undefined ? 1 : num(numbers[2])];
  if (step === 0) throw new RobotError('Converting FOR IN RANGE values failed: ValueError: range() arg 3 must not be zero.');
  // frange: scaled to integers by the decimals the arguments have, so 3.14 - 2 is 1.14.
  const digits = floats ? Math.max(...[startAt, stop, step].map(decimals)) : 0;
  const factor = 10 ** digits;
  const [a, b, c] = [Math.round(startAt * factor), Math.round(stop * factor), Math.round(step * factor)];
  const length = Math.max(0, Math.ceil((b - a) / c));
  return { length, at: (i) => (floats ? new PyFloat((a + i * c) / factor) : a + i * c) };
}

function decimals(n: number): number {
  const text = String(n);
  const [mantissa, exponent] = text.split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

function zip(values: unknown[], n: number, mode: string, fill: unknown): Iterable<unknown[]> {
  const lists = values.map((v, i) => {
    if (Array.isArray(v)) return v;
    throw new RobotError(`FOR IN ZIP items must be list-like, but item ${i + 1} is ${typeName(v)}.`);
  });
  if (lists.length % n !== 0) {
    throw new RobotError(`Number of FOR loop values should be multiple of its variables. Got ${n} variables but ${lists.length} value${lists.length === 1 ? '' : 's'}.`);
  }
  const lengths = lists.map((l) => l.length);
  if (mode === 'STRICT' && new Set(lengths).size > 1) {
    throw new RobotError(`FOR IN ZIP items must have equal lengths in the STRICT mode, but lengths are ${quotedList(lengths.map(String)).replace(/'/g, '')}.`);
  }
  const length = lists.length === 0 ? 0 : mode === 'LONGEST' ? Math.max(...lengths) : Math.min(...lengths);
  return (function* () {
    for (let i = 0; i < length; i++) yield lists.map((l) => (i < l.length ? l[i] : fill));
  })();
}

/** A WHILE limit: a count of iterations, a time, or none. */
interface Limit {
  exceeded(count: number, started: number): boolean;
  text: string;
}

function whileLimit(ctx: RunContext, loop: WhileLoop): Limit | undefined {
  if (loop.limit === undefined) return { exceeded: (count) => count >= 10_000, text: '10000 iterations' };
  const text = option('Invalid WHILE loop limit', () => ctx.replacer.string(loop.limit!));
  if (text.toUpperCase() === 'NONE') return undefined;
  const normal = text.replace(/[\s_]/g, '').toLowerCase().replace(/(times|x)$/, '');
  if (/^[+-]?\d+$/.test(normal)) {
    const count = Number(normal);
    if (count <= 0) throw new RobotError(`Invalid WHILE loop limit: Iteration count must be a positive integer, got '${count}'.`);
    return { exceeded: (n) => n >= count, text: `${count} iterations` };
  }
  const ms = option('Invalid WHILE loop limit', () => parseTimeString(text));
  return { exceeded: (_, started) => performance.now() - started > ms, text: formatTime(ms) };
}

export async function runWhile(ctx: RunContext, loop: WhileLoop): Promise<void> {
  const node = stepNode(loop);
  let ran = false;
  await withNode(ctx, node, async () => {
    if (ctx.template !== undefined && templateRows(loop.body)) throw invalid('WHILE does not support templates.');
    if (ctx.dryRun) {
      // Robot's dry run checks the keywords of a WHILE's body but runs it as not run: a GROUP's name is left as written.
      const saved = ctx.dryRunNotRun;
      ctx.dryRunNotRun = true;
      try {
        await withNode(ctx, newBody('iter'), () => runBody(ctx, loop.body));
      } finally {
        ctx.dryRunNotRun = saved;
      }
      return;
    }
    const holds = () => loop.condition === '' || conditionHolds(ctx, loop.condition, 'WHILE loop');
    if (!holds()) {
      node.body.push(newBody('iter', { body: notRunNodes(loop.body) }));
      return;
    }
    ran = true;
    const limit = whileLimit(ctx, loop);
    const onLimit = loop.onLimit === undefined ? 'FAIL' : option("Invalid WHILE loop 'on_limit'", () => {
      const text = ctx.replacer.string(loop.onLimit!);
      if (!['PASS', 'FAIL'].includes(text.toUpperCase())) throw new RobotError(`Value '${text}' is not accepted. Valid values are 'PASS' and 'FAIL'.`);
      return text.toUpperCase();
    });
    // Robot's message has a stray quote after the colon; kept, as conformance is measured on the exact text.
    const message = loop.onLimitMessage === undefined ? undefined : option("Invalid WHILE loop 'on_limit_message'", () => ctx.replacer.string(loop.onLimitMessage!), ": '");
    const errors: RobotError[] = [];
    const pacer = new LoopPacer();
    const started = performance.now();
    for (let count = 0; ; count++) {
      if (limit?.exceeded(count, started)) {
        const text = message ?? `WHILE loop was aborted because it did not finish within the limit of ${limit.text}. Use the 'limit' argument to increase or remove the limit if needed.`;
        if (onLimit === 'PASS') node.messages.push({ time: new Date().toISOString(), level: 'INFO', text });
        else errors.push(new RobotError(text));
        break;
      }
      if (await runRound(ctx, errors, () => withNode(ctx, newBody('iter'), () => runBody(ctx, loop.body)))) break;
      await pacer.tick();
      if (!holds()) break;
    }
    if (errors.length > 0) throw combine(errors);
  });
  if (!ran && !ctx.dryRun) node.status = 'NOT RUN';
}
