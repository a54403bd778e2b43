import { BuiltInControl } from './builtin-control.ts';

/**
 * Robot Framework's BuiltIn library in TypeScript (issue 8, item 3). Its
 * keywords live in the classes it extends, one concern per file:
 * builtin-verify.ts (Should ...), builtin-variables.ts (variables,
 * conversions, logging), builtin-control.ts (Run Keyword ..., Fail, Skip,
 * Pass Execution, tags).
 */
export class BuiltIn extends BuiltInControl {}
