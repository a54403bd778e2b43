import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, findConfigFile } from './load-config.ts';
import { ConfigError, formatConfigError } from './config-error.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary project; `type: module` unless told otherwise, like most projects that use tollgate. */
function project(files: Record<string, string>, packageJson: object | null = { type: 'module' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-load-'));
  made.push(dir);
  if (packageJson) writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  try {
    await loadConfig(options);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('loadConfig should have failed');
}

const plain = `
type Kind = 'unit' | 'smoke';
const kind: Kind = 'unit';
export default {
  suites: [{ name: 'unit', kind, files: 'test/**/*.spec.ts', tags: ['@fast'] }],
  workers: '100%',
  environments: { staging: 'envs/staging.ts' },
  outputDir: 'out',
};
`;

test('loads a TypeScript config, resolves it against its folder and hashes its text', async () => {
  const dir = project({ 'tollgate.config.ts': plain });
  const config = await loadConfig({ cwd: dir, cores: 6 });
  assert.equal(config.configFile, join(dir, 'tollgate.config.ts'));
  assert.equal(config.rootDir, dir);
  assert.equal(config.workers, 6);
  assert.equal(config.outputDir, join(dir, 'out'));
  assert.deepEqual(config.environments, { staging: join(dir, 'envs/staging.ts') });
  assert.deepEqual(config.suites[0]!.tags, ['fast']);
  assert.equal(config.hash, createHash('sha256').update(plain).digest('hex'));
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.suites[0]));
});

test('finds the config by name in order, or takes the path given', async () => {
  const js = 'export default { suites: [{ name: "js", kind: "smoke", files: "a" }] };';
  const dir = project({ 'tollgate.config.mjs': js, 'tollgate.config.mts': plain.replace("name: 'unit'", "name: 'mts'"), 'other/my.config.js': js });
  assert.equal(findConfigFile(dir), join(dir, 'tollgate.config.mts'));
  assert.equal((await loadConfig({ cwd: dir })).suites[0]!.name, 'mts');
  const other = await loadConfig({ cwd: dir, configPath: 'other/my.config.js' });
  assert.equal(other.suites[0]!.name, 'js');
  assert.equal(other.rootDir, join(dir, 'other'), 'paths are relative to the config file, not cwd');
  assert.equal(findConfigFile(project({})), null);
});

test('accepts a named `config` export, and CommonJS-compiled .ts (no "type": "module")', async () => {
  const named = project({ 'tollgate.config.ts': plain.replace('export default', 'export const config =') });
  assert.equal((await loadConfig({ cwd: named })).suites[0]!.name, 'unit');
  const cjs = project({ 'tollgate.config.ts': plain }, null);
  assert.equal((await loadConfig({ cwd: cjs })).suites[0]!.name, 'unit');
});

test("`import { defineConfig } from 'tollgate'` works in a project that installs tollgate", async () => {
  const dir = project({
    'tollgate.config.ts': `
import { defineConfig } from 'tollgate';
export default defineConfig({ suites: [{ name: 'smoke', kind: 'smoke', files: 'suites/*.spec.ts' }] });
`,
  });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'tollgate'), 'dir');
  const config = await loadConfig({ cwd: dir });
  assert.equal(config.suites[0]!.name, 'smoke');
});

test('every problem of an invalid config at once', async () => {
  const dir = project({
    'tollgate.config.ts': `export default {
  suites: [{ name: 'unit', kind: 'smok', files: 'x' }, { name: 'api', kind: 'smoke', files: 'y', retires: 2 }],
  gates: { merge: { kinds: ['unit'], policy: { flaky: 'sometimes' } } },
};`,
  });
  const err = await loadError({ cwd: dir });
  assert.equal(err.file, join(dir, 'tollgate.config.ts'));
  assert.deepEqual(
    err.problems.map((p) => p.path),
    ['suites[0].kind', 'suites[1].retires', 'gates.merge.policy.flaky'],
  );
  const text = formatConfigError(err, dir);
  assert.match(text, /^tollgate.config.ts has 3 problems:\n {2}suites\[0\]\.kind: must be one of unit, smoke, integration, performance, soak \(got "smok"\)/);
  assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
});

test('a config that fails to load: file, line and message, no stack', async () => {
  const cases: Array<{ name: string; file: string; text: string; line: number | undefined; message: RegExp }> = [
    {
      name: 'TypeScript syntax error',
      file: 'tollgate.config.ts',
      text: "export default {\n  suites: [\n    { name: 'a' kind: 'unit' },\n  ],\n};\n",
      line: 3,
      message: /^syntax error: Expected "}" but found "kind"$/,
    },
    {
      name: 'JavaScript syntax error (not transformed by tsx)',
      file: 'tollgate.config.mjs',
      text: "export default {\n  suites: [\n    { name: 'a', kind: 'unit' }\n  ]],\n};\n",
      line: 4,
      message: /^syntax error: /,
    },
    {
      name: 'throws while loading',
      file: 'tollgate.config.ts',
      text: "const port: number = 1;\nfunction fail(): never {\n  throw new Error('no PORT set');\n}\nexport default { suites: [], port: fail() };\n",
      line: 3,
      message: /^threw Error: no PORT set while loading$/,
    },
    {
      name: 'throws a non-Error',
      file: 'tollgate.config.ts',
      text: "throw 'nope';\nexport default {};\n",
      line: undefined,
      message: /^threw "nope" while loading$/,
    },
    {
      name: 'imports a missing package',
      file: 'tollgate.config.ts',
      text: "import { x } from 'not-installed-anywhere';\nexport default { suites: [], x };\n",
      line: 1,
      message: /Cannot find package 'not-installed-anywhere'/,
    },
    {
      name: 'no default export',
      file: 'tollgate.config.ts',
      text: 'export const suites = [];\n',
      line: undefined,
      message: /^has no default export \(it exports suites\)$/,
    },
  ];
  for (const c of cases) {
    const dir = project({ [c.file]: c.text });
    const err = await loadError({ cwd: dir });
    assert.equal(err.file, join(dir, c.file), c.name);
    assert.equal(err.line, c.line, `${c.name}: line`);
    assert.equal(err.problems.length, 1, c.name);
    assert.match(err.problems[0]!.message, c.message, c.name);
    assert.ok(err.problems[0]!.hint.length > 0, `${c.name}: hint`);
    const text = formatConfigError(err, dir);
    assert.ok(text.startsWith(c.line === undefined ? `${c.file}: ` : `${c.file}:${c.line}:`), `${c.name}: ${text}`);
    assert.doesNotMatch(text, /\n\s+at |node_modules|data:text/, `${c.name}: no stack in ${text}`);
  }
});

test('no config in the folder, or a --config path that does not exist', async () => {
  const dir = project({});
  const none = await loadError({ cwd: dir });
  assert.match(none.problems[0]!.message, /^no tollgate.config.ts, tollgate.config.mts, tollgate.config.js, tollgate.config.mjs in this folder$/);
  assert.match(none.problems[0]!.hint, /tollgate run PATH/);
  const missing = await loadError({ cwd: dir, configPath: 'nope.config.ts' });
  assert.equal(missing.file, join(dir, 'nope.config.ts'));
  assert.equal(missing.problems[0]!.message, 'config file not found');
});

test('loads in a process where tsx is not registered', () => {
  const dir = project({ 'tollgate.config.ts': plain });
  const script = `
    import { tsImport } from 'tsx/esm/api';
    const { loadConfig } = await tsImport(${JSON.stringify(join(repoRoot, 'framework/config/load-config.ts'))}, import.meta.url);
    const config = await loadConfig({ cwd: ${JSON.stringify(dir)} });
    console.log(JSON.stringify(config.suites.map((s) => s.name)));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), '["unit"]');
});
