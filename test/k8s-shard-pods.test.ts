/**
 * No cluster runs here, so the shard pods are run as a node would run them:
 * each "pod" is its own copy of the project (the image's filesystem), with
 * the ConfigMap's file mounted over the config, the Secret's value in
 * TOLLGATE_ARCHIVE, JOB_COMPLETION_INDEX set, and the container's command
 * expanded by the kubelet's rules and executed through /bin/sh and npx.
 * Once with an archive per pod (SQLite), once with the shared PostgreSQL
 * archive a cluster uses, where the shards must make one archived run and
 * the gate Job's pod, run the same way, gives the run's one verdict.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { RunBeginEvent, RunEvent } from 'tollgate';
import { openArchive } from '../framework/archive/open-archive.ts';
import { parseManifests, validateManifest } from '../framework/k8s/validate-manifest.ts';
import { kubeletExpand } from './helpers/kubelet-expand.ts';
import { createTestDatabase } from './helpers/postgres.ts';
import { CLI, outcomes, runCli, writeProject } from './helpers/run-inline.ts';

const SHARDS = 3;
const FILES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
const CONFIG = `import { defineConfig } from 'tollgate';
export default defineConfig({
  workers: 1,
  suites: [{ name: 'api', kind: 'integration', files: 'tests/*.spec.ts' }],
  gates: { nightly: { kinds: ['integration'] } },
});
`;

function project(): Record<string, string> {
  const files: Record<string, string> = { 'tollgate.config.ts': CONFIG };
  for (const name of FILES) {
    files[`tests/${name}.spec.ts`] = `import { test, expect } from 'tollgate';
test('${name} one', () => { expect(1).toBe(1); });
test('${name} two', () => { expect('${name}').toBe(${name === 'charlie' ? "'not charlie'" : `'${name}'`}); });
`;
  }
  return files;
}

interface Container {
  command: string[];
  workingDir: string;
  env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>;
  volumeMounts: Array<{ name: string; mountPath: string; subPath?: string }>;
}

interface PodSpec {
  containers: Container[];
  volumes: Array<{ name: string; configMap?: { name: string }; secret?: { secretName: string; items: Array<{ key: string; path: string }> } }>;
}

/** What the test's "cluster" holds: ConfigMaps and Secrets by name, key → value. */
interface ClusterObjects {
  configMaps: Record<string, Record<string, string>>;
  secrets: Record<string, Record<string, string>>;
}

/**
 * A pod on this machine: the image's filesystem (the project with tollgate
 * installed, node_modules/.bin/tollgate for npx, without the config the
 * ConfigMap brings), its volumes mounted, its environment resolved.
 * A mount inside the working folder is written there; one outside it (the
 * signing key's) becomes a folder of its own, and a variable naming a file
 * in it is pointed there.
 */
function preparePod(projectDir: string, label: string, spec: PodSpec, cluster: ClusterObjects, index?: number): { root: string; container: Container; env: Record<string, string> } {
  const container = spec.containers[0]!;
  const root = `${projectDir}-pod-${label}`;
  fs.cpSync(projectDir, root, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.startsWith(path.join(projectDir, 'k8s')) });
  fs.mkdirSync(path.join(root, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(CLI, path.join(root, 'node_modules', '.bin', 'tollgate'));
  fs.rmSync(path.join(root, 'tollgate.config.ts'));
  const elsewhere = new Map<string, string>();
  for (const mount of container.volumeMounts) {
    const volume = spec.volumes.find((v) => v.name === mount.name);
    assert.ok(volume, `volume ${mount.name} is declared`);
    if (volume.configMap) {
      const data = cluster.configMaps[volume.configMap.name];
      assert.ok(data && mount.subPath && data[mount.subPath] !== undefined, `ConfigMap ${volume.configMap.name} holds ${mount.subPath}`);
      const relative = path.posix.relative(container.workingDir, mount.mountPath);
      assert.ok(!relative.startsWith('..'), `the config is mounted inside the working folder: ${mount.mountPath}`);
      fs.writeFileSync(path.join(root, relative), data[mount.subPath]!);
    } else if (volume.secret) {
      const local = `${root}-mount-${mount.name}`;
      fs.mkdirSync(local, { recursive: true });
      for (const item of volume.secret.items) {
        const value = cluster.secrets[volume.secret.secretName]?.[item.key];
        assert.ok(value !== undefined, `Secret ${volume.secret.secretName} holds ${item.key}`);
        fs.writeFileSync(path.join(local, item.path), value, { mode: 0o440 });
      }
      elsewhere.set(mount.mountPath, local);
    }
  }
  const env: Record<string, string> = index === undefined ? {} : { JOB_COMPLETION_INDEX: String(index) };
  for (const variable of container.env) {
    if (variable.value !== undefined) {
      const mounted = [...elsewhere].find(([mountPath]) => variable.value!.startsWith(`${mountPath}/`));
      env[variable.name] = mounted ? mounted[1] + variable.value.slice(mounted[0].length) : variable.value;
    } else if (variable.valueFrom?.secretKeyRef) {
      const { name, key } = variable.valueFrom.secretKeyRef;
      const value = cluster.secrets[name]?.[key];
      assert.ok(value !== undefined, `the pod references Secret ${name} key ${key}, which the test's cluster holds`);
      env[variable.name] = value;
    }
  }
  return { root, container, env };
}

function runPod(root: string, container: Container, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const [file, ...args] = container.command.map((word) => kubeletExpand(word, env));
  const child = spawn(file!, args, { cwd: root, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? root, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

function events(runDir: string): RunEvent[] {
  return fs.readFileSync(path.join(runDir, 'events.ndjson'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunEvent);
}

interface Cluster {
  what: string;
  /** What the cluster's Secret holds; only the pods see it. */
  secrets: Record<string, Record<string, string>>;
  /** The archive every pod wrote to, when they share one. */
  shared?: string;
}

async function runShardPods(t: TestContext, cluster: Cluster): Promise<void> {
  const dir = writeProject(project());
  t.after(() => {
      const parent = path.dirname(dir);
    for (const name of fs.readdirSync(parent).filter((n) => n === path.basename(dir) || n.startsWith(`${path.basename(dir)}-pod-`))) {
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  });
  const generated = await runCli(dir, ['k8s', 'manifests', '--gate', 'nightly', '--shards', String(SHARDS), '--out', 'k8s', '--run-id', 'nightly-pods', '--subject', 'v1.2.3']);
  assert.equal(generated.exitCode, 0, generated.output);
  const [configMap, shardJob, gateJob] = ['01-config.yaml', '02-shards-job.yaml', '03-gate-job.yaml'].map((name) => parseManifests(fs.readFileSync(path.join(dir, 'k8s', name), 'utf8'))[0] as any);
  for (const doc of [configMap, shardJob, gateJob]) assert.deepEqual(validateManifest(doc), []);
  assert.equal(shardJob.spec.completions, SHARDS);
  const objects: ClusterObjects = { configMaps: { [configMap.metadata.name]: configMap.data }, secrets: cluster.secrets };

  const [reference, ...pods] = await Promise.all([
    runCli(writeProject(project()), ['run', '--gate', 'nightly', '--run-id', 'unsharded'], { env: { TOLLGATE_ARCHIVE: undefined } }),
    ...Array.from({ length: SHARDS }, async (_, index) => {
      const pod = preparePod(dir, String(index), shardJob.spec.template.spec, objects, index);
      return { root: pod.root, ...(await runPod(pod.root, pod.container, pod.env)) };
    }),
  ]);
  assert.equal(reference.exitCode, 1, 'the unsharded run fails on charlie two');
  const expected = Object.fromEntries(Object.entries(outcomes(reference.events())).map(([title, r]) => [title, r.outcome]).sort());
  assert.equal(Object.keys(expected).length, FILES.length * 2);

  const union: Record<string, string> = {};
  const shardsSeen: string[] = [];
  for (const [index, pod] of pods.entries()) {
    // The run directory's layout under the run id is the shards' business (issue 9.1): find the one run in the pod.
    const runs = path.join(pod.root, '.tollgate', 'runs');
    const found = fs.existsSync(runs) ? fs.readdirSync(runs, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'events.ndjson') : [];
    assert.equal(found.length, 1, `pod ${index} wrote one run:\n${pod.output}`);
    assert.ok(found[0]!.startsWith('nightly-pods'), `under the shared run id: ${found[0]}`);
    const podEvents = events(path.join(runs, path.dirname(found[0]!)));
    const begin = podEvents.find((e): e is RunBeginEvent => e.type === 'run.begin')!;
    shardsSeen.push(begin.shard!);
    assert.equal(begin.gate, 'nightly');
    assert.equal(begin.subject, 'v1.2.3');
    assert.equal(begin.configHash, configMap.metadata.annotations['tollgate.dev/config-sha256'], 'the pod ran the ConfigMap\'s config');
    if (!cluster.shared) assert.ok(fs.existsSync(path.join(pod.root, '.tollgate', 'from-secret.db')), 'the archive is the one the Secret names');
    const own = outcomes(podEvents);
    assert.ok(Object.keys(own).length > 0, `shard ${begin.shard} ran tests`);
    for (const [title, result] of Object.entries(own)) {
      assert.equal(union[title], undefined, `${title} ran in two shards`);
      union[title] = result.outcome;
    }
    // A failed test exits 1, which the Job's podFailurePolicy turns into FailIndex (no retry of a verdict).
    const failing = Object.values(own).some((r) => r.outcome === 'failed');
    assert.equal(pod.code, failing ? 1 : 0, `shard ${begin.shard} exit code:\n${pod.output}`);
  }
  assert.deepEqual(shardsSeen.sort(), Array.from({ length: SHARDS }, (_, i) => `${i + 1}/${SHARDS}`));
  assert.deepEqual(Object.fromEntries(Object.entries(union).sort()), expected);

  if (cluster.shared) {
    // One run in the shared archive holds every shard's tests, as the gate's Job reads it.
    const archive = await openArchive({ rootDir: dir, url: cluster.shared });
    try {
      const archived = await archive.tests('nightly-pods');
      assert.deepEqual(Object.fromEntries(archived.map((test) => [test.title, test.outcome]).sort()), expected);
    } finally {
      await archive.close();
    }
    // The gate's pod, from the written gate Job: one verdict for the run, FAIL because charlie two failed.
    const gatePod = preparePod(dir, 'gate', gateJob.spec.template.spec, objects);
    const gate = await runPod(gatePod.root, gatePod.container, gatePod.env);
    assert.equal(gate.code, 1, gate.output);
    assert.match(gate.output, /"status": "FAIL"/, gate.output);
    assert.match(gate.output, /charlie two/, 'the verdict names the failed test');
    // The signing key's Secret, mounted where TOLLGATE_SIGNING_KEY points: the one verdict is signed (FAILED), for the shards' subject.
    assert.match(gate.output, /signed the verdict: \.tollgate\/runs\/nightly-pods\/attestation\.intoto\.json/, gate.output);
    const envelope = JSON.parse(fs.readFileSync(path.join(gatePod.root, '.tollgate', 'runs', 'nightly-pods', 'attestation.intoto.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    assert.deepEqual(statement.subject, [{ name: 'v1.2.3', digest: { versionLabel: 'v1.2.3' } }]);
    assert.equal(statement.predicate.result, 'FAILED');
    assert.equal(envelope.signatures.length, 1);
  }
}

test(`${SHARDS} shard pods, each with its own SQLite archive, together run the plan an unsharded run runs, each test once`, { timeout: 240_000 }, async (t) => {
  await runShardPods(t, { what: 'sqlite', secrets: { 'tollgate-archive': { dsn: 'sqlite:.tollgate/from-secret.db' } } });
});

test(`${SHARDS} shard pods sharing one PostgreSQL archive make one archived run with every test, and the gate's pod gives its one verdict`, { timeout: 240_000 }, async (t) => {
  const db = await createTestDatabase();
  t.after(() => db.drop());
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const secrets = { 'tollgate-archive': { dsn: db.url }, 'tollgate-signing-key': { 'tollgate.key': signingKey } };
  await runShardPods(t, { what: 'postgres', secrets, shared: db.url });
});
