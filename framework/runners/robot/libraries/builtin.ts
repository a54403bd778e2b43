import { BuiltInIntrospection } from './builtin-introspection.ts';

/**
 * Robot Framework's BuiltIn library in TypeScript (issue 8, item 3). Its
 * keywords live in the classes it extends, one concern per file:
 * builtin-verify.ts (Should ...), builtin-variables.ts (variables,
 * conversions, logging), builtin-run-keyword.ts (Run Keyword ...),
 * builtin-control.ts (Fail, Skip, Pass Execution, loops, tags),
 * builtin-misc.ts (test and suite message, documentation, metadata, log
 * level, Regexp Escape, Call Method), builtin-imports.ts (Import Library,
 * Resource and Variables, Set Library Search Order),
 * builtin-introspection.ts (Get Variables, Log Variables, Get Library
 * Instance, Reload Library). test/robot-library-completeness.test.ts
 * checks it has every keyword of Robot 7.3's BuiltIn.
 */
export class BuiltIn extends BuiltInIntrospection {}
