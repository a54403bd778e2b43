import type { IfBranch, KeywordCall, Statement, TryBranch } from './ast.ts';
import { newBody, type BodyResult } from './result.ts';

/**
 * The result node of a step as written, before it runs: what the runners
 * fill in as they run it, and what Robot shows NOT RUN for the steps after
 * a failure and in the branches not taken (their bodies included, as in
 * Robot's log: a FOR shows one round, a WHILE one iteration).
 */

export function keywordNode(call: Pick<KeywordCall, 'name' | 'args' | 'assign'> & { source?: KeywordCall['source'] }, kwType?: 'SETUP' | 'TEARDOWN'): BodyResult {
  return newBody('kw', { name: call.name, args: [...call.args], assign: [...call.assign], line: call.source?.line, ...(kwType ? { kwType } : {}) });
}

/** IF, ELSE IF, ELSE, TRY, EXCEPT, FINALLY with their condition or patterns. */
export function branchNode(branch: IfBranch | TryBranch): BodyResult {
  const attrs: Record<string, string> = { type: branch.type };
  if ('condition' in branch && branch.condition !== undefined) attrs.condition = branch.condition;
  if ('patterns' in branch) {
    if (branch.patternType) attrs.pattern_type = branch.patternType;
    if (branch.assign) attrs.assign = branch.assign;
    return newBody('branch', { attrs, patterns: branch.patterns, line: branch.source.line });
  }
  return newBody('branch', { attrs, line: branch.source.line });
}

/** A step's own node, without what runs inside it. */
export function stepNode(statement: Statement): BodyResult {
  const line = statement.source.line;
  switch (statement.kind) {
    case 'keyword': return keywordNode(statement);
    case 'for': return newBody('for', { attrs: { flavor: statement.flavor, ...statement.options }, values: statement.values, assign: statement.variables, line });
    case 'while': {
      const attrs: Record<string, string> = { condition: statement.condition };
      if (statement.limit) attrs.limit = statement.limit;
      if (statement.onLimit) attrs.on_limit = statement.onLimit;
      if (statement.onLimitMessage) attrs.on_limit_message = statement.onLimitMessage;
      return newBody('while', { attrs, line });
    }
    case 'if': return newBody('if', { line });
    case 'try': return newBody('try', { line });
    case 'group': return newBody('group', { name: statement.name, line });
    case 'var': return newBody('variable', { name: statement.name, values: statement.values, attrs: { ...(statement.scope ? { scope: statement.scope } : {}), ...(statement.separator ? { separator: statement.separator } : {}) }, line });
    case 'error': return newBody('error', { values: statement.values, line });
    default: return newBody(statement.kind, { values: statement.values, line });
  }
}

/** The steps as Robot shows them when they do not run: NOT RUN, each with its own steps. */
export function notRunNodes(statements: readonly Statement[]): BodyResult[] {
  return statements.map(notRunNode);
}

function notRunNode(statement: Statement): BodyResult {
  const node = stepNode(statement);
  switch (statement.kind) {
    case 'for':
      node.body.push(newBody('iter', { iterVars: statement.variables.map((v) => [v, '']), body: notRunNodes(statement.body) }));
      break;
    case 'while':
      node.body.push(newBody('iter', { body: notRunNodes(statement.body) }));
      break;
    case 'if':
    case 'try':
      for (const branch of statement.branches) node.body.push(notRunBranch(branch));
      break;
    case 'group':
      node.body.push(...notRunNodes(statement.body));
      break;
  }
  return node;
}

export function notRunBranch(branch: IfBranch | TryBranch): BodyResult {
  const node = branchNode(branch);
  node.body.push(...notRunNodes(branch.body));
  return node;
}
