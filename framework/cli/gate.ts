import fs from 'node:fs';
import path from 'node:path';
import { writeVerdict } from '../archive/run-directory.ts';
import { ShardStore } from '../archive/shard-store.ts';
import { ATTESTATION_FILE, signRunVerdict, SIGNING_KEY_ENV } from '../gate/attestation-sign-run.ts';
import { gateShardedRun, NoShardsError } from '../gate/gate-sharded-run.ts';
import { loadQuarantine } from '../gate/quarantine.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { checkRunId } from '../model/run-id.ts';
import { TOLLGATE_VERSION } from '../run/version.ts';
import { parseLength } from './parse-length.ts';
import { gatePolicyOf, loadProjectConfig } from './project-config.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

export interface GateCliOptions {
  runId: string;
  gate?: string;
  /** How long to wait for shards still running: '10m', '30s'. */
  wait?: string;
  /** Write verdict.json into this folder instead of printing it. */
  output?: string;
  config?: string;
}

/**
 * `tollgate gate --run-id ID [--gate NAME] [--wait 10m] [--output DIR]`:
 * one verdict for the shards of a run, from the archive. A missing,
 * crashed or unfinished shard is ERROR (exit 1); the verdict is recorded
 * on the run, so `tollgate verdict --gate G --subject S` answers for it.
 */
export async function gateCommand(options: GateCliOptions): Promise<number> {
  const cwd = process.cwd();
  if (!options.runId?.trim()) return reportUsageError(new UsageError('--run-id needs the id the shards or load instances ran with (tollgate run --shard i/n --run-id ID, or --instance i/n --run-id ID)'));
  try {
    checkRunId(options.runId, '--run-id');
  } catch (error) {
    return reportUsageError(error as Error);
  }
  let waitMs = 0;
  if (options.wait !== undefined) {
    const parsed = parseLength(options.wait);
    if (parsed === undefined) return reportUsageError(new UsageError(`--wait: expected a length like 30s, 10m or 1h, got "${options.wait}"`));
    waitMs = parsed;
  }
  const project = await loadProjectConfig(cwd, options);
  if ('exitCode' in project) return project.exitCode;
  const { config } = project;
  const rootDir = config?.rootDir ?? cwd;
  // Signed like `tollgate run` signs: the attestation goes beside verdict.json (--output), else into the run's folder.
  const signingKey = process.env[SIGNING_KEY_ENV];
  const attestationDir = options.output ? path.resolve(cwd, options.output) : path.join(config?.outputDir ?? path.join(rootDir, '.tollgate', 'runs'), options.runId);
  let store: ShardStore;
  try {
    store = await ShardStore.open({ rootDir });
  } catch (error) {
    return reportUsageError(new UsageError(`${(error as Error).message}`));
  }
  try {
    const { verdict, attempts, instances } = await gateShardedRun(store, {
      runId: options.runId,
      gate: options.gate,
      waitMs,
      quarantine: config ? loadQuarantine(rootDir) : undefined,
      policyOf: gatePolicyOf(config),
      onWait: (message) => process.stderr.write(`tollgate: ${message}\n`),
      sign: signingKey
        ? (verdict, state, run) => {
            fs.mkdirSync(attestationDir, { recursive: true });
            return signRunVerdict(verdict, {
              state,
              runDir: attestationDir,
              // The config the shards ran with, as they recorded it; the key is the gate's own, found from where it runs.
              config: { configFile: run.configFile ?? config?.configFile ?? null, hash: run.configHash ?? config?.hash ?? '', rootDir: run.rootDir ?? rootDir },
              tollgateVersion: TOLLGATE_VERSION,
              env: { ...process.env, [SIGNING_KEY_ENV]: path.resolve(rootDir, signingKey) },
            });
          }
        : undefined,
    });
    for (const a of attempts) {
      process.stderr.write(`  shard ${a.index}/${a.total} attempt ${a.attempt}: ${a.status}${a.host ? ` on ${a.host}` : ''}, ${a.plannedTests} test(s) planned${a.duration !== null ? `, ${(a.duration / 1000).toFixed(1)} s` : ''}\n`);
    }
    for (const run of instances?.runs ?? []) {
      process.stderr.write(`  load instance ${run.index}/${instances!.total}: run ${run.runId} ${run.status}${run.host ? ` on ${run.host}` : ''}\n`);
    }
    const attestation = path.join(attestationDir, ATTESTATION_FILE);
    if (signingKey && verdict.subject && !verdict.rules.some((r) => r.rule === 'attestation') && fs.existsSync(attestation)) {
      // Kept with the verdict in the archive: `tollgate verdict --attestation` hands it out wherever this gate ran.
      await store.recordAttestation(options.runId, fs.readFileSync(attestation, 'utf8'));
      process.stderr.write(`tollgate: signed the verdict: ${path.relative(cwd, attestation) || attestation}\n`);
    }
    for (const rule of verdict.rules.filter((r) => r.outcome !== 'pass')) process.stderr.write(`  ${rule.outcome.toUpperCase()} ${rule.rule}: ${rule.message}\n`);
    process.stderr.write(`tollgate: run ${options.runId}: verdict ${verdict.status}\n`);
    if (options.output) {
      fs.mkdirSync(path.resolve(cwd, options.output), { recursive: true });
      writeVerdict(path.resolve(cwd, options.output), verdict);
    } else {
      process.stdout.write(JSON.stringify(verdict, null, 2) + '\n');
    }
    return verdict.exitCode;
  } catch (error) {
    if (error instanceof NoShardsError) {
      process.stderr.write(`tollgate: ERROR: ${error.message}\n`);
      return ExitCode.Failed;
    }
    throw error;
  } finally {
    await store.close();
  }
}
