import type { TestResult } from '../model/run-state.ts';
import type { RuleResult } from '../model/verdict.ts';
import { parseDuration } from './threshold-parse.ts';
import { recordedAnnotations } from './threshold-rule.ts';

/** drivers/soak records one annotation of this type per soak that was resumed (JSON): the contract between them. */
export const SOAK_GAP_ANNOTATION = 'soak-gap';

/** One restart of a run with `tollgate run --resume`: how long nothing ran. */
export interface RunGap {
  /** The time of the last event the earlier process wrote. */
  since: string;
  /** When the resumed process started. */
  resumedAt: string;
  ms: number;
}

interface RecordedSoakGap {
  soak: string;
  gaps: { afterWindow: number; ms: number }[];
  totalMs: number;
}

/**
 * The `gap` rule (issue 6): a soak is evidence only for the time it ran, so
 * the promote policy decides how long a resumed run may have stood still
 * (`policy.soak.maxGap`). The total is the longest any part of the run was
 * stopped: a soak's gaps (last checkpoint to its restart, which includes
 * the window it lost) or, for a run without soaks, the run's own gaps
 * (last event to the resume). Without a limit a gap warns; absent when
 * nothing stopped and no limit is set.
 */
export function gapRule(results: Iterable<TestResult>, runGaps: readonly RunGap[], maxGap: string | undefined): RuleResult | null {
  const soaks: { testId: string; gap: RecordedSoakGap }[] = [];
  for (const result of results) {
    for (const gap of recordedAnnotations<RecordedSoakGap>(result, SOAK_GAP_ANNOTATION)) soaks.push({ testId: result.test.id, gap });
  }
  const runTotal = runGaps.reduce((sum, gap) => sum + gap.ms, 0);
  const longestSoak = soaks.reduce<{ testId: string; gap: RecordedSoakGap } | undefined>((best, s) => (!best || s.gap.totalMs > best.gap.totalMs ? s : best), undefined);
  const total = Math.max(runTotal, longestSoak?.gap.totalMs ?? 0);
  if (!total && !runGaps.length && maxGap === undefined) return null;
  const limitMs = maxGap !== undefined ? parseDuration(maxGap, 'gates.<gate>.policy.soak.maxGap') : undefined;
  const parts = [
    runGaps.length ? `the run was resumed ${runGaps.length} time(s) after ${runGaps.map((g) => formatGap(g.ms)).join(' + ')} without events` : '',
    ...soaks.map(({ gap }) => `soak "${gap.soak}" stood still ${formatGap(gap.totalMs)} (${gap.gaps.map((g) => `${formatGap(g.ms)} after window ${g.afterWindow}`).join(', ')})`),
  ].filter(Boolean);
  const described = parts.length ? parts.join('; ') : 'the run was never resumed';
  const outcome = limitMs === undefined ? (total > 0 ? 'warn' : 'pass') : total <= limitMs ? 'pass' : 'fail';
  return {
    rule: 'gap',
    outcome,
    measured: `total gap ${formatGap(total)}`,
    limit: limitMs === undefined ? 'any (policy soak.maxGap unset)' : `<= ${maxGap}`,
    message:
      limitMs === undefined
        ? `total gap ${formatGap(total)}: ${described}; the gate's policy sets no soak.maxGap, so the gap only warns`
        : `total gap ${formatGap(total)}, limit <= ${maxGap}: ${described}: ${outcome === 'pass' ? 'held' : 'crossed'}`,
    ...(outcome === 'fail' && longestSoak ? { tests: [longestSoak.testId] } : {}),
  };
}

/** 61500 → '1m 1.5s'. */
export function formatGap(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.round((ms % 60_000) / 100) / 10;
  return [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds || (!hours && !minutes) ? `${seconds}s` : ''].filter(Boolean).join(' ');
}
