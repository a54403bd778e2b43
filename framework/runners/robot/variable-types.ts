import { RobotError } from './robot-error.ts';
import { convertWorded } from './type-converter.ts';
import { type TypeInfo, splitTypedName, typeOfVariable } from './type-info.ts';

/**
 * Robot 7.3's typed variables (`${n: int}`, `@{l: float}`, `&{d: str=int}`)
 * where they are created: the Variables section, VAR, keyword return
 * values and FOR loops. The type is read from the name as written (a
 * variable in the name never brings type syntax), the value converted as
 * Robot converts a keyword argument.
 */

export interface TypedTarget {
  /** The variable without its type: `${x}`, `${x}[0]`. */
  target: string;
  info?: TypeInfo;
  /** As written, for messages. */
  written: string;
}

/** Splits `${x: int}` into `${x}` and its type; `invalid` words the "Unrecognized type" failure (e.g. "Invalid variable '${x: bad}': "). */
export function typedTarget(written: string, invalid: (written: string) => string = () => ''): TypedTarget {
  const assignMark = /\s*=$/.exec(written)?.[0] ?? '';
  const bare = written.slice(0, written.length - assignMark.length);
  const parts = splitTypedName(bare);
  if (!parts?.type) return { target: bare, written: bare };
  const target = `${parts.identifier}{${parts.base}}${parts.items}`;
  try {
    return { target, info: typeOfVariable(parts.identifier, parts.type), written: bare };
  } catch (error) {
    if (error instanceof RobotError) throw new RobotError(`${invalid(bare)}${error.message}`);
    throw error;
  }
}

/** Converts a value to a typed variable's type; `wrap` words the failure as its statement does ("ValueError: ...", "Setting variable ... failed: ..."). */
export function convertTyped(value: unknown, typed: TypedTarget, kind: string, wrap: (message: string) => string, name?: string): unknown {
  return typed.info ? convertWorded(value, typed.info, wrap, name, kind) : value;
}

/** A variable's name with the variables in it replaced (`${${name}}`): type syntax is read before, never from their values. */
export function resolvedBase(base: string, replace: (text: string) => string): string {
  return base.includes('{') ? replace(base) : base;
}
