import fs from 'node:fs';
import path from 'node:path';

/** The three equivalent projects the overhead benchmark runs, one folder per tool. */
export interface BenchProjects {
  root: string;
  tollgateDir: string;
  nodeDir: string;
  nodeFiles: string[];
  vitestDir: string;
  runsDir: string;
}

export interface ProjectShape {
  files: number;
  testsPerFile: number;
}

type Variant = 'tollgate' | 'node' | 'vitest';

const HEADERS: Record<Variant, string> = {
  tollgate: "import { test, expect } from 'tollgate';\n",
  node: "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n",
  vitest: "import { test, expect } from 'vitest';\n",
};

/**
 * The same trivial test in each tool's own idiom. The assertion does a little
 * real work so that a runner that skips bodies would be caught by the counts,
 * not rewarded with a fast time.
 */
function testBody(variant: Variant, file: number, index: number): string {
  const title = `file ${file} test ${index} adds`;
  const sum = file + index;
  const check = variant === 'node' ? `assert.equal(${file} + ${index}, ${sum});` : `expect(${file} + ${index}).toBe(${sum});`;
  return `test('${title}', () => {\n  ${check}\n});\n`;
}

function fileSource(variant: Variant, file: number, testsPerFile: number): string {
  let source = HEADERS[variant];
  for (let index = 1; index <= testsPerFile; index++) source += '\n' + testBody(variant, file, index);
  return source;
}

function fileName(file: number, suffix: string): string {
  return `file-${String(file).padStart(3, '0')}.${suffix}`;
}

/**
 * Writes the projects under `root`. The root's package.json makes the files
 * ESM, and node_modules links tollgate (the repo itself), tsx and vitest, so
 * every tool resolves its imports the way it would in a user's project.
 */
export function writeProjects(root: string, repoRoot: string, shape: ProjectShape): BenchProjects {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'tollgate-bench', private: true, type: 'module' }, null, 2) + '\n');
  const modules = path.join(root, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(repoRoot, path.join(modules, 'tollgate'), 'dir');
  for (const name of ['tsx', 'vitest']) fs.symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(modules, name), 'dir');

  const tollgateDir = path.join(root, 'tollgate');
  const nodeDir = path.join(root, 'node');
  const vitestDir = path.join(root, 'vitest');
  const nodeFiles: string[] = [];
  for (const dir of [tollgateDir, nodeDir, vitestDir]) fs.mkdirSync(path.join(dir, 'tests'), { recursive: true });
  for (let file = 1; file <= shape.files; file++) {
    fs.writeFileSync(path.join(tollgateDir, 'tests', fileName(file, 'spec.ts')), fileSource('tollgate', file, shape.testsPerFile));
    const nodeFile = path.join('tests', fileName(file, 'test.ts'));
    fs.writeFileSync(path.join(nodeDir, nodeFile), fileSource('node', file, shape.testsPerFile));
    nodeFiles.push(nodeFile);
    fs.writeFileSync(path.join(vitestDir, 'tests', fileName(file, 'test.ts')), fileSource('vitest', file, shape.testsPerFile));
  }
  // Minimal on purpose: vitest's defaults are what its users get.
  fs.writeFileSync(path.join(vitestDir, 'vitest.config.mjs'), "export default { test: { include: ['tests/**/*.test.ts'] } };\n");

  const runsDir = path.join(root, 'runs');
  fs.mkdirSync(runsDir);
  return { root, tollgateDir, nodeDir, nodeFiles, vitestDir, runsDir };
}
