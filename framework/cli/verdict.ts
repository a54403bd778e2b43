import fs from 'node:fs';
import path from 'node:path';
import { ArchiveOpenError, archiveUrl, openArchive } from '../archive/open-archive.ts';
import { findConfigFile } from '../config/load-config.ts';
import type { Archive } from '../archive/archive.ts';
import { subjectDescriptor } from '../gate/attestation-statement.ts';
import { answerVerdictQuery, RunDirectoryVerdicts, sameSubject, type VerdictQuery, type VerdictSource } from '../gate/verdict-query.ts';
import type { Verdict } from '../model/verdict.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { UsageError } from './usage-error.ts';

export interface VerdictSourceOptions {
  config?: string;
  /** Read run directories under this folder (CI artifacts) instead of the archive. */
  runs?: string;
}

/**
 * Where `verdict` and `serve` look verdicts up: the project's archive
 * (TOLLGATE_ARCHIVE, else .tollgate/archive.db beside the config file, or in
 * the current folder without one), or the run directories under --runs.
 */
export async function openVerdictSource(options: VerdictSourceOptions, cwd = process.cwd()): Promise<VerdictSource> {
  if (options.runs) return new RunDirectoryVerdicts(path.resolve(cwd, options.runs));
  const configFile = options.config ? path.resolve(cwd, options.config) : findConfigFile(cwd);
  // The archive sits beside the config file (its rootDir); the config itself need not be loaded to find it.
  const rootDir = configFile ? path.dirname(configFile) : cwd;
  const url = archiveUrl({ rootDir });
  if (!/^postgres(ql)?:\/\//.test(url) && !fs.existsSync(path.resolve(rootDir, url.replace(/^sqlite:/, '')))) {
    // A question does not create an archive: with none, no version has passed anything yet.
    return { location: `no archive at ${path.resolve(rootDir, url)} (no run has been archived here; run in the project's folder, or set TOLLGATE_ARCHIVE)`, lookup: async () => ({ verdict: null, awaiting: null }) };
  }
  try {
    const archive = await openArchive({ rootDir });
    return {
      location: `the ${archive.backend} archive ${archive.location}`,
      lookup: async (query) => ({ verdict: await latestFromArchive(archive, query), awaiting: (await archive.awaitingGate?.(query)) ?? null }),
      attestation: (runId) => archive.attestation(runId),
      close: () => archive.close(),
    };
  } catch (error) {
    if (error instanceof ArchiveOpenError) throw new UsageError(`${error.message} (or read run directories with --runs DIR)`);
    throw error;
  }
}

/** How many of a gate's newest runs are searched for the same digest under another name. */
const DIGEST_SCAN = 500;

/**
 * The archive matches subjects by their text; a digest also names the same
 * version as an image reference (`registry/app@sha256:X` is `sha256:X`), so
 * the gate's newest runs are searched for it too, and the newest verdict wins.
 */
async function latestFromArchive(archive: Archive, query: VerdictQuery): Promise<Verdict | null> {
  const exact = await archive.latestVerdict(query);
  if (subjectDescriptor(query.subject).digest?.versionLabel !== undefined) return exact;
  const runs = await archive.runs({ gate: query.gate, ...(query.environment !== undefined ? { environment: query.environment } : {}), limit: DIGEST_SCAN });
  const same = runs.find((run) => run.verdict && run.subject && sameSubject(run.subject, query.subject));
  if (!same?.verdict) return exact;
  return !exact || same.verdict.startTime > exact.startTime ? same.verdict : exact;
}

export interface VerdictCliOptions extends VerdictSourceOptions {
  gate: string;
  subject: string;
  env?: string;
  /** Write the deciding run's signed verdict here. */
  attestation?: string;
}

/**
 * `tollgate verdict --gate G --subject S [--env E]`: exit 0 when the newest
 * run of G for S passed (PASS or WARN), 1 when it did not or there is none;
 * the answer as JSON on stdout, one line for people on stderr.
 */
export async function verdictCommand(options: VerdictCliOptions): Promise<number> {
  if (!options.gate.trim()) throw new UsageError('--gate needs a gate name, e.g. --gate deploy');
  if (!options.subject.trim()) throw new UsageError('--subject needs the version to ask about (git commit, sha256:digest, chart version)');
  const source = await openVerdictSource(options);
  try {
    const answer = await answerVerdictQuery(source, { gate: options.gate, subject: options.subject, environment: options.env });
    process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
    process.stderr.write(`tollgate: ${answer.message}\n`);
    if (options.attestation !== undefined && answer.runId && !(await writeAttestation(source, answer.runId, options.attestation))) return ExitCode.Failed;
    return answer.passed ? ExitCode.Pass : ExitCode.Failed;
  } finally {
    await source.close?.();
  }
}

/**
 * --attestation FILE: the signed verdict of the run that decided, for a CD
 * system to verify (`tollgate verify-attestation`, cosign, a policy engine).
 * A run that was not signed has none: that is a failure, since whoever asked
 * for the signature cannot go on without it.
 */
async function writeAttestation(source: VerdictSource, runId: string, file: string): Promise<boolean> {
  const envelope = await source.attestation?.(runId);
  if (!envelope) {
    process.stderr.write(`tollgate: run ${runId} has no signed verdict in ${source.location}; sign runs with TOLLGATE_SIGNING_KEY and --subject (README "Signed verdicts")\n`);
    return false;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, envelope);
  process.stderr.write(`tollgate: wrote the signed verdict of run ${runId} to ${file}\n`);
  return true;
}
