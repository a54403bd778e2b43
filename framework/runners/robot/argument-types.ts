import { convertWorded } from './type-converter.ts';
import { type TypeInfo, parseTypeInfo, validate } from './type-info.ts';

/**
 * Robot 7.3's typed user keyword arguments (`${a: int}`, `@{a: int}`,
 * `&{a: float}`, embedded `${n: int}`): the type is the argument's own,
 * not decorated as a variable's (`&{a: str=int}` is an unknown type).
 */

/** The argument's type; an unknown or malformed one throws Robot's message. */
export function argumentType(type: string): TypeInfo {
  const info = parseTypeInfo(type);
  validate(info);
  return info;
}

/** Converts a value given to (or defaulted for) a typed argument; "ValueError: Argument 'a' got value ..." when it cannot. */
export function convertArgument(info: TypeInfo | undefined, value: unknown, name: string, kind = 'Argument'): unknown {
  return info ? convertWorded(value, info, (message) => `ValueError: ${message}`, name, kind) : value;
}
