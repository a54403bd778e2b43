import { BuiltInImports } from './builtin-imports.ts';

/**
 * Robot Framework's BuiltIn library in TypeScript (issue 8, item 3). Its
 * keywords live in the classes it extends, one concern per file:
 * builtin-verify.ts (Should ...), builtin-variables.ts (variables,
 * conversions, logging), builtin-run-keyword.ts (Run Keyword ...),
 * builtin-control.ts (Fail, Skip, Pass Execution, loops, tags),
 * builtin-misc.ts (test and suite message, documentation, metadata, log
 * level, Regexp Escape, Call Method), builtin-imports.ts (Import Library,
 * Resource and Variables, Set Library Search Order).
 */
export class BuiltIn extends BuiltInImports {}
