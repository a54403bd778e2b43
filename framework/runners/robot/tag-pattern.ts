import { globToRegex } from './control-structures.ts';

/**
 * Robot's tag patterns for --include/--exclude: `*` and `?` wildcards,
 * AND (also `&`), OR and NOT, case, space and underscore insensitive.
 * Precedence as in Robot: OR binds loosest, then AND, then NOT
 * (`a NOT b` is "a and not b"; `NOT a` alone is "not a").
 */

type Matcher = (tags: string[]) => boolean;

function norm(text: string): string {
  return text.toLowerCase().replace(/[\s_]/g, '');
}

export function tagPattern(pattern: string): Matcher {
  const or = pattern.split(/\s*OR\s*/).filter((p) => p !== '');
  if (or.length > 1) {
    const parts = or.map(tagPattern);
    return (tags) => parts.some((p) => p(tags));
  }
  const and = pattern.split(/\s*(?:AND|&)\s*/).filter((p) => p !== '');
  if (and.length > 1) {
    const parts = and.map(tagPattern);
    return (tags) => parts.every((p) => p(tags));
  }
  const not = pattern.split(/\s*NOT\s*/);
  if (not.length > 1) {
    const [first, ...rest] = not;
    const must = first.trim() ? tagPattern(first) : () => true;
    const mustNot = rest.filter((r) => r.trim()).map(tagPattern);
    return (tags) => must(tags) && !mustNot.some((m) => m(tags));
  }
  const re = globToRegex(norm(pattern));
  return (tags) => tags.some((t) => re.test(norm(t)));
}

/** Whether a test with `tags` is selected by include and exclude patterns. */
export function selectedByTags(tags: string[], include: readonly string[], exclude: readonly string[]): boolean {
  if (include.length > 0 && !include.some((p) => tagPattern(p)(tags))) return false;
  return !exclude.some((p) => tagPattern(p)(tags));
}
