import type { RunContext } from './run-context.ts';

/**
 * Whether a body goes on after a failure, from the `robot:*-on-failure`
 * tags of the test and the user keywords running it (Robot's
 * context.continue_on_failure): a body's own `robot:continue-on-failure` or
 * `robot:stop-on-failure` decides for that body only; the `recursive-`
 * forms decide for everything under it, nearest first; otherwise templated
 * tests and teardowns continue, and the rest stops.
 */
export interface FailurePolicy {
  /** This body continues after a failure. */
  own: boolean;
  /** What bodies under it inherit from a `recursive-` tag, if any. */
  recursive?: boolean;
}

export function failurePolicy(tags: readonly string[], inherited: boolean | undefined, fallback: boolean): FailurePolicy {
  const has = (name: string) => tags.some((t) => t.toLowerCase().replace(/\s+/g, '') === `robot:${name}`);
  const recursive = has('recursive-stop-on-failure') ? false : has('recursive-continue-on-failure') ? true : inherited;
  if (has('stop-on-failure')) return { own: false, recursive };
  if (has('continue-on-failure')) return { own: true, recursive };
  return { own: recursive ?? fallback, recursive };
}

/** Runs `fn` with a user keyword's policy in place, and puts the caller's back. */
export async function withKeywordPolicy<T>(ctx: RunContext, tags: readonly string[], fn: () => Promise<T>): Promise<T> {
  const saved = { continueOnFailure: ctx.continueOnFailure, recursive: ctx.recursiveContinueOnFailure };
  const policy = failurePolicy(tags, ctx.recursiveContinueOnFailure, ctx.inTeardown ?? false);
  ctx.continueOnFailure = policy.own;
  ctx.recursiveContinueOnFailure = policy.recursive;
  try {
    return await fn();
  } finally {
    ctx.continueOnFailure = saved.continueOnFailure;
    ctx.recursiveContinueOnFailure = saved.recursive;
  }
}
