import fs from 'node:fs';
import path from 'node:path';
import { closestMatch } from '../config/closest-match.ts';
import { ConfigError, formatConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import type { ResolvedConfig } from '../model/config.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { TOLLGATE_VERSION } from '../run/version.ts';
import { buildK8sManifests, type SecretKeyReference } from '../k8s/k8s-manifests.ts';
import { defaultRunId, isDataKey, isLabel, isSubdomain } from '../k8s/k8s-names.ts';
import { artifactsMountPath, podCapabilities } from '../k8s/pod-capabilities.ts';
import { parseManifests, validateManifest } from '../k8s/validate-manifest.ts';
import { renderManifests, writeManifests, type ManifestFormat } from '../k8s/write-manifests.ts';
import { UsageError } from './usage-error.ts';

export interface K8sManifestsCliOptions {
  gate?: string;
  shards?: string;
  out?: string;
  image?: string;
  namespace?: string;
  runId?: string;
  env?: string;
  subject?: string;
  archiveSecret?: string;
  signingKeySecret?: string;
  /** false with --no-signing-key. */
  signingKey?: boolean;
  workdir?: string;
  /** How long the gate's Job waits for the shards: '6h'. */
  gateWait?: string;
  format?: string;
  config?: string;
}

export const DEFAULT_IMAGE = 'tollgate-tests:latest';
export const DEFAULT_WORKDIR = '/app';
/** Long enough for a nightly deploy gate; a soak gate needs its --duration and more. */
export const DEFAULT_GATE_WAIT = '6h';
export const DEFAULT_ARCHIVE_SECRET: SecretKeyReference = { name: 'tollgate-archive', key: 'dsn' };
export const DEFAULT_SIGNING_KEY_SECRET: SecretKeyReference = { name: 'tollgate-signing-key', key: 'tollgate.key' };
/** Kubernetes caps an Indexed Job's completions and parallelism at 10^5. */
const MAX_SHARDS = 100_000;

/**
 * `tollgate k8s manifests --gate G --shards N --out DIR`: writes the
 * ConfigMap, the Indexed Job of shards and the gate's Job (README,
 * "Kubernetes"). Every problem with the options is reported at once (exit 2);
 * nothing is written unless the manifests validate against the Kubernetes schemas.
 */
export async function k8sManifestsCommand(options: K8sManifestsCliOptions, cwd = process.cwd()): Promise<number> {
  const problems = checkOptions(options);
  let config: ResolvedConfig | undefined;
  try {
    config = await loadConfig({ cwd, configPath: options.config });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(`the config: ${formatConfigError(error, cwd)}\n  The ConfigMap carries the project's config file: run this in the project's folder, or pass --config FILE.`);
  }
  if (config && options.gate) {
    const known = Object.keys(config.gates);
    if (!known.includes(options.gate)) {
      const near = closestMatch(options.gate, known);
      problems.push(`--gate: unknown gate "${options.gate}"${near ? ` (did you mean "${near}"?)` : ''}; the config defines: ${known.join(', ') || '(none)'}`);
    }
  }
  const configPath = config?.configFile ? path.relative(cwd, config.configFile).split(path.sep).join('/') : undefined;
  if (configPath !== undefined && (configPath.startsWith('../') || path.isAbsolute(configPath))) {
    problems.push(`--config: ${config!.configFile} is outside the current folder; run this in the project's root, the folder the image holds in --workdir`);
  }
  if (problems.length > 0 || !config?.configFile || configPath === undefined) {
    throw new UsageError(`k8s manifests:\n${problems.map((p) => `  - ${p}`).join('\n')}\nExample: tollgate k8s manifests --gate deploy --shards 8 --out k8s/ --image registry.example/app-tests:1.2`);
  }

  const format = (options.format ?? 'yaml') as ManifestFormat;
  const runId = options.runId ?? defaultRunId(options.gate!);
  const archiveSecret = secretReference(options.archiveSecret, DEFAULT_ARCHIVE_SECRET);
  const wantsSigning = options.signingKey !== false;
  // No --subject, no signature (README, "Signed verdicts"): the key would sit unused in the pod.
  const signingKeySecret = wantsSigning && options.subject !== undefined ? secretReference(options.signingKeySecret, DEFAULT_SIGNING_KEY_SECRET) : null;
  const workdir = options.workdir ?? DEFAULT_WORKDIR;
  const capabilities = podCapabilities(config, options.gate!);
  const manifests = buildK8sManifests({
    gate: options.gate!,
    shards: Number(options.shards),
    runId,
    image: options.image ?? DEFAULT_IMAGE,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.subject !== undefined ? { subject: options.subject } : {}),
    workdir,
    capabilities: capabilities.add,
    artifactsPath: artifactsMountPath(config, workdir),
    gateWait: options.gateWait ?? DEFAULT_GATE_WAIT,
    config: { path: configPath, text: fs.readFileSync(config.configFile, 'utf8'), sha256: config.hash, explicit: options.config !== undefined },
    archiveSecret,
    signingKeySecret,
    tollgateVersion: TOLLGATE_VERSION,
  });

  const files = renderManifests(manifests, format);
  const invalid = files.flatMap((file) => parseManifests(file.text).flatMap(validateManifest).map((p) => `${file.name}: ${p}`));
  if (invalid.length > 0) {
    throw new UsageError(`k8s manifests: the manifests do not validate against the Kubernetes schemas, so nothing was written:\n${invalid.map((p) => `  - ${p}`).join('\n')}`);
  }
  const out = path.resolve(cwd, options.out!);
  const written = writeManifests(out, files);

  const shown = (file: string) => (path.relative(cwd, file).startsWith('..') ? file : path.relative(cwd, file) || '.');
  const ns = options.namespace ? ` -n ${options.namespace}` : '';
  const lines = [
    `tollgate: wrote the manifests for gate ${options.gate}, ${options.shards} shards, run id ${runId}:`,
    ...written.map((file, i) => `  ${shown(file)}  ${describe(files[i]!.document)}`),
    ...(options.image === undefined ? [`  (no --image: the pods use ${DEFAULT_IMAGE}; give the image that holds this project in ${options.workdir ?? DEFAULT_WORKDIR})`] : []),
    ...(wantsSigning && options.subject === undefined ? ['  (no --subject: the verdict is not signed, so no signing key is mounted)'] : []),
    ...(capabilities.add.length ? [`  The shard pods add the capabilities ${capabilities.add.join(', ')} for ${capabilities.reasons.join('; ')}: the namespace's Pod Security level must be privileged (baseline and restricted refuse them).`] : []),
    'The Secrets they reference must exist in the namespace (their values are never written here):',
    `  kubectl create secret generic ${archiveSecret.name}${ns} --from-literal=${archiveSecret.key}='postgres://USER:PASSWORD@HOST/DB'`,
    ...(signingKeySecret ? [`  kubectl create secret generic ${signingKeySecret.name}${ns} --from-file=${signingKeySecret.key}=keys/tollgate.key`] : []),
    `Then: kubectl apply -f ${shown(out)}${options.namespace ? '' : ' [-n NAMESPACE]'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return ExitCode.Pass;
}

function checkOptions(options: K8sManifestsCliOptions): string[] {
  const problems: string[] = [];
  if (!options.gate?.trim()) problems.push('--gate: missing; the gate to run, e.g. --gate deploy');
  if (options.shards === undefined) problems.push('--shards: missing; how many pods share the plan, e.g. --shards 8');
  else if (!/^\d+$/.test(options.shards.trim()) || Number(options.shards) < 1 || Number(options.shards) > MAX_SHARDS) {
    problems.push(`--shards: expected a whole number from 1 to ${MAX_SHARDS} (an Indexed Job's limit), got "${options.shards}"`);
  }
  if (!options.out?.trim()) problems.push('--out: missing; the folder to write the manifests into, e.g. --out k8s/');
  if (options.format !== undefined && options.format !== 'yaml' && options.format !== 'json') problems.push(`--format: expected yaml or json, got "${options.format}"`);
  if (options.namespace !== undefined && !isLabel(options.namespace)) problems.push(`--namespace: "${options.namespace}" is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)`);
  if (options.workdir !== undefined && !options.workdir.startsWith('/')) problems.push(`--workdir: expected an absolute path in the image, like /app, got "${options.workdir}"`);
  if (options.image !== undefined && (!options.image.trim() || /\s/.test(options.image))) problems.push(`--image: expected an image reference without spaces, like registry.example/app-tests:1.2, got "${options.image}"`);
  if (options.gateWait !== undefined && !/^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*$/.test(options.gateWait)) problems.push(`--gate-wait: expected a length like 30m or 6h, got "${options.gateWait}"`);
  if (options.runId !== undefined && !options.runId.trim()) problems.push('--run-id: empty; give the id every shard shares, or leave it out to generate one');
  for (const [flag, value] of [['--archive-secret', options.archiveSecret], ['--signing-key-secret', options.signingKeySecret]] as const) {
    if (value === undefined) continue;
    const [name = '', key, ...rest] = value.split(':');
    if (!isSubdomain(name) || rest.length > 0 || (key !== undefined && !isDataKey(key))) {
      problems.push(`${flag}: expected NAME or NAME:KEY of a Secret (NAME in lower case, e.g. tollgate-archive:dsn), got "${value}"`);
    }
  }
  if (options.signingKey === false && options.signingKeySecret !== undefined) problems.push('--signing-key-secret and --no-signing-key: give one of them');
  return problems;
}

function secretReference(text: string | undefined, fallback: SecretKeyReference): SecretKeyReference {
  if (text === undefined) return fallback;
  const [name, key] = text.split(':');
  return { name: name!, key: key ?? fallback.key };
}

function describe(document: Record<string, unknown>): string {
  const meta = document.metadata as { name: string };
  const spec = document.spec as { completions?: number; completionMode?: string } | undefined;
  if (document.kind === 'ConfigMap') return `ConfigMap ${meta.name} (the config file)`;
  if (spec?.completionMode === 'Indexed') return `Job ${meta.name} (Indexed: ${spec.completions} pods, shard 1/${spec.completions} to ${spec.completions}/${spec.completions})`;
  return `Job ${meta.name} (tollgate gate --run-id: the verdict once every shard ended)`;
}
