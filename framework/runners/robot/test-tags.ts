import { globToRegex } from './control-structures.ts';

/**
 * A test's tags as Robot 7.3 keeps them (robot/model/tags.py): one per name
 * ignoring case, spaces and underscores (the first spelling stays), sorted
 * by that normalised name, without '' and NONE. Set Tags and Remove Tags
 * change them; in a suite setup they change every test of the suite,
 * recursively, as Robot's `suite.set_tags(..., persist=True)` does.
 */

/** Tags added and removed by Set Tags / Remove Tags in a suite setup: applied to each test that starts below it. */
export interface TagChange {
  add: string[];
  remove: string[];
}

function normal(tag: string): string {
  return tag.toLowerCase().replace(/[\s_]/g, '');
}

export function normaliseTags(tags: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const tag of tags) {
    const key = normal(tag);
    if (key !== '' && key !== 'none' && !byName.has(key)) byName.set(key, tag);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, tag]) => tag);
}

/** Tags without those matching any of the glob patterns (`*`, `?`, `[chars]`), compared as normalised names. */
export function withoutTags(tags: readonly string[], patterns: readonly string[]): string[] {
  const matchers = patterns.filter((p) => normal(p) !== '').map((p) => globToRegex(normal(p)));
  return tags.filter((tag) => !matchers.some((m) => m.test(normal(tag))));
}

/** The tags after the suite setups' changes, in the order they were made. */
export function applyTagChanges(tags: readonly string[], changes: readonly TagChange[]): string[] {
  let out = normaliseTags(tags);
  for (const change of changes) out = withoutTags(normaliseTags([...out, ...change.add]), change.remove);
  return out;
}
