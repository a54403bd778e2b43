import { evaluateExpression } from '../expression.ts';
import { RobotError } from '../robot-error.ts';
import { convertWorded, isOfType } from '../type-converter.ts';
import { type TypeInfo, parseTypeInfo, typeText } from '../type-info.ts';
import { PyFloat, isDict, str } from '../values.ts';

/**
 * Should Be Equal's `type` and `types` (Robot 7.3): a type hint given as
 * text ('int', 'list[int|str]', 'Literal["a", "b"]') or as a type from an
 * expression (`${{str}}`), converted by the runner's own converter
 * (type-converter.ts), the one typed variables and arguments use.
 */

/** The expression evaluator's builtins `str`, `int` ...: `type=${{str}}` passes one of them. */
let builtinTypes: Map<unknown, string> | undefined;
function typeOfBuiltin(value: unknown): string | undefined {
  builtinTypes ??= new Map(['str', 'int', 'float', 'bool', 'list', 'dict', 'tuple', 'set'].map((n) => [evaluateExpression(n), n]));
  return builtinTypes.get(value);
}

/** The hint's type; an unknown one is Robot's "TypeError: Unrecognized type 'x'." */
export function parseTypeHint(hint: unknown): TypeInfo {
  const text = typeof hint === 'string' ? hint : typeOfBuiltin(hint);
  if (text === undefined) throw new RobotError(`TypeError: Unrecognized type '${str(hint)}'.`);
  const info = parseTypeInfo(text);
  const unknown = findUnknown(info);
  if (unknown) throw new RobotError(`TypeError: Unrecognized type '${typeText(unknown)}'.`);
  return info;
}

function findUnknown(info: TypeInfo): TypeInfo | undefined {
  if (info.type === undefined) return info;
  return info.type === 'literal' ? undefined : info.nested?.map(findUnknown).find(Boolean);
}

/** True when `value` already is of the type (Robot's no_conversion_needed). */
export function matchesType(value: unknown, hint: TypeInfo): boolean {
  return isOfType(value, hint);
}

/** Converts `value` to the type, or throws Robot's "ValueError: Argument 'x' got value ... that cannot be converted to ...". */
export function convertToType(value: unknown, hint: TypeInfo, argument: string): unknown {
  return convertWorded(value, hint, (message) => `ValueError: ${message}`, argument);
}

/** The type of a value, for `type=auto`. */
export function typeOfValue(value: unknown): TypeInfo {
  const name = typeof value === 'string' ? 'str'
    : typeof value === 'boolean' ? 'bool'
      : value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value)) ? 'float'
        : typeof value === 'number' ? 'int'
          : Array.isArray(value) ? 'list'
            : isDict(value) ? 'dict'
              : value === null || value === undefined ? 'none' : 'any';
  return { name, type: name };
}
