import type { IfBlock, SimpleStatement, Statement, TryBlock, VarStatement } from './ast.ts';
import { conditionHolds } from './condition.ts';
import { runGroup } from './group.ts';
import { assign, resolveReturnValue, runBody, runCall, withNode } from './keyword-runner.ts';
import { runFor, runWhile, templateRows } from './loops.ts';
import { pythonFullMatch } from './python-regex.ts';
import { branchNode, notRunBranch, notRunNodes, stepNode } from './step-nodes.ts';
import { ControlSignal, RobotError, asRobotError } from './robot-error.ts';
import type { RunContext } from './run-context.ts';
import { str } from './values.ts';
import { convertTyped, resolvedBase, typedTarget } from './variable-types.ts';

/**
 * FOR (IN, IN RANGE, IN ENUMERATE, IN ZIP), WHILE with its limit, IF and
 * inline IF, TRY/EXCEPT/ELSE/FINALLY, GROUP, BREAK, CONTINUE, RETURN and VAR, as
 * result nodes shaped like output.xml's <for>/<iter>, <if>/<branch> ...
 * In --dryrun every branch and one pass of each loop body is checked.
 */

export async function runControl(ctx: RunContext, statement: Exclude<Statement, { kind: 'keyword' | 'error' }>): Promise<void> {
  switch (statement.kind) {
    case 'for': return runFor(ctx, statement);
    case 'while': return runWhile(ctx, statement);
    case 'if': return runIf(ctx, statement);
    case 'try': return runTry(ctx, statement);
    case 'group': return runGroup(ctx, statement);
    case 'var': return runVar(ctx, statement);
    default: return runSignal(ctx, statement);
  }
}

async function runIf(ctx: RunContext, block: IfBlock): Promise<void> {
  const node = stepNode(block);
  let value: unknown = null;
  await withNode(ctx, node, async () => {
    let taken = false;
    // As Robot's IfRunner: a failing branch fails the IF only after the branches below it are shown NOT RUN.
    let failure: unknown;
    for (const branch of block.branches) {
      if (taken && !ctx.dryRun) {
        node.body.push(notRunBranch(branch));
        continue;
      }
      const bnode = branchNode(branch);
      let ran = false;
      try {
        await withNode(ctx, bnode, async () => {
          if (!ctx.dryRun && branch.condition !== undefined && !conditionHolds(ctx, branch.condition, branch.type)) return;
          taken = true;
          ran = true;
          if (block.assign.length > 0 && branch.body[0]?.kind === 'keyword' && !ctx.dryRun) {
            const call = branch.body[0];
            value = await runCall(ctx, { ...call, assign: [] });
          } else await runBody(ctx, branch.body);
        });
      } catch (error) {
        failure = error;
        taken = true;
      }
      if (!ran) {
        if (bnode.status !== 'FAIL') bnode.status = 'NOT RUN';
        bnode.body.push(...notRunNodes(branch.body));
      }
    }
    if (failure !== undefined) throw failure;
  });
  if (block.assign.length > 0 && !ctx.dryRun) assign(ctx, block.assign, value);
}

async function runTry(ctx: RunContext, block: TryBlock): Promise<void> {
  const node = stepNode(block);
  await withNode(ctx, node, async () => {
    if (ctx.template !== undefined && block.branches.some((b) => templateRows(b.body))) throw new RobotError('TRY does not support templates.', { syntax: true });
    const [tryBranch, ...rest] = block.branches;
    let error: RobotError | undefined;
    let handled = false;
    const mark = (b: (typeof block.branches)[number]) => ctx.stack[ctx.stack.length - 1].body.push(notRunBranch(b));
    try {
      await withNode(ctx, branchNode(tryBranch), () => runBody(ctx, tryBranch.body));
    } catch (e) {
      if (e instanceof ControlSignal) throw e;
      error = asRobotError(e);
      // Invalid data is not an error the test can handle: no EXCEPT runs for it.
      if (error.syntax) throw error;
    }
    let pending: unknown;
    for (const branch of rest) {
      if (branch.type === 'EXCEPT') {
        if (ctx.dryRun) {
          await withNode(ctx, branchNode(branch), () => runBody(ctx, branch.body));
          continue;
        }
        if (!error || handled || error.skip || error.passExecution || error.timeout || !matches(ctx, branch.patterns, branch.patternType, error.message)) {
          mark(branch);
          continue;
        }
        handled = true;
        try {
          await withNode(ctx, branchNode(branch), async () => {
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
          await withNode(ctx, branchNode(branch), () => runBody(ctx, branch.body));
        } catch (e) {
          pending = e;
        }
      } else if (branch.type === 'FINALLY') {
        await withNode(ctx, branchNode(branch), () => runBody(ctx, branch.body));
      }
    }
    if (pending) throw pending;
    if (error && !handled) throw error;
  });
}

function matches(ctx: RunContext, patterns: string[], type: string | undefined, message: string): boolean {
  if (patterns.length === 0) return true;
  const given = type ? ctx.replacer.string(type) : 'LITERAL';
  const kind = given.toUpperCase();
  return patterns.map((p) => ctx.replacer.string(p)).some((p) => {
    switch (kind) {
      case 'GLOB': return globToRegex(p).test(message);
      case 'REGEXP': return pythonFullMatch(p).test(message);
      case 'START': return message.startsWith(p);
      case 'LITERAL': return message === p;
      default: throw new RobotError(`Invalid EXCEPT pattern type '${given}'. Valid values are 'GLOB', 'REGEXP', 'START' and 'LITERAL'.`);
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
  const node = stepNode(statement);
  await withNode(ctx, node, async () => {
    if (ctx.dryRun) return;
    const typed = typedTarget(statement.name, (written) => `Invalid variable '${written}': `);
    const kind = typed.target[0];
    const bare = resolvedBase(typed.target.slice(2, -1), (text) => ctx.replacer.string(text));
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
    value = convertTyped(value, typed, 'Value', (message) => `Setting variable '${statement.name}' failed: ${message}`);
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
  // Where BREAK, CONTINUE and RETURN may be written was checked when the file was parsed.
  const node = stepNode(statement);
  await withNode(ctx, node, async () => {
    if (ctx.dryRun) return;
    if (statement.kind === 'return') throw new ControlSignal('return', resolveReturnValue(ctx, statement.values));
    throw new ControlSignal(statement.kind);
  });
}
