import type { KeywordCall, Statement } from './ast.ts';
import { ExpressionError, evaluateExpression, pythonErrorText } from './expression.ts';
import { bindArguments, splitNamed } from './library.ts';
import type { Found, UserKeyword } from './namespace.ts';
import { findVariable, isDictCell, isListCell, unescape } from './replace.ts';
import { newBody, type BodyResult, type Message } from './result.ts';
import { ControlSignal, RobotError, asRobotError, canContinue, combine } from './robot-error.ts';
import type { RunContext } from './run-context.ts';
import { now, timedOut } from './run-context.ts';
import { keywordNode, notRunNodes, stepNode } from './step-nodes.ts';
import { templatedFailures } from './templated-skips.ts';
import { runControl } from './control-structures.ts';
import { withKeywordPolicy } from './continue-on-failure.ts';
import { parseTimeString, formatTime } from './time-string.ts';
import { argumentSpecOf, resolveCall, setArguments, validateCall } from './user-keyword-arguments.ts';
import { isDict, repr, str, truthy } from './values.ts';
import { normaliseVarName } from './variables.ts';
import { convertTyped, resolvedBase, typedTarget } from './variable-types.ts';
import { convertArgument } from './argument-types.ts';

/**
 * Runs statements and keyword calls with Robot's semantics (issue 8,
 * item 2): a failure stops the body (the rest is NOT RUN) unless the
 * context continues on failure (teardowns); every call is a result node
 * that listeners see start and end, with arguments, messages and timing.
 */

const MAX_DEPTH = 100;

export async function runBody(ctx: RunContext, body: readonly Statement[]): Promise<void> {
  let failures: RobotError[] = [];
  const parent = ctx.stack[ctx.stack.length - 1];
  const steps = parent ? parent.body : ctx.sink;
  const firstStep = steps.length;
  for (let i = 0; i < body.length; i++) {
    try {
      await runStatement(ctx, body[i]);
    } catch (error) {
      if (error instanceof ControlSignal) {
        // BREAK, CONTINUE and RETURN after continuable failures still fail the test with them.
        error.earlier.unshift(...failures);
        markNotRun(ctx, body.slice(i + 1));
        throw error;
      }
      const failure = asRobotError(error);
      if (failure.passExecution && failures.length > 0) {
        markNotRun(ctx, body.slice(i + 1));
        throw combine(failures);
      }
      if (!failure.passExecution) failures.push(...(failure.errors ?? [failure]));
      if (!failure.passExecution && canContinue(failure, ctx)) continue;
      markNotRun(ctx, body.slice(i + 1));
      throw failure.passExecution ? failure : combine(failures);
    }
  }
  if (failures.length > 0 && ctx.template !== undefined) failures = templatedFailures(failures, steps.slice(firstStep));
  if (failures.length > 0) throw combine(failures);
}

export { combine };

function markNotRun(ctx: RunContext, rest: readonly Statement[]): void {
  for (const node of notRunNodes(rest)) attach(ctx, node);
}

export function attach(ctx: RunContext, node: BodyResult): void {
  const parent = ctx.stack[ctx.stack.length - 1];
  (parent ? parent.body : ctx.sink).push(node);
}

/** Runs `fn` as a result node under the current one; records status, message and time. */
export async function withNode<T>(ctx: RunContext, node: BodyResult, fn: () => Promise<T>): Promise<T> {
  const expired = timedOut(ctx);
  if (expired) throw expired;
  attach(ctx, node);
  const parent = ctx.stack[ctx.stack.length - 1];
  node.start = now();
  const started = performance.now();
  ctx.listener.startBody?.(node, parent);
  ctx.stack.push(node);
  try {
    const value = await fn();
    if (node.status === 'NOT RUN') node.status = 'PASS';
    return value;
  } catch (error) {
    if (error instanceof ControlSignal) {
      node.status = error.earlier.length > 0 ? 'FAIL' : 'PASS';
      throw error;
    }
    const failure = asRobotError(error);
    node.status = failure.skip ? 'SKIP' : failure.passExecution ? 'PASS' : 'FAIL';
    node.message = failure.passExecution ? '' : failure.message;
    throw failure;
  } finally {
    // By identity: a timed-out body that resumes late must not pop someone else's node.
    const at = ctx.stack.lastIndexOf(node);
    if (at >= 0) ctx.stack.splice(at, 1);
    node.elapsed = (performance.now() - started) / 1000;
    ctx.listener.endBody?.(node);
  }
}

export function log(ctx: RunContext, text: string, level: Message['level'] = 'INFO', html = false): void {
  const message: Message = { time: now(), level, text, ...(html ? { html } : {}) };
  const node = ctx.stack[ctx.stack.length - 1];
  node?.messages.push(message);
  ctx.listener.message?.(message, node);
}

export async function runStatement(ctx: RunContext, statement: Statement): Promise<void> {
  const expired = timedOut(ctx);
  if (expired) throw expired;
  switch (statement.kind) {
    case 'keyword':
      if (ctx.template !== undefined) {
        await runTemplateRow(ctx, statement);
        return;
      }
      await runCall(ctx, statement);
      return;
    case 'error': {
      const node = stepNode(statement);
      await withNode(ctx, node, async () => {
        throw new RobotError(statement.message, { syntax: true });
      });
      return;
    }
    default:
      await runControl(ctx, statement);
  }
}

/** A row of a templated test: the template keyword with the row's cells as arguments. */
async function runTemplateRow(ctx: RunContext, call: KeywordCall): Promise<void> {
  const template = ctx.template!;
  const cells = call.cells;
  const embedded = findVariable(template);
  // A template with embedded arguments takes the row's cells in place of them, in order.
  if (embedded) {
    let i = 0;
    const name = template.replace(/\$\{[^}]+\}/g, () => cells[i++] ?? '');
    await runCall(ctx, { ...call, assign: [], name, args: cells.slice(i) });
    return;
  }
  await runCall(ctx, { ...call, assign: [], name: template, args: cells });
}

/** Runs a keyword call written in the data; returns what it returned. */
export async function runCall(ctx: RunContext, call: Pick<KeywordCall, 'name' | 'args' | 'assign'> & { source?: KeywordCall['source']; nameResolved?: boolean }, kwType?: 'SETUP' | 'TEARDOWN'): Promise<unknown> {
  const node = keywordNode(call, kwType);
  return withNode(ctx, node, async () => {
    validateAssign(call.assign);
    // An unknown type fails before the keyword runs.
    call.assign.forEach((t) => typedTarget(t));
    const { name, found } = findKeyword(ctx, call.name, kwType !== undefined);
    describe(node, found, name);
    const value = found.kind === 'user'
      ? await runUserKeyword(ctx, found, node, call.args, undefined)
      : await runLibraryKeyword(ctx, found, node, call.args, undefined);
    if (!ctx.dryRun) assign(ctx, call.assign, value, node);
    return value;
  });
}

/**
 * The keyword a call names. A body's call is looked up as written: variables
 * in it are embedded arguments. A setup or teardown names its keyword after
 * variables are replaced, as Robot does; an embedded match of the name as
 * written wins over an embedded match of the replaced one (it keeps the
 * variables' own values), an exact match of the replaced name over both.
 */
function findKeyword(ctx: RunContext, written: string, fixture: boolean): { name: string; found: Found } {
  const caller = ctx.keywordSources?.[ctx.keywordSources.length - 1];
  if (!fixture || !findVariable(written)) return { name: written, found: ctx.namespace.find(written, caller) };
  const name = ctx.replacer.string(written);
  const found = ctx.namespace.find(name, caller);
  if (found.kind === 'user' && found.embeddedValues) {
    try {
      const original = ctx.namespace.find(written, caller);
      if (original.kind === 'user' && original.embeddedValues) return { name: written, found: original };
    } catch {
      // Not found as written: the replaced name's match stands.
    }
  }
  return { name, found };
}

/** Runs a keyword by name with values already resolved (Run Keyword and its family). */
export async function runKeywordWithValues(ctx: RunContext, name: string, values: unknown[]): Promise<unknown> {
  const node = newBody('kw', { name, args: values.map(str) });
  return withNode(ctx, node, async () => {
    const found = ctx.namespace.find(name, ctx.keywordSources?.[ctx.keywordSources.length - 1]);
    describe(node, found, name);
    return found.kind === 'user' ? runUserKeyword(ctx, found, node, undefined, values) : runLibraryKeyword(ctx, found, node, undefined, values);
  });
}

/**
 * Runs a keyword whose name and arguments a Run Keyword variant got as
 * written in the data (Robot's `run_keyword_variant(resolve=N)`): they are
 * resolved only now, when the keyword runs, so a branch that does not run
 * never fails on its variables. Values that are not strings (a list item,
 * a TS library's argument) are passed as they are.
 */
export async function runKeywordCells(ctx: RunContext, name: unknown, cells: readonly unknown[]): Promise<unknown> {
  let args = [...cells];
  if (typeof name === 'string' && isListCell(name) && !ctx.dryRun) {
    const resolved = resolveUntil(ctx, [name, ...args], 1);
    if (resolved.length === 0) throw new RobotError(`Keyword name missing: Given arguments ${repr([name, ...args])} resolved to an empty list.`);
    [name, ...args] = resolved;
  }
  if (typeof name !== 'string') throw new RobotError('Keyword name must be a string.');
  const resolvedName = findVariable(name) && !ctx.dryRun ? ctx.replacer.scalar(name) : unescape(name);
  if (typeof resolvedName !== 'string') throw new RobotError('Keyword name must be a string.');
  if (args.every((a) => typeof a === 'string')) return runCall(ctx, { name: resolvedName, args: args as string[], assign: [], nameResolved: true });
  const values = args.flatMap((a) => (typeof a === 'string' ? ctx.replacer.list([a]) : [a]));
  return runKeywordWithValues(ctx, resolvedName, values);
}

/** Robot's replace_list(items, replace_until=limit): the first `limit` values resolved (lists expanded), the rest left as data. */
export function resolveUntil(ctx: RunContext, items: readonly unknown[], limit: number): unknown[] {
  const rest = [...items];
  const resolved: unknown[] = [];
  while (resolved.length < limit && rest.length > 0) {
    const item = rest.shift();
    resolved.push(...(typeof item === 'string' ? ctx.replacer.list([item]) : [item]));
  }
  return [...resolved.slice(0, limit), ...resolved.slice(limit).map(escapeCell), ...rest];
}

const CONTROL_WORDS = new Set(['ELSE', 'ELSE IF', 'AND', 'WITH NAME', 'AS']);

/** Robot's escape(): a value made into data that resolves back to itself. */
export function escapeCell(item: unknown): unknown {
  if (typeof item !== 'string') return item;
  if (CONTROL_WORDS.has(item)) return `\\${item}`;
  let out = item;
  for (const seq of ['\\', '${', '@{', '%{', '&{', '*{', '=']) out = out.split(seq).join(`\\${seq}`);
  return out;
}

function describe(node: BodyResult, found: Found, name: string): void {
  if (found.kind === 'library') {
    node.name = found.keyword.name;
    node.owner = found.keyword.library;
  } else {
    node.name = found.embeddedValues ? name : found.keyword.definition.name;
    if (found.embeddedValues) node.sourceName = found.keyword.definition.name;
    if (found.keyword.owner) node.owner = found.keyword.owner;
    if (found.keyword.definition.doc) node.doc = found.keyword.definition.doc.split('\n')[0];
    if (found.keyword.definition.tags.length) node.tags = [...found.keyword.definition.tags];
  }
}

function validateAssign(targets: readonly string[]): void {
  const lists = targets.filter((t) => t.startsWith('@'));
  if (targets.some((t) => t.startsWith('&')) && targets.length > 1) throw new RobotError(`Dictionary variable '${targets.find((t) => t.startsWith('&'))}' cannot be assigned with other variables.`);
  if (lists.length > 1) throw new RobotError('Assignment can contain only one list or dictionary variable.');
}

async function withTimeout<T>(ctx: RunContext, timeout: string | null | undefined, what: string, fn: () => Promise<T>): Promise<T> {
  if (!timeout || ctx.dryRun) return fn();
  const text = ctx.replacer.string(timeout);
  if (text.toUpperCase() === 'NONE' || text === '') return fn();
  const ms = parseTimeString(text);
  if (ms <= 0) return fn();
  const message = `${what} timeout ${formatTime(ms)} exceeded.`;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RobotError(message, { timeout: true });
      // A keyword's timeout, unlike the test's, lets a templated test go on with its next row.
      error.keywordTimeout = what === 'Keyword';
      reject(error);
    }, ms);
  });
  const stopWatching = ctx.listener.startTimeout?.(ms, message);
  try {
    return await Promise.race([fn(), expired]);
  } finally {
    clearTimeout(timer);
    stopWatching?.();
  }
}

async function runLibraryKeyword(ctx: RunContext, found: Extract<Found, { kind: 'library' }>, node: BodyResult, cells: readonly string[] | undefined, values: unknown[] | undefined): Promise<unknown> {
  const keyword = found.keyword;
  let positional: unknown[];
  let named: Record<string, unknown> = {};
  if (values) ({ positional, named } = namedFromValues(values, (name) => keyword.spec.positional.includes(name) || !!keyword.spec.kwargs));
  else {
    const raw = (keyword.invoke as { rawArgs?: number }).rawArgs ?? 0;
    const resolve = (keyword.invoke as { resolve?: number }).resolve;
    // A Run Keyword variant resolves its first `resolve` arguments; the rest stay data for the keyword it runs.
    if (resolve !== undefined) return ctx.dryRun ? undefined : await keyword.invoke(resolveUntil(ctx, cells!, resolve), {});
    const split = splitNamed(cells!, keyword.spec);
    if (ctx.dryRun) {
      const counted = split.positional.some((c) => c.startsWith('@{')) || split.positional.some(isDictCell);
      if (!counted) bindArguments(`${keyword.library}.${keyword.name}`, keyword.spec, split.positional, Object.fromEntries(split.named));
      return undefined;
    }
    positional = [];
    for (let i = 0; i < split.positional.length; i++) {
      const cell = split.positional[i];
      if (i < raw) positional.push(cell);
      else if (isDictCell(cell)) Object.assign(named, ctx.replacer.scalar(cell) as object);
      else positional.push(...ctx.replacer.list([cell]));
    }
    named = { ...named, ...Object.fromEntries(split.named.map(([k, v]) => [k, ctx.replacer.scalar(v)])) };
  }
  if (ctx.dryRun) return undefined;
  return await keyword.invoke(positional, named);
}

/** Binds a user keyword's [Arguments], runs its body, its teardown, and returns its RETURN value. */
async function runUserKeyword(ctx: RunContext, found: Extract<Found, { kind: 'user' }>, node: BodyResult, cells: readonly string[] | undefined, values: unknown[] | undefined): Promise<unknown> {
  const { keyword } = found;
  const definition = keyword.definition;
  if (ctx.depth >= MAX_DEPTH) throw new RobotError("Recursive execution stopped.");
  if (keyword.error) throw new RobotError(keyword.error);
  if (definition.body.length === 0) throw new RobotError('User keyword cannot be empty.');
  const spec = argumentSpecOf(definition);
  if (spec.error) throw new RobotError(spec.error);
  const label = keyword.owner ? `${keyword.owner}.${definition.name}` : definition.name;
  const call = resolveCall(ctx, label, spec, cells !== undefined ? { cells } : { values: values ?? [] });
  validateCall(label, spec, call);
  const embedded = (found.embeddedValues ?? []).map((value, i): [string, unknown] => {
    const name = keyword.embedded!.names[i];
    return [name, ctx.dryRun ? value : convertArgument(keyword.embedded!.types[i], ctx.replacer.scalar(value), name)];
  });
  ctx.depth++;
  (ctx.keywordSources ??= []).push(definition.source.file);
  ctx.variables.startKeyword();
  let returned: unknown;
  let failure: RobotError | undefined;
  const savedTemplate = ctx.template;
  const savedInLoop = ctx.inLoop;
  ctx.template = undefined;
  // A user keyword's body and teardown are outside any loop around its call.
  ctx.inLoop = false;
  try {
    for (const [name, value] of embedded) ctx.variables.set(name, value);
    setArguments(ctx, spec, call);
    // The policy is put back when the timeout fires, not when the abandoned body settles.
    await withKeywordPolicy(ctx, definition.tags, () => withTimeout(ctx, definition.timeout, 'Keyword', async () => {
      try {
        await runBody(ctx, definition.body);
      } catch (error) {
        if (error instanceof ControlSignal && error.kind === 'return' && error.earlier.length > 0) throw combine(error.earlier);
        if (error instanceof ControlSignal && error.kind === 'return') returned = error.value;
        else if (error instanceof ControlSignal) throw new RobotError(`${error.kind.toUpperCase()} can only be used inside a loop.`);
        else throw error;
      }
    }));
  } catch (error) {
    failure = asRobotError(error);
  }
  if (definition.teardown && !ctx.dryRun) {
    const saved = ctx.continueOnFailure;
    const savedTeardown = ctx.inTeardown;
    ctx.continueOnFailure = true;
    ctx.inTeardown = true;
    try {
      await runCall(ctx, { name: definition.teardown.name, args: definition.teardown.args, assign: [], source: definition.teardown.source }, 'TEARDOWN');
    } catch (error) {
      const td = asRobotError(error);
      failure = failure ? new RobotError(`${failure.message}\n\nAlso keyword teardown failed:\n${td.message}`) : new RobotError(`Keyword teardown failed:\n${td.message}`);
    } finally {
      ctx.continueOnFailure = saved;
      ctx.inTeardown = savedTeardown;
    }
  }
  ctx.variables.endKeyword();
  ctx.keywordSources.pop();
  ctx.depth--;
  ctx.template = savedTemplate;
  ctx.inLoop = savedInLoop;
  if (failure) throw failure;
  return returned;
}

/**
 * Run Keyword and its family pass arguments already resolved; a string
 * `name=value` among them is still a named argument when the keyword takes that name.
 */
function namedFromValues(values: unknown[], accepts: (name: string) => boolean): { positional: unknown[]; named: Record<string, unknown> } {
  const positional: unknown[] = [];
  const named: Record<string, unknown> = {};
  for (const value of values) {
    const m = typeof value === 'string' ? /^([^=\\]+)=([\s\S]*)$/.exec(value) : null;
    if (m && accepts(m[1])) named[m[1]] = m[2];
    else positional.push(value);
  }
  return { positional, named };
}

/**
 * A RETURN's value as Robot's user keyword runner resolves it: nothing is
 * None, one value is itself, several (or any `@{list}`) are a list.
 */
export function resolveReturnValue(ctx: RunContext, cells: readonly string[]): unknown {
  if (cells.length === 0) return null;
  let values: unknown[];
  try {
    values = ctx.replacer.list(cells);
  } catch (error) {
    throw new RobotError(`Replacing variables from keyword return value failed: ${asRobotError(error).message}`);
  }
  return values.length !== 1 || cells.some(isListCell) ? values : values[0];
}


/** Assigns a return value to `${x}`, `@{x}`, `&{x}`, `${a}  ${b}`, `${x}[key]`. */
export function assign(ctx: RunContext, written: readonly string[], value: unknown, node?: BodyResult): void {
  if (written.length === 0) return;
  const typed = written.map((t) => typedTarget(t));
  const targets = typed.map((t) => t.target);
  const set = (at: number, v: unknown) => {
    const target = targets[at];
    v = convertTyped(v, typed[at], 'Return value', (message) => `ValueError: ${message}`);
    const item = /^\$\{([^}]+)\}\[(.+)\]$/.exec(target);
    if (item) {
      const container = ctx.replacer.scalar(`\${${item[1]}}`);
      const key = ctx.replacer.scalar(item[2]);
      if (Array.isArray(container)) container[Number(key)] = v;
      else if (isDict(container)) container[str(key)] = v;
      else throw new RobotError(`Variable '\${${item[1]}}' is ${str(container)}, which does not support item assignment.`);
    } else ctx.variables.set(resolvedBase(target.slice(2, -1), (text) => ctx.replacer.string(text)), v);
    if (node) log(ctx, `${target} = ${str(v)}`, 'INFO');
  };
  if (targets.length === 1) {
    const target = targets[0];
    // Robot assigns None to @{x} and &{x} as an empty list and dictionary.
    if (value === null || value === undefined) value = target.startsWith('@') ? [] : target.startsWith('&') ? {} : value;
    if (target.startsWith('@')) {
      if (!Array.isArray(value)) throw new RobotError(`Setting variable '${target}' failed: Expected list-like value, got ${typeOf(value)}.`);
      set(0, [...value]);
    } else if (target.startsWith('&')) {
      if (!isDict(value)) throw new RobotError(`Setting variable '${target}' failed: Expected dictionary-like value, got ${typeOf(value)}.`);
      set(0, { ...value });
    } else set(0, value);
    return;
  }
  const listAt = targets.findIndex((t) => t.startsWith('@'));
  // Robot spreads None over the scalars (and an empty list): `${a}  @{b}  ${c} =  IF  False  ...`.
  if (value === null || value === undefined) value = new Array(listAt < 0 ? targets.length : targets.length - 1).fill(null);
  if (!Array.isArray(value)) throw new RobotError(`Cannot set variables: Expected list-like value, got ${typeOf(value)}.`);
  if (listAt < 0 && value.length !== targets.length) throw new RobotError(`Cannot set variables: Expected ${targets.length} return values, got ${value.length}.`);
  if (listAt >= 0 && value.length < targets.length - 1) throw new RobotError(`Cannot set variables: Expected ${targets.length - 1} or more return values, got ${value.length}.`);
  const after = targets.length - listAt - 1;
  targets.forEach((t, i) => {
    if (listAt < 0 || i < listAt) set(i, value[i]);
    else if (i === listAt) set(i, value.slice(listAt, value.length - after));
    else set(i, value[value.length - (targets.length - i)]);
  });
}

function typeOf(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'integer';
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

/** Replaces `${x}` in a condition by its text and evaluates it; `$x` refers to the value itself. */
export function evaluateCondition(ctx: RunContext, condition: string): boolean {
  return truthy(evaluate(ctx, condition));
}

/** `names`: Evaluate's namespace, plain names the expression sees besides Python's builtins. */
export function evaluate(ctx: RunContext, expression: string, names: Record<string, unknown> = {}): unknown {
  const text = ctx.replacer.string(expression);
  try {
    return evaluateExpression(text, (name) => ctx.variables.lookup(name), names);
  } catch (error) {
    if (error instanceof ExpressionError) throw new RobotError(`Evaluating expression '${text}' failed: ${pythonErrorText(error)}`);
    throw error;
  }
}

export { normaliseVarName, withTimeout };
