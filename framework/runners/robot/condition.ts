import { ExpressionError, evaluateExpression, pythonErrorText } from './expression.ts';
import { RobotError } from './robot-error.ts';
import type { RunContext } from './run-context.ts';
import { repr, truthy } from './values.ts';

/**
 * The condition of IF, ELSE IF and WHILE, as Robot's evaluate_expression
 * with resolve_variables: `${x}` is replaced first (a lone `${x}` is its
 * value, not its text), then the rest is evaluated. A failure is the
 * condition's own: "Invalid IF condition: Evaluating expression ... failed:
 * ...", with Robot's advice to write `$x` when `${x}` was replaced.
 */
export function conditionHolds(ctx: RunContext, condition: string, what: string): boolean {
  let expression: unknown = condition;
  try {
    expression = ctx.replacer.scalar(condition);
    if (typeof expression !== 'string') return truthy(expression);
    return truthy(evaluateExpression(expression, (name) => ctx.variables.lookup(name)));
  } catch (error) {
    if (error instanceof RobotError && error.timeout) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const shown = typeof expression === 'string' ? expression : condition;
    const detail = error instanceof ExpressionError ? pythonErrorText(error) : message;
    const advice = error instanceof ExpressionError && !message.startsWith('Variable ') ? recommendation(condition) : '';
    throw new RobotError(`Invalid ${what} condition: ${`Evaluating expression ${repr(shown)} failed: ${detail}\n\n${advice}`.trim()}`);
  }
}

/** Robot's advice when `${x}` in an expression was replaced before it was evaluated: write `$x`, without quotes around it. */
function recommendation(expression: string): string {
  const parts = expression.split(/(\$\{[^{}]+\})/);
  if (parts.length === 1) return '';
  // parts: before, var, between, var, ..., after; quotes right around a variable go with it.
  for (let i = 1; i < parts.length; i += 2) {
    parts[i] = `$${parts[i].slice(2, -1)}`;
    const before = parts[i - 1];
    const after = parts[i + 1];
    for (const quote of ['"""', "'''", '"', "'"]) {
      if (before.endsWith(quote) && after.startsWith(quote)) {
        parts[i - 1] = before.slice(0, -quote.length);
        parts[i + 1] = after.slice(quote.length);
        break;
      }
    }
  }
  return `Variables in the original expression ${repr(expression)} were resolved before the expression was evaluated. Try using ${repr(parts.join(''))} syntax to avoid that. See Evaluating Expressions appendix in Robot Framework User Guide for more details.`;
}
