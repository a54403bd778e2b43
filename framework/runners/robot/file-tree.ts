import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { RobotSuiteSpec } from './load-suite.ts';
import { loadFile, suiteNameFromPath } from './load-suite.ts';

/**
 * The suite tree for the files a tollgate suite's globs matched: as
 * `robot DIR` would build it for just those files. Folders between the
 * common root and each file become suites (with their __init__.robot),
 * the root suite is named after the tollgate suite.
 */
export function suiteTreeFor(files: string[], rootName: string, rootDir?: string): RobotSuiteSpec {
  const robotFiles = files.filter((f) => f.endsWith('.robot') && !f.endsWith(`${sep}__init__.robot`)).sort();
  // A folder given as the top (`robot DIR`): the top suite is that folder, named after it, even with one file in it.
  const folderRun = rootDir !== undefined && robotFiles.every((f) => !relative(rootDir, f).startsWith('..'));
  const root = folderRun ? rootDir : commonDir(robotFiles);
  const top: RobotSuiteSpec = { name: folderRun ? suiteNameFromPath(root) : rootName, source: root, children: [], errors: [] };
  applyInit(top, root);
  const dirs = new Map<string, RobotSuiteSpec>([[root, top]]);
  const dirFor = (dir: string): RobotSuiteSpec => {
    const known = dirs.get(dir);
    if (known) return known;
    const parent = dirFor(dirname(dir));
    const spec: RobotSuiteSpec = { name: suiteNameFromPath(dir), source: dir, children: [], errors: [] };
    applyInit(spec, dir);
    parent.children.push(spec);
    dirs.set(dir, spec);
    return spec;
  };
  for (const file of robotFiles) dirFor(dirname(file)).children.push(loadFile(file));
  // One file and no folder settings: that file is the suite (as `robot file.robot`), named after the tollgate suite.
  if (!folderRun && top.children.length === 1 && !top.file && top.children[0].children.length === 0) {
    return top.children[0];
  }
  return top;
}

function applyInit(spec: RobotSuiteSpec, dir: string): void {
  const init = join(dir, '__init__.robot');
  if (!existsSync(init)) return;
  const loaded = loadFile(init);
  spec.file = loaded.file;
  spec.errors.push(...loaded.errors);
  if (loaded.error) spec.error = loaded.error;
  if (loaded.file?.settings.name) spec.name = loaded.file.settings.name;
}

function commonDir(files: string[]): string {
  if (files.length === 0) return process.cwd();
  let dir = dirname(files[0]);
  while (!files.every((f) => !relative(dir, f).startsWith('..'))) dir = dirname(dir);
  return dir;
}
