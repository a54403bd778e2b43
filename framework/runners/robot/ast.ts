/**
 * The parsed form of a .robot file (issue 8, item 1). Pure data: the engine
 * reads it and never changes it, so one parse can be run many times (a rerun
 * of failed tests, --dryrun, a benchmark).
 */

export interface Source {
  /** Path as given to the parser (absolute for files on disk). */
  file: string;
  line: number;
}

export interface KeywordCall {
  kind: 'keyword';
  /** Variables the return value goes to: `${x}=`, `${a}    ${b}=`. Without the trailing '='. */
  assign: string[];
  name: string;
  args: string[];
  /** The row's cells as written, for templates (where a row is the template's arguments). */
  cells: string[];
  source: Source;
}

export interface ForLoop {
  kind: 'for';
  variables: string[];
  flavor: 'IN' | 'IN RANGE' | 'IN ENUMERATE' | 'IN ZIP';
  values: string[];
  /** start=, mode=, fill= options. */
  options: Record<string, string>;
  body: Statement[];
  source: Source;
}

export interface WhileLoop {
  kind: 'while';
  condition: string;
  limit?: string;
  onLimit?: string;
  onLimitMessage?: string;
  body: Statement[];
  source: Source;
}

export interface IfBranch {
  type: 'IF' | 'ELSE IF' | 'ELSE';
  condition?: string;
  body: Statement[];
  source: Source;
}

export interface IfBlock {
  kind: 'if';
  branches: IfBranch[];
  /** Inline IF may assign: `${x}=    IF    cond    Kw    ELSE    Kw2`. */
  assign: string[];
  inline: boolean;
  source: Source;
}

export interface TryBranch {
  type: 'TRY' | 'EXCEPT' | 'ELSE' | 'FINALLY';
  patterns: string[];
  patternType?: string;
  assign?: string;
  body: Statement[];
  source: Source;
}

export interface TryBlock {
  kind: 'try';
  branches: TryBranch[];
  source: Source;
}

/** `GROUP    name` ... `END` (Robot 7.2): its steps shown together under a name resolved when it runs. */
export interface GroupBlock {
  kind: 'group';
  /** The name as written (several names joined with ', ', as Robot does); may be empty. */
  name: string;
  body: Statement[];
  /**
   * Robot's errors of the block (several names, empty, missing END). Unlike
   * the other blocks an invalid GROUP keeps its body: Robot shows its steps
   * NOT RUN under the failed group.
   */
  error?: string;
  source: Source;
}

export interface SimpleStatement {
  kind: 'break' | 'continue' | 'return';
  values: string[];
  source: Source;
}

export interface VarStatement {
  kind: 'var';
  name: string;
  values: string[];
  scope?: string;
  separator?: string;
  source: Source;
}

/** A row the parser could not make sense of: the engine fails the test with its message, as Robot does. */
export interface InvalidStatement {
  kind: 'error';
  message: string;
  values: string[];
  source: Source;
}

export type Statement = KeywordCall | ForLoop | WhileLoop | IfBlock | TryBlock | GroupBlock | SimpleStatement | VarStatement | InvalidStatement;

/** `Library    name    args...` and the like, with where it was written. */
export interface Import {
  type: 'Library' | 'Resource' | 'Variables';
  name: string;
  args: string[];
  alias?: string;
  source: Source;
}

export interface FixtureCall {
  name: string;
  args: string[];
  source: Source;
}

export interface TestDefinition {
  name: string;
  doc: string;
  tags: string[];
  setup?: FixtureCall | null;
  teardown?: FixtureCall | null;
  template?: string | null;
  timeout?: string | null;
  body: Statement[];
  source: Source;
}

export interface KeywordDefinition {
  name: string;
  doc: string;
  tags: string[];
  args: string[];
  teardown?: FixtureCall | null;
  timeout?: string | null;
  body: Statement[];
  source: Source;
}

export interface VariableDefinition {
  name: string;
  values: string[];
  source: Source;
}

export interface SuiteSettings {
  doc: string;
  metadata: [string, string][];
  suiteSetup?: FixtureCall;
  suiteTeardown?: FixtureCall;
  testSetup?: FixtureCall;
  testTeardown?: FixtureCall;
  testTemplate?: string;
  testTimeout?: string;
  testTags: string[];
  keywordTags: string[];
  imports: Import[];
  name?: string;
}

/** An error in the file that does not stop it from running (Robot's "Error in file ..."). */
export interface FileError {
  message: string;
  source: Source;
}

export interface ParsedFile {
  source: string;
  settings: SuiteSettings;
  variables: VariableDefinition[];
  tests: TestDefinition[];
  keywords: KeywordDefinition[];
  /** True when the file used *** Tasks *** (RPA mode). */
  tasks: boolean;
  errors: FileError[];
}

/** Thrown for a file Robot would refuse to run at all; message names file and line. */
export class RobotSyntaxError extends Error {
  constructor(
    message: string,
    readonly source: Source,
  ) {
    super(`${source.file}:${source.line}: ${message}`);
    this.name = 'RobotSyntaxError';
  }
}
