/**
 * "Did version S pass gate G?": the question a CD system asks before it
 * deploys or promotes (`tollgate verdict`, `tollgate serve`). The newest run
 * of that gate for that subject decides; PASS and WARN are a pass,
 * everything else, and no run at all, is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ATTESTATION_FILE, EVENTS_FILE, VERDICT_FILE } from '../archive/run-directory.ts';
import type { RunBeginEvent, RunEvent } from '../model/events.ts';
import type { AwaitingGate } from '../archive/archive.ts';
import { instanceBaseRunId } from '../archive/instance-runs.ts';
import { rejudgeRun } from './rejudge-run.ts';
import type { Verdict, VerdictStatus } from '../model/verdict.ts';
import { digestsMatch, subjectDescriptor } from './attestation-statement.ts';

export interface VerdictQuery {
  gate: string;
  subject: string;
  environment?: string;
}

/** Where verdicts come from: the archive (Archive.latestVerdict, Archive.awaitingGate) or run directories. */
export interface VerdictSource {
  /** For people: where the answer came from. */
  readonly location: string;
  /** What decides a query, read once. */
  lookup(query: VerdictQuery): Promise<VerdictLookup>;
  /** The run's signed verdict (a DSSE envelope as text), or null when it was not signed. */
  attestation?(runId: string): Promise<string | null>;
  close?(): Promise<void>;
}

export interface VerdictLookup {
  /** The newest verdict of the gate for the subject. */
  verdict: Verdict | null;
  /** A newer run of load instances that has no verdict from `tollgate gate --run-id` yet. */
  awaiting: AwaitingGate | null;
}

export interface VerdictAnswer {
  passed: boolean;
  /** The newest verdict's status, or UNKNOWN when the subject never ran through the gate or its newest run awaits `tollgate gate`. */
  status: VerdictStatus | 'UNKNOWN';
  gate: string;
  subject: string;
  environment: string | null;
  runId: string | null;
  startTime: string | null;
  endTime: string | null;
  /** One line for people. */
  message: string;
  /** The rules that did not pass (empty on a pass). */
  reasons: { rule: string; outcome: string; measured: Verdict['rules'][number]['measured']; limit: string | null; message: string }[];
  source: string;
}

export async function answerVerdictQuery(source: VerdictSource, query: VerdictQuery): Promise<VerdictAnswer> {
  const { verdict, awaiting } = await source.lookup(query);
  const base = { gate: query.gate, subject: query.subject, source: source.location };
  if (awaiting) {
    // Each instance judged only its own part of the load; one instance's pass says nothing of the others.
    return {
      ...base,
      passed: false,
      status: 'UNKNOWN',
      environment: query.environment ?? null,
      runId: awaiting.runId,
      startTime: awaiting.startTime,
      endTime: null,
      message:
        `run ${awaiting.runId} of gate "${query.gate}" for subject ${query.subject} ran as load instances (${awaiting.instances.join(', ')} ended) ` +
        `and has no gated verdict yet: not passed; judge them together with \`tollgate gate --run-id ${awaiting.runId}\``,
      reasons: [],
    };
  }
  if (!verdict) {
    const where = query.environment ? ` in environment "${query.environment}"` : '';
    return {
      ...base,
      passed: false,
      status: 'UNKNOWN',
      environment: query.environment ?? null,
      runId: null,
      startTime: null,
      endTime: null,
      message: `no run of gate "${query.gate}" for subject ${query.subject}${where} is on record: not passed`,
      reasons: [],
    };
  }
  const passed = verdict.status === 'PASS' || verdict.status === 'WARN';
  return {
    ...base,
    passed,
    status: verdict.status,
    environment: verdict.environment,
    runId: verdict.runId,
    startTime: verdict.startTime,
    endTime: verdict.endTime,
    message: `${query.subject} ${passed ? 'passed' : 'did not pass'} gate "${query.gate}": verdict ${verdict.status} in run ${verdict.runId} (environment ${verdict.environment})`,
    reasons: verdict.rules
      .filter((r) => r.outcome !== 'pass')
      .map(({ rule, outcome, measured, limit, message }) => ({ rule, outcome, measured, limit, message })),
  };
}

/** Subjects are the same version when their digests match, so `sha256:X` finds a run made with `registry/app@sha256:X`. */
export function sameSubject(a: string, b: string): boolean {
  return a === b || digestsMatch(subjectDescriptor(a).digest, subjectDescriptor(b).digest);
}

/**
 * Verdicts read from run directories (`.tollgate/runs/*`): the fallback
 * when no archive is at hand. A run directory without verdict.json (a run
 * killed before its end) counts as an ERROR verdict, never as missing, so
 * a killed rerun is not hidden behind an older pass. A load instance's
 * verdict.json is only its own (run.begin has `instance`): it never
 * answers; the run waits for the verdict of `tollgate gate --run-id ID
 * --output DIR` placed among the run directories.
 */
export class RunDirectoryVerdicts implements VerdictSource {
  constructor(readonly runsDir: string) {}

  get location(): string {
    return `run directories under ${this.runsDir}`;
  }

  async attestation(runId: string): Promise<string | null> {
    if (!fs.existsSync(this.runsDir)) return null;
    for (const entry of fs.readdirSync(this.runsDir, { withFileTypes: true })) {
      const dir = path.join(this.runsDir, entry.name);
      if (!entry.isDirectory() || readRunVerdict(dir)?.verdict?.runId !== runId) continue;
      const file = path.join(dir, ATTESTATION_FILE);
      if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    }
    return null;
  }

  async lookup(query: VerdictQuery): Promise<VerdictLookup> {
    if (!fs.existsSync(this.runsDir)) return { verdict: null, awaiting: null };
    let newest: Verdict | null = null;
    let newestDir: string | undefined;
    const instanceRuns: { runId: string; startTime: string; instance: string }[] = [];
    for (const entry of fs.readdirSync(this.runsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const read = readRunVerdict(path.join(this.runsDir, entry.name));
      const verdict = read?.verdict;
      if (!verdict || verdict.gate !== query.gate || !verdict.subject || !sameSubject(verdict.subject, query.subject)) continue;
      if (query.environment !== undefined && verdict.environment !== query.environment) continue;
      if (read.instance) {
        instanceRuns.push({ runId: instanceBaseRunId(verdict.runId), startTime: verdict.startTime, instance: read.instance });
        continue;
      }
      // Newest by start: the run that began last is the one that tested the version as it is now.
      if (!newest || verdict.startTime > newest.startTime || (verdict.startTime === newest.startTime && verdict.runId > newest.runId)) {
        newest = verdict;
        newestDir = path.join(this.runsDir, entry.name);
      }
    }
    // A run directory is data, not truth (issue 13.5): the deciding run is judged again from its events.
    if (newestDir) newest = judgedAgain(newestDir) ?? newest;
    const judged = newest;
    // The gate's verdict of a run of instances starts with its first instance, so it is not newer than them: match it by run id.
    const waiting = instanceRuns
      .filter((run) => !judged || (run.runId !== judged.runId && run.startTime > judged.startTime))
      .sort((a, b) => (a.startTime < b.startTime ? 1 : a.startTime > b.startTime ? -1 : 0));
    const first = waiting[0];
    const awaiting = first
      ? { runId: first.runId, startTime: first.startTime, instances: waiting.filter((run) => run.runId === first.runId).map((run) => run.instance).sort() }
      : null;
    return { verdict: newest, awaiting };
  }
}

/** The verdict of a run directory judged again from its events.ndjson; null when it has none (a verdict placed on its own). */
function judgedAgain(dir: string): Verdict | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, EVENTS_FILE), 'utf8');
  } catch {
    return null;
  }
  const events: RunEvent[] = [];
  for (const line of text.split('\n')) {
    try {
      if (line) events.push(JSON.parse(line) as RunEvent);
    } catch {
      // A line cut short by a kill: the run has no verdict to judge again, and counts as it was read.
      return null;
    }
  }
  return rejudgeRun(events).verdict;
}

/** A run directory's verdict, and the load instance it was when it ran as one. */
function readRunVerdict(dir: string): { verdict: Verdict; instance?: string } | null {
  let begin: RunBeginEvent | undefined;
  try {
    const first = JSON.parse(readFirstLine(path.join(dir, EVENTS_FILE))) as RunBeginEvent;
    if (first.type === 'run.begin') begin = first;
  } catch {
    // No events: a verdict written on its own (`tollgate gate --output`, `tollgate merge`).
  }
  const instance = begin?.instance;
  try {
    const verdict = JSON.parse(fs.readFileSync(path.join(dir, VERDICT_FILE), 'utf8')) as Verdict;
    return { verdict, ...(instance ? { instance } : {}) };
  } catch {
    // No (readable) verdict: a killed run, if its events begin with run.begin.
  }
  if (!begin) return null;
  return {
    verdict: {
      status: 'ERROR',
      gate: begin.gate,
      runId: begin.runId,
      subject: begin.subject,
      environment: begin.environment,
      counts: { planned: begin.tests.length, passed: 0, failed: 0, flaky: 0, skipped: 0, interrupted: 0, missing: begin.tests.length },
      rules: [{ rule: 'complete', outcome: 'error', measured: 'no verdict', limit: 'a verdict', message: `the run in ${dir} ended without a verdict (killed?)` }],
      exitCode: 1,
      startTime: begin.time,
      endTime: begin.time,
    },
  };
}

/** run.begin lists every planned test, so it can be long; the rest of the file can be far longer. */
function readFirstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(1 << 16);
    for (let position = 0; ; ) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      const end = chunk.subarray(0, read).indexOf(10);
      if (end !== -1) {
        chunks.push(Buffer.from(chunk.subarray(0, end)));
        break;
      }
      chunks.push(Buffer.from(chunk.subarray(0, read)));
      position += read;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
