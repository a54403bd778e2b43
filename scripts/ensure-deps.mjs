// Shared by `npm start`, `npm test` and .ci/run: the system packages first
// (scripts/system-packages.mjs holds the one list), then `npm ci` when
// node_modules is missing, then the optional capture binding.
// Plain JavaScript, because it must run before tsx is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-packages.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {'start' | 'test'} purpose which command's packages (scripts/system-packages.mjs) */
export function ensureDependencies(purpose) {
  const installedNow = ensureSystemPackages(purpose);
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(marker) || !fs.existsSync(path.join(ROOT, 'node_modules', 'tsx'))) {
    console.error('tollgate: node_modules is missing; running `npm ci` once (about two minutes: better-sqlite3 builds from source)...');
    npm(['ci', '--no-audit', '--no-fund'], 'Run it yourself in ' + ROOT + ' and read its error; Node 20.18 or newer is needed.');
  } else if (purpose === 'test' && (installedNow.includes('libpcap-dev') || !captureBindingLoads())) {
    // `npm start` runs `npm ci` before libpcap-dev is there (it needs only Chromium): npm then drops
    // the optional binding whose build failed, and `npm rebuild` cannot bring back what is not there.
    if (fs.existsSync(path.join(ROOT, 'node_modules', 'cap', 'package.json'))) {
      console.error('tollgate: building the packet-capture binding (npm rebuild cap)...');
      npm(['rebuild', 'cap'], 'Install libpcap-dev, then run `npm rebuild cap` in ' + ROOT + '.');
    } else {
      console.error('tollgate: installing the packet-capture binding, left out while libpcap-dev was missing (npm install, as package-lock.json pins it)...');
      npm(['install', '--no-save', '--no-audit', '--no-fund'], 'Install libpcap-dev, then run `npm install` in ' + ROOT + '.');
    }
    if (!captureBindingLoads()) {
      console.error(`tollgate: the packet-capture binding (npm package cap) still does not load. Install libpcap-dev, then run \`npm ci\` in ${ROOT}.`);
      process.exit(3);
    }
  }
}

/** Asked of a fresh process: node remembers a package it once failed to find, so this one cannot ask twice. */
function captureBindingLoads() {
  return spawnSync(process.execPath, ['-e', "require('cap')"], { cwd: ROOT, stdio: 'ignore' }).status === 0;
}

function npm(args, hint) {
  const result = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`tollgate: \`npm ${args.join(' ')}\` failed. ${hint}`);
    process.exit(3);
  }
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
