import { globToRegex } from './control-structures.ts';
import { selectedByTags } from './tag-pattern.ts';

/**
 * Which tests a robot run selects, as Robot's model/filter.py does for
 * --include, --exclude, --test and --suite: the engine runs and the planner
 * lists by this one function, so `tollgate run --list` shows what runs.
 */

export interface TestSelection {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Test name patterns: the test's name or long name ('Top.Sub.Test'). */
  test?: readonly string[];
  /** Suite name patterns: the name or long name of the test's suite or of a suite above it. */
  suite?: readonly string[];
}

const compiled = new Map<string, RegExp>();

/** Robot's NamePatterns: `*`, `?` and `[...]`, case, spaces and underscores ignored. */
function matches(pattern: string, text: string): boolean {
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = globToRegex(normalize(pattern))));
  return re.test(normalize(text));
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[\s_]/g, '');
}

function matchesName(patterns: readonly string[], name: string, longName: string): boolean {
  return patterns.some((p) => matches(p, name) || matches(p, longName));
}

/** `suitePath`: the names of the suites from the top one down to the test's own. */
export function selectedTest(tags: readonly string[], suitePath: readonly string[], name: string, selection: TestSelection): boolean {
  if (!selectedByTags([...tags], selection.include ?? [], selection.exclude ?? [])) return false;
  if (selection.test?.length && !matchesName(selection.test, name, [...suitePath, name].join('.'))) return false;
  if (selection.suite?.length && !suitePath.some((suite, i) => matchesName(selection.suite!, suite, suitePath.slice(0, i + 1).join('.')))) return false;
  return true;
}
