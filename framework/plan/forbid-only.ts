import { formatOnlyMark, type OnlyMark } from '../model/test-case.ts';

/**
 * `forbidOnly`, as Playwright has it: a `.only` left in a file would narrow
 * a CI run to the tests it marks and let every other file's failures pass
 * unseen (issue 13). Where it is on, a plan with a `.only` is refused
 * before any test runs (exit 1); where it is off, the verdict names the
 * `.only` (gate/only-rule.ts).
 */
export interface ForbidOnly {
  forbid: boolean;
  /** Why it is on or off, for the message: the flag, the config, or CI. */
  because: string;
}

/** --forbid-only / --no-forbid-only, else the config's forbidOnly, else on when $CI is set (not '', '0' or 'false'). */
export function resolveForbidOnly(flag: boolean | undefined, config: boolean | undefined, env: NodeJS.ProcessEnv = process.env): ForbidOnly {
  if (flag !== undefined) return { forbid: flag, because: flag ? '--forbid-only' : '--no-forbid-only' };
  if (config !== undefined) return { forbid: config, because: `forbidOnly: ${config} in the config` };
  const ci = env.CI !== undefined && !['', '0', 'false'].includes(env.CI.trim().toLowerCase());
  return { forbid: ci, because: ci ? 'the CI environment variable is set' : 'CI is not set' };
}

/** The refusal, naming every mark and the two ways out. */
export function forbiddenOnlyMessage(marks: readonly OnlyMark[], because: string): string {
  return [
    `.only is not allowed here: forbidOnly is on (${because}), and ${marks.length === 1 ? 'a .only would narrow the run to the tests it marks' : `${marks.length} .only would narrow the run to the tests they mark`}, leaving every other test unrun:`,
    ...marks.map((mark) => `  ${formatOnlyMark(mark)}`),
    'Remove the .only, or allow it with --no-forbid-only (forbidOnly: false in the config).',
  ].join('\n');
}
