import type { ForLoop, IfBlock, SimpleStatement, Statement, TryBlock, VarStatement, WhileLoop } from './ast.ts';
import { assign, evaluate, evaluateCondition, returnValue, runBody, runCall, withNode } from './keyword-runner.ts';
import { isDictCell } from './replace.ts';
import { newBody } from './result.ts';
import { ControlSignal, RobotError, asRobotError } from './robot-error.ts';
import type { RunContext } from './run-context.ts';
import { parseTimeString } from './time-string.ts';
import { isDict, isNumber, num, str } from './values.ts';

/**
 * FOR (IN, IN RANGE, IN ENUMERATE, IN ZIP), WHILE with its limit, IF and
 * inline IF, TRY/EXCEPT/ELSE/FINALLY, BREAK, CONTINUE, RETURN and VAR, as
 * result nodes shaped like output.xml's <for>/<iter>, <if>/<branch> ...
 * In --dryrun every branch and one pass of each loop body is checked.
 */

export async function runControl(ctx: RunContext, statement: Exclude<Statement, { kind: 'keyword' | 'error' }>): Promise<void> {
  switch (statement.kind) {
    case 'for': return runFor(ctx, statement);
    case 'while': return runWhile(ctx, statement);
    case 'if': return runIf(ctx, statement);
    case 'try': return runTry(ctx, statement);
    case 'var': return runVar(ctx, statement);
    default: return runSignal(ctx, statement);
  }
}

async function runFor(ctx: RunContext, loop: ForLoop): Promise<void> {
  const node = newBody('for', { attrs: { flavor: loop.flavor, ...loop.options }, values: loop.values, assign: loop.variables, line: loop.source.line });
  await withNode(ctx, node, async () => {
    if (ctx.dryRun) {
      await iteration(ctx, loop, loop.variables.map((v) => [v, '']));
      return;
    }
    const rounds = forRounds(ctx, loop);
    for (const values of rounds) {
      try {
        await iteration(ctx, loop, loop.variables.map((v, i) => [v, values[i]]));
      } catch (error) {
        if (error instanceof ControlSignal && error.kind === 'break') break;
        if (error instanceof ControlSignal && error.kind === 'continue') continue;
        throw error;
      }
    }
  });
}

async function iteration(ctx: RunContext, loop: ForLoop, values: [string, unknown][]): Promise<void> {
  const iter = newBody('iter', { iterVars: values.map(([n, v]) => [n, str(v)]) });
  await withNode(ctx, iter, async () => {
    for (const [name, value] of values) ctx.variables.set(name.slice(2, -1), value);
    await runBody(ctx, loop.body);
  });
}

function forRounds(ctx: RunContext, loop: ForLoop): unknown[][] {
  const n = loop.variables.length;
  if (loop.flavor === 'IN RANGE') {
    if (n !== 1) throw new RobotError(`FOR IN RANGE expects 1 loop variable, got ${n}.`);
    const args = ctx.replacer.list(loop.values).map((v) => (isNumber(v) ? num(v) : Number(str(evaluate(ctx, str(v))))));
    if (args.length > 3 || args.some(Number.isNaN)) throw new RobotError(`FOR IN RANGE expected 1-3 values, got ${args.length}.`);
    const [start, stop, step] = args.length === 1 ? [0, args[0], 1] : [args[0], args[1], args[2] ?? 1];
    if (step === 0) throw new RobotError('FOR IN RANGE step cannot be 0.');
    const out: unknown[][] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push([i]);
    return out;
  }
  if (loop.flavor === 'IN ZIP') {
    const lists = ctx.replacer.list(loop.values).map((v) => {
      if (Array.isArray(v)) return v;
      if (typeof v === 'string') return [...v];
      throw new RobotError(`FOR IN ZIP items must be list-like, but item ${JSON.stringify(v)} is ${typeof v}.`);
    });
    const mode = (loop.options.mode ? ctx.replacer.string(loop.options.mode) : 'SHORTEST').toUpperCase();
    const lengths = lists.map((l) => l.length);
    if (mode === 'STRICT' && new Set(lengths).size > 1) throw new RobotError(`FOR IN ZIP items must have equal lengths in the STRICT mode, but lengths are ${lengths.join(' and ')}.`);
    const length = mode === 'LONGEST' ? Math.max(...lengths) : Math.min(...lengths);
    const fill = loop.options.fill !== undefined ? ctx.replacer.scalar(loop.options.fill) : null;
    const rows = Array.from({ length }, (_, i) => lists.map((l) => (i < l.length ? l[i] : fill)));
    if (n === 1) return rows.map((r) => [r]);
    if (n !== lists.length) throw new RobotError(`FOR IN ZIP expects ${lists.length} loop variables, got ${n}.`);
    return rows;
  }
  // `FOR    ${key}    ${value}    IN    &{dict}` iterates the dictionary's items.
  if (loop.values.length > 0 && loop.values.every(isDictCell)) {
    const items = loop.values.flatMap((cell) => Object.entries(ctx.replacer.scalar(cell) as Record<string, unknown>));
    if (loop.flavor === 'IN ENUMERATE') return items.map(([k, v], i) => (n === 3 ? [i, k, v] : [i, [k, v]]));
    return n === 2 ? items : items.map((item) => [item]);
  }
  const values = ctx.replacer.list(loop.values);
  if (loop.flavor === 'IN ENUMERATE') {
    const start = loop.options.start !== undefined ? Number(ctx.replacer.string(loop.options.start)) : 0;
    if (n === 2 && values.every(Array.isArray)) return values.map((v, i) => [start + i, v]);
    const per = n - 1;
    if (per > 1) return chunk(values, per, n).map((c, i) => [start + i, ...c]);
    return values.map((v, i) => [start + i, v]);
  }
  if (n === 1) return values.map((v) => [v]);
  return chunk(values, n, n);
}

function chunk(values: unknown[], size: number, variables: number): unknown[][] {
  if (values.length % size !== 0) {
    throw new RobotError(`Number of FOR loop values should be multiple of its variables. Got ${variables} variables but ${values.length} value${values.length === 1 ? '' : 's'}.`);
  }
  const out: unknown[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

async function runWhile(ctx: RunContext, loop: WhileLoop): Promise<void> {
  const attrs: Record<string, string> = { condition: loop.condition };
  if (loop.limit) attrs.limit = loop.limit;
  if (loop.onLimit) attrs.on_limit = loop.onLimit;
  if (loop.onLimitMessage) attrs.on_limit_message = loop.onLimitMessage;
  const node = newBody('while', { attrs, line: loop.source.line });
  await withNode(ctx, node, async () => {
    if (ctx.dryRun) {
      await withNode(ctx, newBody('iter'), () => runBody(ctx, loop.body));
      return;
    }
    const limitText = loop.limit ? ctx.replacer.string(loop.limit) : '10000';
    let maxIterations = Infinity;
    let deadline = Infinity;
    if (limitText.toUpperCase() !== 'NONE') {
      if (/^\d+$/.test(limitText.trim())) maxIterations = Number(limitText);
      else if (/^\d+\s*(x|times)$/i.test(limitText.trim())) maxIterations = parseInt(limitText, 10);
      else deadline = Date.now() + parseTimeString(limitText);
    }
    const started = Date.now();
    let count = 0;
    while (loop.condition === '' || evaluateCondition(ctx, loop.condition)) {
      if (count >= maxIterations || Date.now() > deadline) {
        if (loop.onLimit && ctx.replacer.string(loop.onLimit).toUpperCase() === 'PASS') return;
        const what = maxIterations !== Infinity ? `${maxIterations} iterations` : `${ctx.replacer.string(loop.limit!)}`;
        const message = loop.onLimitMessage
          ? ctx.replacer.string(loop.onLimitMessage)
          : `WHILE loop was aborted because it did not finish within the limit of ${what}. Use the 'limit' argument to increase or remove the limit if needed.`;
        throw new RobotError(message);
      }
      count++;
      try {
        await withNode(ctx, newBody('iter'), () => runBody(ctx, loop.body));
      } catch (error) {
        if (error instanceof ControlSignal && error.kind === 'break') break;
        if (error instanceof ControlSignal && error.kind === 'continue') continue;
        throw error;
      }
      // A WHILE over async keywords must not starve timers (test timeouts) forever.
      if (count % 100 === 0 || Date.now() - started > 50) await new Promise((r) => setImmediate(r));
    }
  });
}

async function runIf(ctx: RunContext, block: IfBlock): Promise<void> {
  const node = newBody('if', { line: block.source.line });
  let value: unknown = null;
  await withNode(ctx, node, async () => {
    let taken = false;
    for (const branch of block.branches) {
      const attrs: Record<string, string> = { type: branch.type, ...(branch.condition !== undefined ? { condition: branch.condition } : {}) };
      const bnode = newBody('branch', { attrs, line: branch.source.line });
      if (ctx.dryRun) {
        await withNode(ctx, bnode, () => runBody(ctx, branch.body));
        continue;
      }
      if (taken) {
        (ctx.stack[ctx.stack.length - 1].body).push(bnode);
        continue;
      }
      await withNode(ctx, bnode, async () => {
        if (branch.condition !== undefined && !evaluateCondition(ctx, branch.condition)) return;
        taken = true;
        if (block.assign.length > 0 && branch.body[0]?.kind === 'keyword') {
          const call = branch.body[0];
          value = await runCall(ctx, { ...call, assign: [] });
        } else await runBody(ctx, branch.body);
      });
      if (!taken) bnode.status = 'NOT RUN';
    }
  });
  if (block.assign.length > 0 && !ctx.dryRun) assign(ctx, block.assign, value);
}

async function runTry(ctx: RunContext, block: TryBlock): Promise<void> {
  const node = newBody('try', { line: block.source.line });
  await withNode(ctx, node, async () => {
    const [tryBranch, ...rest] = block.branches;
    let error: RobotError | undefined;
    let handled = false;
    const mark = (b: (typeof block.branches)[number]) => {
      const n = newBody('branch', { attrs: branchAttrs(b), patterns: b.patterns, line: b.source.line });
      ctx.stack[ctx.stack.length - 1].body.push(n);
    };
    try {
      await withNode(ctx, newBody('branch', { attrs: { type: 'TRY' }, line: tryBranch.source.line }), () => runBody(ctx, tryBranch.body));
    } catch (e) {
      if (e instanceof ControlSignal) throw e;
      error = asRobotError(e);
    }
    let pending: unknown;
    for (const branch of rest) {
      if (branch.type === 'EXCEPT') {
        if (ctx.dryRun) {
          await withNode(ctx, newBody('branch', { attrs: branchAttrs(branch), patterns: branch.patterns }), () => runBody(ctx, branch.body));
          continue;
        }
        if (!error || handled || error.skip || error.passExecution || error.timeout || !matches(ctx, branch.patterns, branch.patternType, error.message)) {
          mark(branch);
          continue;
        }
        handled = true;
        try {
          await withNode(ctx, newBody('branch', { attrs: branchAttrs(branch), patterns: branch.patterns, line: branch.source.line }), async () => {
            if (branch.assign) ctx.variables.set(branch.assign.slice(2, -1), error!.message);
            await runBody(ctx, branch.body);
          });
        } catch (e) {
          pending = e;
        }
      } else if (branch.type === 'ELSE') {
        if (error && !ctx.dryRun) {
          mark(branch);
          continue;
        }
        try {
          await withNode(ctx, newBody('branch', { attrs: { type: 'ELSE' }, line: branch.source.line }), () => runBody(ctx, branch.body));
        } catch (e) {
          pending = e;
        }
      } else if (branch.type === 'FINALLY') {
        await withNode(ctx, newBody('branch', { attrs: { type: 'FINALLY' }, line: branch.source.line }), () => runBody(ctx, branch.body));
      }
    }
    if (pending) throw pending;
    if (error && !handled) throw error;
  });
}

function branchAttrs(branch: TryBlock['branches'][number]): Record<string, string> {
  return { type: branch.type, ...(branch.patternType ? { pattern_type: branch.patternType } : {}), ...(branch.assign ? { assign: branch.assign } : {}) };
}

function matches(ctx: RunContext, patterns: string[], type: string | undefined, message: string): boolean {
  if (patterns.length === 0) return true;
  const kind = (type ? ctx.replacer.string(type) : 'LITERAL').toUpperCase();
  return patterns.map((p) => ctx.replacer.string(p)).some((p) => {
    switch (kind) {
      case 'GLOB': return globToRegex(p).test(message);
      case 'REGEXP': return new RegExp(`^(?:${p})$`, 's').test(message);
      case 'START': return message.startsWith(p);
      case 'LITERAL': return message === p;
      default: throw new RobotError(`Invalid EXCEPT pattern type '${kind}'. Valid values are 'GLOB', 'REGEXP', 'START' and 'LITERAL'.`);
    }
  });
}

export function globToRegex(pattern: string, flags = 's'): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end > i + 1) {
        const body = pattern.slice(i + 1, end);
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      } else out += '\\[';
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, flags);
}

async function runVar(ctx: RunContext, statement: VarStatement): Promise<void> {
  const node = newBody('variable', { name: statement.name, values: statement.values, attrs: { ...(statement.scope ? { scope: statement.scope } : {}), ...(statement.separator ? { separator: statement.separator } : {}) }, line: statement.source.line });
  await withNode(ctx, node, async () => {
    if (ctx.dryRun) return;
    const kind = statement.name[0];
    const bare = statement.name.slice(2, -1);
    let value: unknown;
    if (kind === '$') {
      const parts = ctx.replacer.list(statement.values);
      const separator = statement.separator !== undefined ? ctx.replacer.string(statement.separator) : ' ';
      value = parts.length === 1 ? parts[0] : parts.map(str).join(separator);
      if (parts.length === 0) value = '';
    } else if (kind === '@') value = ctx.replacer.list(statement.values);
    else {
      const dict: Record<string, unknown> = {};
      for (const cell of statement.values) {
        if (cell.startsWith('&{')) Object.assign(dict, ctx.replacer.scalar(cell) as object);
        else {
          const eq = cell.search(/(?<!\\)=/);
          if (eq < 0) throw new RobotError(`Invalid dictionary variable item '${cell}'. Items must use 'name=value' syntax or be dictionary variables themselves.`);
          dict[str(ctx.replacer.scalar(cell.slice(0, eq)))] = ctx.replacer.scalar(cell.slice(eq + 1));
        }
      }
      value = dict;
    }
    const scope = (statement.scope ? ctx.replacer.string(statement.scope) : 'LOCAL').toUpperCase();
    if (scope === 'LOCAL') ctx.variables.set(bare, value);
    else if (scope === 'TEST' || scope === 'TASK') ctx.variables.setTest(bare, value);
    else if (scope === 'SUITE' || scope === 'SUITES') ctx.variables.setSuite(bare, value, scope === 'SUITES');
    else if (scope === 'GLOBAL') ctx.variables.setGlobal(bare, value);
    else throw new RobotError(`VAR option 'scope' does not accept value '${scope}'. Valid values are 'LOCAL', 'TEST', 'TASK', 'SUITE', 'SUITES' and 'GLOBAL'.`);
    node.messages.push({ time: new Date().toISOString(), level: 'INFO', text: `${statement.name} = ${str(value)}` });
  });
}

async function runSignal(ctx: RunContext, statement: SimpleStatement): Promise<void> {
  const inLoop = ctx.stack.some((n) => n.type === 'for' || n.type === 'while');
  const valid = statement.kind === 'return' ? ctx.depth > 0 : inLoop;
  // An invalid RETURN/BREAK/CONTINUE is recorded as an error, as Robot does (and as output.xml's schema allows).
  const node = newBody(valid ? statement.kind : 'error', { values: valid ? statement.values : [statement.kind.toUpperCase(), ...statement.values], line: statement.source.line });
  await withNode(ctx, node, async () => {
    if (ctx.dryRun) return;
    if (statement.kind === 'return') {
      if (ctx.depth === 0) throw new RobotError('RETURN can only be used inside a user keyword.');
      throw new ControlSignal('return', returnValue(ctx.replacer.list(statement.values)));
    }
    if (!ctx.stack.some((n) => n.type === 'for' || n.type === 'while')) throw new RobotError(`${statement.kind.toUpperCase()} can only be used inside a loop.`);
    throw new ControlSignal(statement.kind);
  });
}
