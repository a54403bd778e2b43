import type { ArchivedRun, TestHistoryEntry } from './archive.ts';
import type { RunAnalysis } from './analyse-run.ts';
import type { RunComparison, TestChange } from './compare-runs.ts';
import { outcomeStrip, type TestStats } from './history.ts';

/** Text for people: what `tollgate runs/history/flaky/compare` print without --json. */

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function seconds(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(1)}s`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function formatRuns(runs: ArchivedRun[]): string {
  if (!runs.length) return 'No runs in the archive yet: `tollgate run` archives every run, `tollgate archive import RUN_DIR` loads one.\n';
  return table([
    ['RUN', 'STARTED', 'GATE', 'ENV', 'SUBJECT', 'STATUS', 'VERDICT', 'PASSED', 'FAILED', 'FLAKY', 'DURATION'],
    ...runs.map((r) => [
      r.id, r.startTime.replace('T', ' ').slice(0, 19), r.gate ?? '-', r.environment, r.subject ?? '-', r.status, r.verdict?.status ?? '-',
      String(r.counts.passed), String(r.counts.failed), String(r.counts.flaky), seconds(r.duration),
    ]),
  ]);
}

export function formatRunAnalysis({ run, failures, clusters }: RunAnalysis): string {
  const lines = [
    `Run ${run.id}`,
    `  gate ${run.gate ?? '-'} · environment ${run.environment} · subject ${run.subject ?? '-'} · host ${run.host ?? '-'} · tollgate ${run.tollgateVersion ?? '-'}`,
    `  started ${run.startTime}${run.endTime ? `, ended ${run.endTime}` : ''} · status ${run.status} · verdict ${run.verdict?.status ?? '(none yet)'}`,
    `  ${run.counts.passed} passed · ${run.counts.failed} failed · ${run.counts.flaky} flaky · ${run.counts.skipped} skipped · ${run.counts.missing} without outcome`,
  ];
  for (const rule of run.verdict?.rules ?? []) if (rule.outcome !== 'pass') lines.push(`    ${rule.outcome} ${rule.rule}: ${rule.message}`);
  if (failures.length) {
    lines.push('', `Failures (${failures.length}), judged by the history of gate ${run.gate ?? '-'} on ${run.environment}:`);
    for (const f of failures) {
      lines.push(`  [${f.classification}] ${f.testId}  ${outcomeStrip(f.stats.outcomes)}`);
      if (f.message) lines.push(`      ${f.message.split('\n')[0]}`);
    }
    lines.push('', 'Failure clusters (by normalised error):');
    for (const c of clusters) lines.push(`  ${c.tests.length} × ${c.signature}`);
  }
  return lines.join('\n') + '\n';
}

export function formatHistory(testId: string, entries: TestHistoryEntry[], stats: TestStats): string {
  const lines = [
    testId,
    `  last ${entries.length} run(s), oldest to newest: ${outcomeStrip(stats.outcomes)}`,
    `  flip rate ${pct(stats.flipRate)} (${stats.flips} of ${stats.transitions}) · flaky runs ${stats.flakyRuns} · failures ${stats.failures} · flaky score ${stats.flakyScore.toFixed(2)}${stats.flaky ? ' · FLAKY' : ''}`,
    '',
  ];
  if (!entries.length) return lines.join('\n') + 'No archived run has this test.\n';
  return lines.join('\n') + table([
    ['RUN', 'STARTED', 'GATE', 'ENV', 'SUBJECT', 'OUTCOME', 'DURATION', 'ERROR'],
    ...entries.map((e) => [e.runId, e.startTime.replace('T', ' ').slice(0, 19), e.gate ?? '-', e.environment, e.subject ?? '-', e.outcome ?? '(none)', seconds(e.duration), (e.errorMessage ?? '').split('\n')[0]!.slice(0, 80)]),
  ]);
}

export function formatFlaky(stats: TestStats[], line: { gate: string | null; environment: string }, window: number): string {
  const scope = `gate ${line.gate ?? '-'} on ${line.environment}, last ${window} runs`;
  if (!stats.length) return `No flaky tests (${scope}).\n`;
  return `Flaky tests (${scope}):\n` + table([
    ['FLIP RATE', 'FLIPS', 'FLAKY RUNS', 'SCORE', 'HISTORY', 'TEST'],
    ...stats.map((s) => [pct(s.flipRate), `${s.flips}/${s.transitions}`, String(s.flakyRuns), s.flakyScore.toFixed(2), outcomeStrip(s.outcomes), s.testId]),
  ]);
}

export function formatComparison(c: RunComparison): string {
  const lines = [
    `A ${c.a.id}  ${c.a.verdict?.status ?? c.a.status}  subject ${c.a.subject ?? '-'}`,
    `B ${c.b.id}  ${c.b.verdict?.status ?? c.b.status}  subject ${c.b.subject ?? '-'}`,
  ];
  const section = (title: string, changes: TestChange[]) => {
    if (!changes.length) return;
    lines.push('', `${title} (${changes.length}):`);
    for (const change of changes) lines.push(`  ${change.testId}  ${change.before ?? '(none)'} → ${change.after ?? '(none)'}${change.message ? `  ${change.message.split('\n')[0]}` : ''}`);
  };
  section('Newly failing', c.newlyFailing);
  section('Fixed', c.fixed);
  section('Still failing', c.stillFailing);
  section('Changed', c.changed);
  if (c.added.length) lines.push('', `Only in B (${c.added.length}):`, ...c.added.map((t) => `  ${t}`));
  if (c.removed.length) lines.push('', `Only in A (${c.removed.length}):`, ...c.removed.map((t) => `  ${t}`));
  if (c.slower.length) lines.push('', `Slower (${c.slower.length}):`, ...c.slower.map((s) => `  ${s.testId}  ${seconds(s.before)} → ${seconds(s.after)}`));
  if (lines.length === 2) lines.push('', 'No test changed its outcome.');
  return lines.join('\n') + '\n';
}
