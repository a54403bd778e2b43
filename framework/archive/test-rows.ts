import type { TestCase } from '../model/test-case.ts';
import type { Statement } from './sql-connection.ts';

const TEST_COLUMNS = 'run_id, test_id, title, title_path, suite, kind, runner, file, line, tags, expected_status, test_case, attempts';
const TEST_VALUES = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0';

/**
 * A planned or announced test's row in `tests`: its columns for queries,
 * and the whole TestCase as JSON (migration 009) for reports rebuilt from
 * the archive. `onConflict` says what a row already there becomes:
 * 'keep' for an ordinary run, 'reset' for a shard run again (its earlier
 * attempt's result no longer counts).
 */
export function testRow(runId: string, test: TestCase, onConflict: 'keep' | 'reset' = 'keep'): Statement {
  return {
    sql: `INSERT INTO tests (${TEST_COLUMNS}) VALUES (${TEST_VALUES}) ON CONFLICT (run_id, test_id) DO ${
      onConflict === 'keep' ? 'NOTHING' : 'UPDATE SET outcome = NULL, duration = NULL, attempts = 0, error_message = NULL, error_signature = NULL'
    }`,
    params: [runId, test.id, test.title, JSON.stringify(test.titlePath), test.suite, test.kind, test.runner, test.location?.file, test.location?.line, JSON.stringify(test.tags ?? []), test.expectedStatus, JSON.stringify(test)],
  };
}

/** A row for a test that ended without being planned or announced: only what its id says. */
export function bareTestRow(runId: string, testId: string): Statement {
  return {
    sql: `INSERT INTO tests (${TEST_COLUMNS}) VALUES (${TEST_VALUES}) ON CONFLICT (run_id, test_id) DO NOTHING`,
    params: [runId, testId, testId.split(' › ').at(-1), null, null, null, null, null, null, '[]', null, null],
  };
}
