import type { TestResult } from '../model/run-state.ts';
import type { RuleResult } from '../model/verdict.ts';
import { isExpired, quarantineEntryFor, type Quarantine, type QuarantineEntry } from './quarantine.ts';

export interface QuarantineVerdict {
  /** The 'quarantine' rule, or null when the project has no quarantine file. */
  rule: RuleResult | null;
  /** Failed or flaky tests under a live entry: the other rules leave them out. */
  excused: Set<string>;
}

/**
 * The quarantine rule. A quarantined test still runs and is reported; while
 * its entry holds, its failure warns instead of failing the gate. An expired
 * entry for a test of this run fails the gate and names its owner, so a
 * quarantine cannot quietly become permanent.
 */
export function quarantineRule(quarantine: Quarantine | undefined, results: Iterable<TestResult>, now = new Date()): QuarantineVerdict {
  const excused = new Set<string>();
  if (!quarantine) return { rule: null, excused };
  const held: { id: string; entry: QuarantineEntry }[] = [];
  const expired = new Map<QuarantineEntry, string[]>();
  for (const result of results) {
    const entry = quarantineEntryFor(quarantine, result.test.id);
    if (!entry) continue;
    if (isExpired(entry, now)) expired.set(entry, [...(expired.get(entry) ?? []), result.test.id]);
    else if (result.outcome === 'failed' || result.outcome === 'flaky') {
      excused.add(result.test.id);
      held.push({ id: result.test.id, entry });
    }
  }
  const expiredTests = [...expired.values()].flat();
  const who = (entry: QuarantineEntry) => `owner ${entry.owner}, ${entry.issue}`;
  const messages = [
    ...[...expired.entries()].map(([entry, tests]) =>
      `the quarantine of "${entry.test}" (${who(entry)}) expired on ${entry.expires}${tests.length > 1 ? ` for ${tests.length} tests` : ''}: ${entry.owner} must fix the test, or extend or remove the entry in ${quarantine.file}`,
    ),
    ...(held.length ? [`${held.length} quarantined test(s) failed without failing the gate: ${held.map(({ id, entry }) => `${id} (${who(entry)}, until ${entry.expires})`).join('; ')}`] : []),
  ];
  return {
    excused,
    rule: {
      rule: 'quarantine',
      outcome: expired.size ? 'fail' : held.length ? 'warn' : 'pass',
      measured: `${held.length} quarantined failure(s), ${expired.size} expired entr${expired.size === 1 ? 'y' : 'ies'}`,
      limit: 'no expired entry',
      message: messages.join('; ') || `no quarantined test failed (${quarantine.entries.length} entr${quarantine.entries.length === 1 ? 'y' : 'ies'} in ${quarantine.file})`,
      ...(held.length || expiredTests.length ? { tests: [...held.map((h) => h.id), ...expiredTests] } : {}),
    },
  };
}
