/**
 * The in-toto Statement v1 that a signed run carries: predicate type
 * test-result v0.1 (in-toto/attestation, spec/predicates/test-result.md),
 * whose subject is the version under test as given with --subject.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunState } from '../model/run-state.ts';
import type { Verdict } from '../model/verdict.ts';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const TEST_RESULT_PREDICATE = 'https://in-toto.io/attestation/test-result/v0.1';

/** in-toto ResourceDescriptor (spec/v1/resource_descriptor.md), the fields tollgate uses. */
export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: Record<string, string>;
  annotations?: Record<string, string | number | boolean | null>;
}

export interface TestResultPredicate {
  result: 'PASSED' | 'WARNED' | 'FAILED';
  configuration: ResourceDescriptor[];
  url?: string;
  passedTests: string[];
  warnedTests: string[];
  failedTests: string[];
}

export interface TestResultStatement {
  _type: typeof STATEMENT_TYPE;
  subject: ResourceDescriptor[];
  predicateType: typeof TEST_RESULT_PREDICATE;
  predicate: TestResultPredicate;
}

/**
 * A subject is matched by digest (Statement v1: each subject MUST have one).
 * Forms tollgate recognises, tried in this order:
 *   sha256:<64 hex>, sha384:<96 hex>, sha512:<128 hex>   → that algorithm
 *   <image>@sha256:<64 hex>                               → sha256 (an image reference pinned by digest)
 *   <40 or 64 hex>                                        → gitCommit (SHA-1 or SHA-256 git)
 *   anything else (a chart version, a tag)                → versionLabel: the text verbatim
 * versionLabel is tollgate's own algorithm name and is not a cryptographic
 * digest: it is only as immutable as the registry that publishes the version
 * (README, "Signed verdicts").
 */
export function subjectDescriptor(subject: string): ResourceDescriptor {
  const text = subject.trim();
  const lengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
  const prefixed = /^(?:(.+)@)?(sha256|sha384|sha512):([0-9a-fA-F]+)$/.exec(text);
  if (prefixed && prefixed[3]!.length === lengths[prefixed[2]!]) return { name: text, digest: { [prefixed[2]!]: prefixed[3]!.toLowerCase() } };
  if (/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(text)) return { name: text, digest: { gitCommit: text.toLowerCase() } };
  return { name: text, digest: { versionLabel: text } };
}

/** Two DigestSets match when any algorithm they share has the same value (spec/v1/digest_set.md). */
export function digestsMatch(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (!a || !b) return false;
  return Object.entries(a).some(([algorithm, value]) => typeof b[algorithm] === 'string' && b[algorithm]!.toLowerCase() === value.toLowerCase());
}

export interface StatementInput {
  verdict: Verdict;
  state: RunState;
  /** Absolute config file, or null in zero-config mode. */
  configFile: string | null;
  /** sha256 of the config file's text (ResolvedConfig.hash). */
  configHash: string;
  rootDir: string;
  runDir: string;
  tollgateVersion: string;
  env?: NodeJS.ProcessEnv;
}

export function buildStatement(input: StatementInput): TestResultStatement {
  const { verdict } = input;
  if (!verdict.subject) throw new Error('buildStatement: the verdict has no subject');
  return {
    _type: STATEMENT_TYPE,
    subject: [subjectDescriptor(verdict.subject)],
    predicateType: TEST_RESULT_PREDICATE,
    predicate: {
      result: verdict.status === 'PASS' ? 'PASSED' : verdict.status === 'WARN' ? 'WARNED' : 'FAILED',
      configuration: [
        {
          name: input.configFile ? path.relative(input.rootDir, input.configFile) || path.basename(input.configFile) : '(zero-config: the test files given on the command line)',
          digest: { sha256: input.configHash },
          annotations: {
            gate: verdict.gate,
            environment: verdict.environment,
            runId: verdict.runId,
            verdict: verdict.status,
            // When the verdict was given: `verify-attestation --max-age` judges how recent it is (issue 13.10).
            endTime: verdict.endTime,
            tollgateVersion: input.tollgateVersion,
          },
        },
      ],
      url: runUrl(input.runDir, input.env ?? process.env),
      ...testLists(input.state, verdict),
    },
  };
}

/**
 * Sorts the run's tests into the predicate's three lists by id. Flaky tests
 * warn, unless the gate's flaky rule failed them; a planned test without an
 * outcome, or one cut off by an interruption, failed. Skipped tests are in
 * none of the lists: they neither passed nor failed.
 */
function testLists(state: RunState, verdict: Verdict): Pick<TestResultPredicate, 'passedTests' | 'warnedTests' | 'failedTests'> {
  const flakyFails = verdict.rules.some((r) => r.rule === 'flaky' && r.outcome === 'fail');
  const lists = { passedTests: [] as string[], warnedTests: [] as string[], failedTests: [] as string[] };
  for (const { test, outcome } of state.tests.values()) {
    if (outcome === 'skipped') continue;
    if (outcome === 'passed') lists.passedTests.push(test.id);
    else if (outcome === 'flaky') (flakyFails ? lists.failedTests : lists.warnedTests).push(test.id);
    else lists.failedTests.push(test.id);
  }
  return lists;
}

/** Where a person finds the run: the CI job when tollgate runs in one, else the run directory. */
export function runUrl(runDir: string, env: NodeJS.ProcessEnv): string {
  if (env.TOLLGATE_RUN_URL) return env.TOLLGATE_RUN_URL;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  if (env.CI_JOB_URL) return env.CI_JOB_URL; // GitLab
  if (env.BUILD_URL) return env.BUILD_URL; // Jenkins
  return pathToFileURL(runDir).href;
}
