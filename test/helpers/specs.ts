import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Schemas of formats tollgate writes but does not own (JUnit, Robot
 * Framework's result.xsd). The project does not copy them: they are read
 * from TOLLGATE_SPECS_DIR, by default ../shared/specs beside the repository,
 * where CI lays them (README "Developing tollgate").
 */
export const SPECS_DIR = path.resolve(process.env.TOLLGATE_SPECS_DIR ?? path.join(REPO, '..', 'shared', 'specs'));

export type Spec = 'junit-10.xsd' | 'robot-result.xsd';

/** Why a validation cannot run here, or false when it can. */
export function missingSpec(spec: Spec): string | false {
  const file = path.join(SPECS_DIR, spec);
  return fs.existsSync(file) ? false : `${spec} is not at ${file}: set TOLLGATE_SPECS_DIR to the folder that holds it`;
}

/** Runs xmllint against the schema; fails (never skips) when xmllint is missing. */
export function assertValidAgainst(spec: Spec, file: string): void {
  const run = spawnSync('xmllint', ['--noout', '--schema', path.join(SPECS_DIR, spec), file], { encoding: 'utf8' });
  if (run.error) assert.fail(`xmllint could not run (${run.error.message}); install it: apt-get install -y libxml2-utils`);
  assert.equal(run.status, 0, `${file} does not validate against ${spec}:\n${run.stderr}`);
}

/**
 * The validation as a subtest of its own, so that where the schema is absent
 * it shows as a skip naming what is missing while the test's other
 * assertions still count.
 */
export async function validatesAgainst(t: TestContext, spec: Spec, file: string): Promise<void> {
  await t.test(`${path.basename(file)} validates against ${spec}`, { skip: missingSpec(spec) }, () => assertValidAgainst(spec, file));
}
