// The one list of system packages tollgate's suites and tests need, and the
// code that installs the missing ones. `npm start`, `npm test` and .ci/run all
// come through here (scripts/ensure-deps.mjs), so CI proves what a fresh
// machine gets from the README's two commands.
// Plain JavaScript, because it runs before `npm ci` has installed tsx.
import { spawnSync } from 'node:child_process';

/**
 * Debian package → why, and which command needs it. `start` is the merge gate
 * (`npm start`); `test` is tollgate's own tests (`npm test`), which need all.
 * Order matters: libpcap-dev must be in place before `npm ci` builds the
 * optional packet-capture binding `cap`.
 */
export const SYSTEM_PACKAGES = [
  { name: 'chromium', why: 'the portal driver and Playwright suites (a real browser)', for: ['start', 'test'] },
  { name: 'libpcap-dev', why: 'the packet driver\'s capture binding (npm package cap)', for: ['test'] },
  { name: 'tcpdump', why: 'reading the pcap attachments of packet tests', for: ['test'] },
  { name: 'tcpreplay', why: 'replaying captures in packet tests', for: ['test'] },
  { name: 'python3-scapy', why: 'checking the frame codec against scapy', for: ['test'] },
  { name: 'openvswitch-switch', why: 'the switch suite on Open vSwitch (userspace datapath)', for: ['test'] },
  { name: 'iperf3', why: 'the stream load driver\'s peer tool', for: ['test'] },
  { name: 'wrk', why: 'the load benchmarks\' peer tool', for: ['test'] },
  { name: 'postgresql', why: 'the shared archive\'s tests (a throwaway cluster)', for: ['test'] },
  { name: 'libxml2-utils', why: 'xmllint, validating JUnit and Robot output against their schemas', for: ['test'] },
];

export function packagesFor(purpose) {
  return SYSTEM_PACKAGES.filter((p) => p.for.includes(purpose)).map((p) => p.name);
}

function installed(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** The one command a person runs where tollgate cannot install for them. */
export function installCommand(names) {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

/**
 * Installs the missing packages of `purpose` with apt-get, saying what and
 * why. Returns the names it installed. Where it cannot install (not root, no
 * apt), it stops the process with exit 3 (README "Exit codes": the
 * environment is not ready) and the command to run, before any test runs.
 */
export function ensureSystemPackages(purpose, { log = (line) => console.error(line) } = {}) {
  if (!hasCommand('dpkg-query')) {
    log(`tollgate: this machine has no dpkg, so tollgate cannot check its system packages. It needs the equivalents of: ${packagesFor(purpose).join(', ')}.`);
    return [];
  }
  const missing = SYSTEM_PACKAGES.filter((p) => p.for.includes(purpose) && !installed(p.name));
  if (!missing.length) return [];
  log(`tollgate: ${missing.length} system package(s) missing for \`npm ${purpose}\`:`);
  for (const p of missing) log(`  ${p.name.padEnd(20)} ${p.why}`);
  const names = missing.map((p) => p.name);
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    log(`tollgate: cannot install them here (${isRoot ? 'no apt-get' : 'not root'}). Run this, then try again:\n  ${installCommand(names)}`);
    process.exit(3);
  }
  log('tollgate: installing them with apt-get (about a minute on a fresh machine)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const steps = [
    ['apt-get', ['update', '-q']],
    ['apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names]],
  ];
  for (const [command, args] of steps) {
    log(`tollgate: ${command} ${args.join(' ')}`);
    const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.status !== 0) {
      log(`tollgate: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}). Read its error above; the packages are:\n  ${installCommand(names)}`);
      process.exit(3);
    }
  }
  log(`tollgate: installed ${names.join(', ')}.`);
  return names;
}
