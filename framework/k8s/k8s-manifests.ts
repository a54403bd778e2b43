/**
 * The Kubernetes objects that run one gate on a cluster (issue 9.3), built
 * as typed kubernetes-models objects so that a misspelt field fails the type
 * check and a wrong value fails `.validate()` against the OpenAPI schema:
 *
 *   ConfigMap  the project's config file, mounted over its path in the image
 *   Job        Indexed, completions = parallelism = shards; pod i runs shard i+1,
 *              with the Linux capabilities its suites need and an emptyDir
 *              for its run directory (issue 13.9)
 *   Job        `tollgate gate --wait`: one verdict once every shard reported
 *
 * The archive's DSN and the signing key are Secret references only; their
 * values never pass through here. Pure: no I/O, the config text comes in.
 */
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IPodFailurePolicyRule } from 'kubernetes-models/batch/v1/PodFailurePolicyRule';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { ExitCode } from '../model/exit-codes.ts';
import { baseName, labelValue } from './k8s-names.ts';
import { gatePodCommand, shardPodCommand, type PodCommandInput } from './pod-command.ts';

/** A key of a Secret that already exists in the namespace (kubectl create secret ...). */
export interface SecretKeyReference {
  name: string;
  key: string;
}

export interface K8sManifestOptions {
  gate: string;
  shards: number;
  runId: string;
  /** An image that holds the project (its tests and node_modules) in `workdir`. */
  image: string;
  /** Absent: the objects carry no namespace and go to kubectl's current one. */
  namespace?: string;
  env?: string;
  subject?: string;
  /** How long the gate's Job waits for the shards to finish: '6h'. */
  gateWait: string;
  /** The project's folder inside the image. */
  workdir: string;
  config: {
    /** Relative to workdir, with forward slashes: where the ConfigMap's file is mounted. */
    path: string;
    text: string;
    sha256: string;
    /** Pass --config to the pods (the file is not found by its default name). */
    explicit: boolean;
  };
  archiveSecret: SecretKeyReference;
  /** Mounted into the gate's pod only; null: the verdict is not signed. */
  signingKeySecret: SecretKeyReference | null;
  tollgateVersion: string;
  /** Linux capabilities the shard pods add (podCapabilities): NET_ADMIN and NET_RAW for packet suites. */
  capabilities?: string[];
  /** Where the shard pods write run directories (artifactsMountPath); an emptyDir is mounted there. */
  artifactsPath?: string;
}

export interface K8sManifests {
  configMap: ConfigMap;
  shardJob: Job;
  gateJob: Job;
}

/** Where the signing key's Secret is mounted; TOLLGATE_SIGNING_KEY names the file in it. */
export const SIGNING_KEY_DIR = '/var/run/secrets/tollgate-signing';
export const SIGNING_KEY_FILE = 'tollgate.key';
export const CONTAINER_NAME = 'tollgate';

/** Finished Jobs and their pods (with their logs) stay a day for people to read, then go. */
const KEEP_FINISHED_SECONDS = 86_400;

export function buildK8sManifests(options: K8sManifestOptions): K8sManifests {
  const base = baseName(options.runId);
  const names = { configMap: `${base}-config`, shards: `${base}-shards`, gate: `${base}-gate` };
  const command: PodCommandInput = {
    gate: options.gate,
    shards: options.shards,
    runId: options.runId,
    gateWait: options.gateWait,
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.subject !== undefined ? { subject: options.subject } : {}),
    ...(options.config.explicit ? { config: options.config.path } : {}),
  };
  const metadata = (name: string, component: string) => ({
    name,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    labels: labels(options, component),
    annotations: annotations(options),
  });

  const configKey = options.config.path.split('/').at(-1)!;
  const configMap = new ConfigMap({
    metadata: { ...metadata(names.configMap, 'config'), annotations: { ...annotations(options), 'tollgate.dev/config-sha256': options.config.sha256 } },
    data: { [configKey]: options.config.text },
  });

  const configVolume: IVolume = { name: 'tollgate-config', configMap: { name: names.configMap } };
  // subPath puts the one file over the image's copy, so the config's relative
  // imports and globs resolve in the project folder as they do on a laptop.
  const configMount: IVolumeMount = { name: 'tollgate-config', mountPath: posixJoin(options.workdir, options.config.path), subPath: configKey, readOnly: true };

  const container = (args: string[], extra: Pick<IContainer, 'env' | 'volumeMounts' | 'securityContext'>): IContainer => ({
    name: CONTAINER_NAME,
    image: options.image,
    workingDir: options.workdir,
    command: args,
    env: [
      { name: 'TOLLGATE_ARCHIVE', valueFrom: { secretKeyRef: { name: options.archiveSecret.name, key: options.archiveSecret.key } } },
      // Off a terminal the console reporter prints one line per finished test: readable in `kubectl logs`.
      { name: 'CI', value: '1' },
      ...(extra.env ?? []),
    ],
    volumeMounts: [configMount, ...(extra.volumeMounts ?? [])],
    ...(extra.securityContext ? { securityContext: extra.securityContext } : {}),
  });

  // Without these a packet test skips as "capability missing", which fails a deploy gate: grant them rather than lose the coverage.
  const capabilities = options.capabilities ?? [];
  const artifacts = options.artifactsPath;
  const shardPod: IPodSpec = {
    restartPolicy: 'Never',
    containers: [
      container(shardPodCommand(command), {
        ...(artifacts ? { volumeMounts: [{ name: 'tollgate-artifacts', mountPath: artifacts }] } : {}),
        ...(capabilities.length ? { securityContext: { capabilities: { add: [...capabilities] } } } : {}),
      }),
    ],
    volumes: [configVolume, ...(artifacts ? [{ name: 'tollgate-artifacts', emptyDir: {} }] : [])],
  };

  // Only the gate's verdict is signed: a shard's own verdict covers its part
  // of the plan, and a PASSED attestation for it would vouch for a version
  // whose other shards may have failed.
  const signing = options.signingKeySecret;
  const gatePod: IPodSpec = {
    restartPolicy: 'Never',
    containers: [
      container(gatePodCommand(command), signing
        ? {
            env: [{ name: 'TOLLGATE_SIGNING_KEY', value: `${SIGNING_KEY_DIR}/${SIGNING_KEY_FILE}` }],
            volumeMounts: [{ name: 'tollgate-signing-key', mountPath: SIGNING_KEY_DIR, readOnly: true }],
          }
        : {}),
    ],
    volumes: [
      configVolume,
      // 0440: readable by the container's user through its group (fsGroup), by nobody else.
      ...(signing ? [{ name: 'tollgate-signing-key', secret: { secretName: signing.name, items: [{ key: signing.key, path: SIGNING_KEY_FILE }], defaultMode: 0o440 } }] : []),
    ],
  };

  const shardJob = new Job({
    metadata: metadata(names.shards, 'shard'),
    spec: {
      completionMode: 'Indexed',
      completions: options.shards,
      parallelism: options.shards,
      // Each shard is retried on its own (another shard's failure stops nothing);
      // a retried shard replaces its earlier attempt in the archive.
      backoffLimitPerIndex: 1,
      podFailurePolicy: { rules: shardFailureRules() },
      ttlSecondsAfterFinished: KEEP_FINISHED_SECONDS,
      template: { metadata: { labels: labels(options, 'shard'), annotations: annotations(options) }, spec: shardPod },
    },
  });

  const gateJob = new Job({
    metadata: metadata(names.gate, 'gate'),
    spec: {
      backoffLimit: 2,
      podFailurePolicy: { rules: gateFailureRules() },
      ttlSecondsAfterFinished: KEEP_FINISHED_SECONDS,
      template: { metadata: { labels: labels(options, 'gate'), annotations: annotations(options) }, spec: gatePod },
    },
  });

  return { configMap, shardJob, gateJob };
}

/** The objects in the order `kubectl apply` should create them. */
export function manifestList(manifests: K8sManifests): Array<ConfigMap | Job> {
  return [manifests.configMap, manifests.shardJob, manifests.gateJob];
}

/**
 * A verdict is an answer, not a fault: exit 1 (tests failed) and 2 (usage)
 * come out the same on every retry, so that index fails at once. A crash,
 * exit 3 (environment) or 4 (interrupted) is retried; an eviction or a node
 * drain (DisruptionTarget) is not counted against the shard.
 */
function shardFailureRules(): IPodFailurePolicyRule[] {
  return [
    { action: 'FailIndex', onExitCodes: { containerName: CONTAINER_NAME, operator: 'In', values: [ExitCode.Failed, ExitCode.Usage] } },
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
  ];
}

function gateFailureRules(): IPodFailurePolicyRule[] {
  return [
    { action: 'FailJob', onExitCodes: { containerName: CONTAINER_NAME, operator: 'In', values: [ExitCode.Failed, ExitCode.Usage] } },
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
  ];
}

function labels(options: K8sManifestOptions, component: string): Record<string, string> {
  const gate = labelValue(options.gate);
  return {
    'app.kubernetes.io/name': 'tollgate',
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'tollgate',
    ...(labelValue(options.tollgateVersion) ? { 'app.kubernetes.io/version': options.tollgateVersion } : {}),
    ...(gate ? { 'tollgate.dev/gate': gate } : {}),
  };
}

/** Free text (a run id or subject need not be a valid label value). */
function annotations(options: K8sManifestOptions): Record<string, string> {
  return {
    'tollgate.dev/gate': options.gate,
    'tollgate.dev/run-id': options.runId,
    'tollgate.dev/shards': String(options.shards),
    ...(options.subject !== undefined ? { 'tollgate.dev/subject': options.subject } : {}),
  };
}

function posixJoin(dir: string, file: string): string {
  return `${dir.replace(/\/+$/, '')}/${file}`;
}
