import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { parseShard } from '../plan/shard.ts';
import { kubeletExpand } from '../../test/helpers/kubelet-expand.ts';
import { runCli, writeProject } from '../../test/helpers/run-inline.ts';
import { buildK8sManifests, type K8sManifestOptions } from './k8s-manifests.ts';
import { parseManifests, validateManifest } from './validate-manifest.ts';
import { renderManifests } from './write-manifests.ts';

const CONFIG = `import { defineConfig } from 'tollgate';
export default defineConfig({
  suites: [{ name: 'api', kind: 'integration', files: 'tests/*.spec.ts' }],
  gates: { nightly: { kinds: ['integration'] } },
});
`;

type Doc = { kind: string; metadata: { name: string }; spec: any; data?: Record<string, string> };

function readDir(dir: string): Map<string, Doc> {
  const docs = new Map<string, Doc>();
  for (const name of fs.readdirSync(dir).sort()) {
    const parsed = parseManifests(fs.readFileSync(path.join(dir, name), 'utf8'));
    assert.equal(parsed.length, 1, `${name} holds one object`);
    docs.set(name, parsed[0] as Doc);
  }
  return docs;
}

function options(overrides: Partial<K8sManifestOptions> = {}): K8sManifestOptions {
  return {
    gate: 'nightly',
    shards: 8,
    runId: 'nightly-1',
    image: 'registry.example/app-tests:1.2',
    workdir: '/app',
    gateWait: '6h',
    config: { path: 'tollgate.config.ts', text: CONFIG, sha256: 'x'.repeat(64), explicit: false },
    archiveSecret: { name: 'tollgate-archive', key: 'dsn' },
    signingKeySecret: { name: 'tollgate-signing-key', key: 'tollgate.key' },
    tollgateVersion: '0.1.0',
    ...overrides,
  };
}

// A stand-in npx that prints the arguments it gets, each ended by a NUL.
const FAKE_BIN = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-fake-npx-'));
fs.writeFileSync(path.join(FAKE_BIN, 'npx'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done\n', { mode: 0o755 });
after(() => fs.rmSync(FAKE_BIN, { recursive: true, force: true }));

/** A project folder, removed when the test ends. */
function tempProject(t: TestContext, files: Record<string, string>): string {
  const dir = writeProject(files);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The argv the shard pod's `npx tollgate` receives, after the kubelet and /bin/sh, on this machine. */
function shardArgv(command: string[], env: Record<string, string>): string[] {
  const [file, ...args] = command.map((word) => kubeletExpand(word, env));
  const out = execFileSync(file!, args, { env: { PATH: `${FAKE_BIN}:${process.env.PATH}`, ...env }, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('the manifests for 8 shards, written by the CLI and read back, validate against the Kubernetes schemas', async (t) => {
  const dir = tempProject(t, { 'tollgate.config.ts': CONFIG });
  const result = await runCli(dir, ['k8s', 'manifests', '--gate', 'nightly', '--shards', '8', '--out', 'k8s', '--run-id', 'nightly-1', '--subject', 'sha256:' + 'a'.repeat(64)]);
  assert.equal(result.exitCode, 0, result.output);
  const docs = readDir(path.join(dir, 'k8s'));
  assert.deepEqual([...docs.keys()], ['01-config.yaml', '02-shards-job.yaml', '03-gate-job.yaml']);
  for (const [name, doc] of docs) assert.deepEqual(validateManifest(doc), [], name);

  const config = docs.get('01-config.yaml')!;
  assert.equal(config.kind, 'ConfigMap');
  assert.equal(config.data!['tollgate.config.ts'], CONFIG, 'the ConfigMap holds the config file byte for byte');

  const shards = docs.get('02-shards-job.yaml')!.spec;
  assert.equal(shards.completionMode, 'Indexed');
  assert.equal(shards.completions, 8);
  assert.equal(shards.parallelism, 8);
  const pod = shards.template.spec;
  assert.equal(pod.restartPolicy, 'Never');
  assert.deepEqual(pod.containers[0].volumeMounts[0], { name: 'tollgate-config', mountPath: '/app/tollgate.config.ts', subPath: 'tollgate.config.ts', readOnly: true });
  assert.equal(pod.volumes[0].configMap.name, config.metadata.name);
  assert.match(pod.containers[0].command[2], /npx tollgate run --shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/8" --gate nightly --run-id nightly-1/);

  const gate = docs.get('03-gate-job.yaml')!.spec.template.spec;
  assert.deepEqual(gate.containers[0].command, ['npx', 'tollgate', 'gate', '--run-id', 'nightly-1', '--gate', 'nightly', '--wait', '6h']);
  const signingEnv = gate.containers[0].env.find((e: { name: string }) => e.name === 'TOLLGATE_SIGNING_KEY');
  assert.equal(signingEnv.value, '/var/run/secrets/tollgate-signing/tollgate.key');
  assert.equal(gate.volumes.find((v: { name: string }) => v.name === 'tollgate-signing-key').secret.secretName, 'tollgate-signing-key');
  assert.equal(pod.containers[0].env.some((e: { name: string }) => e.name === 'TOLLGATE_SIGNING_KEY'), false, 'shard pods do not sign');
});

test('a broken manifest fails the schema validation, with the field named', () => {
  const [, shardFile] = renderManifests(buildK8sManifests(options()), 'yaml');
  const good = parseManifests(shardFile!.text)[0] as Doc;
  assert.deepEqual(validateManifest(good), []);

  const breakages: Array<[string, (doc: Doc) => void, RegExp]> = [
    ['completions as text', (doc) => (doc.spec.completions = 'eight'), /spec\/completions must be integer/],
    ['an unknown completionMode', (doc) => (doc.spec.completionMode = 'Sometimes'), /completionMode must be equal to one of the allowed values/],
    ['a container without a name', (doc) => delete doc.spec.template.spec.containers[0].name, /containers\/0 must have required property name/],
    ['a secretKeyRef key that is a number', (doc) => (doc.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key = 5), /secretKeyRef\/key must be string/],
  ];
  for (const [what, breakIt, expected] of breakages) {
    const doc = structuredClone(good);
    breakIt(doc);
    const problems = validateManifest(doc);
    assert.ok(problems.length > 0, `${what} must fail validation`);
    assert.match(problems.join('\n'), expected, what);
  }
  assert.match(validateManifest({ apiVersion: 'v1', kind: 'Secret' })[0]!, /not a kind tollgate writes/);

  // An unquoted `on` is a boolean to kubectl (YAML 1.1): the written text quotes it, and the schema catches the bare one.
  const bare = shardFile!.text.replace('value: "1"', 'value: on');
  assert.match(validateManifest(parseManifests(bare)[0]).join('\n'), /env\/1\/value must be string/);
});

test('pod JOB_COMPLETION_INDEX i runs shard i+1 of n, each shard exactly once', () => {
  for (const shards of [1, 3, 8]) {
    const { shardJob } = buildK8sManifests(options({ shards }));
    const command = shardJob.spec!.template.spec!.containers[0]!.command!;
    const seen: number[] = [];
    for (let index = 0; index < shards; index++) {
      const argv = shardArgv(command, { JOB_COMPLETION_INDEX: String(index), TOLLGATE_ARCHIVE: 'postgres://u:p@db/x' });
      assert.deepEqual(argv.slice(0, 2), ['tollgate', 'run']);
      const shard = parseShard(argv[argv.indexOf('--shard') + 1]!);
      assert.deepEqual(shard, { index: index + 1, total: shards });
      seen.push(shard.index);
    }
    assert.deepEqual(seen, Array.from({ length: shards }, (_, i) => i + 1));
  }
});

test('user values reach tollgate verbatim through the kubelet and the shell, and never expand a variable', () => {
  const hostile = { runId: "run 1 'a' \"b\" ; echo pwned", subject: 'v$(TOLLGATE_ARCHIVE)`id`$HOME\\', env: 'qa pod', gate: 'nightly' };
  const { shardJob, gateJob } = buildK8sManifests(options(hostile));
  const env = { JOB_COMPLETION_INDEX: '2', TOLLGATE_ARCHIVE: 'postgres://u:SECRET@db/x', HOME: '/root' };
  const argv = shardArgv(shardJob.spec!.template.spec!.containers[0]!.command!, env);
  assert.deepEqual(argv, ['tollgate', 'run', '--shard', '3/8', '--gate', 'nightly', '--run-id', hostile.runId, '--env', hostile.env, '--subject', hostile.subject]);

  const gateArgv = gateJob.spec!.template.spec!.containers[0]!.command!.map((word) => kubeletExpand(word, env));
  assert.deepEqual(gateArgv, ['npx', 'tollgate', 'gate', '--run-id', hostile.runId, '--gate', 'nightly', '--wait', '6h']);
});

test('YAML 1.1 words and numbers in user values stay strings for kubectl', () => {
  const manifests = buildK8sManifests(options({ gate: 'on', runId: '0755', subject: 'no', env: 'yes' }));
  for (const file of renderManifests(manifests, 'yaml')) {
    const doc = parseManifests(file.text)[0] as Doc & { metadata: { annotations: Record<string, string> } };
    assert.deepEqual(validateManifest(doc), [], file.name);
    assert.equal(doc.metadata.annotations['tollgate.dev/run-id'], '0755');
    assert.equal(doc.metadata.annotations['tollgate.dev/subject'], 'no');
  }
});

test('no secret value appears in what the command writes or prints', async (t) => {
  const dir = tempProject(t, { 'tollgate.config.ts': CONFIG });
  const keyText = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKEYMATERIALkeymaterialKEYMATERIAL1234\n-----END PRIVATE KEY-----\n';
  fs.writeFileSync(path.join(dir, 'tollgate.key'), keyText);
  const dsn = 'postgres://tollgate:hunter2-archive-password@db.internal:5432/tollgate';
  // A user generating manifests on a laptop may well have both set in the shell.
  const env = { TOLLGATE_ARCHIVE: dsn, TOLLGATE_SIGNING_KEY: 'tollgate.key', PGPASSWORD: 'hunter2-archive-password' };
  for (const format of ['yaml', 'json']) {
    const result = await runCli(dir, ['k8s', 'manifests', '--gate', 'nightly', '--shards', '8', '--out', 'k8s', '--subject', 'v1.2.3', '--format', format], { env });
    assert.equal(result.exitCode, 0, result.output);
    const written = fs.readdirSync(path.join(dir, 'k8s')).map((name) => fs.readFileSync(path.join(dir, 'k8s', name), 'utf8'));
    assert.equal(written.length, 3, 'the other format\'s files were replaced, not kept beside');
    for (const text of [...written, result.output]) {
      for (const secret of ['hunter2-archive-password', dsn, 'KEYMATERIAL', 'BEGIN PRIVATE KEY']) {
        assert.ok(!text.includes(secret), `"${secret}" leaked into ${text.slice(0, 80)}`);
      }
    }
    const docs = written.flatMap(parseManifests) as Doc[];
    assert.ok(docs.every((doc) => doc.kind !== 'Secret'), 'no Secret object is written, only references');
    for (const doc of docs.filter((d) => d.kind === 'Job')) {
      const archive = doc.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'TOLLGATE_ARCHIVE');
      assert.deepEqual(archive, { name: 'TOLLGATE_ARCHIVE', valueFrom: { secretKeyRef: { name: 'tollgate-archive', key: 'dsn' } } });
    }
  }
});

test('bad input is a usage error (exit 2) that names every problem, without a stack trace', async (t) => {
  const dir = tempProject(t, { 'tollgate.config.ts': CONFIG });
  const cases: Array<[string[], RegExp[]]> = [
    [['--gate', 'nightly', '--shards', '0', '--out', 'k8s'], [/--shards: expected a whole number from 1/]],
    [['--gate', 'nightly', '--shards', '2.5', '--out', 'k8s'], [/--shards: .*got "2\.5"/]],
    [['--gate', 'nightly', '--shards', 'four', '--out', 'k8s'], [/--shards: .*got "four"/]],
    [['--gate', 'nigthly', '--shards', '4', '--out', 'k8s'], [/unknown gate "nigthly" \(did you mean "nightly"\?\); the config defines: .*nightly/, /merge, deploy, promote|deploy/]],
    [['--gate', 'nightly', '--shards', '4'], [/--out: missing/]],
    [['--shards', '-1', '--namespace', 'QA', '--gate-wait', 'soon'], [/--gate: missing/, /--shards: .*got "-1"/, /--out: missing/, /--namespace: "QA"/, /--gate-wait: .*got "soon"/]],
  ];
  for (const [args, expected] of cases) {
    const result = await runCli(dir, ['k8s', 'manifests', ...args]);
    assert.equal(result.exitCode, 2, `${args.join(' ')}: ${result.output}`);
    for (const pattern of expected) assert.match(result.stderr, pattern, args.join(' '));
    assert.doesNotMatch(result.output, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  }
  assert.equal(fs.existsSync(path.join(dir, 'k8s')), false, 'nothing written on bad input');

  const empty = tempProject(t, {});
  const noConfig = await runCli(empty, ['k8s', 'manifests', '--gate', 'deploy', '--shards', '2', '--out', 'k8s']);
  assert.equal(noConfig.exitCode, 2, noConfig.output);
  assert.match(noConfig.stderr, /The ConfigMap carries the project's config file/);
});
