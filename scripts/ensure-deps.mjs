// Shared by `npm start` and `npm test`: a fresh clone needs `npm ci` first.
// Plain JavaScript, because it must run before tsx is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (fs.existsSync(marker) && fs.existsSync(path.join(ROOT, 'node_modules', 'tsx'))) return;
  console.error('tollgate: node_modules is missing; running `npm ci` once (about a minute)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('tollgate: `npm ci` failed. Run it yourself in ' + ROOT + ' and read its error; Node 20.18 or newer is needed.');
    process.exit(3);
  }
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
