import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CAP_NET_ADMIN = 12;
const CAP_NET_RAW = 13;

/**
 * Whether this process may build packet topologies: it needs CAP_NET_ADMIN
 * (namespaces, veths, bridges) and CAP_NET_RAW (libpcap), which root has.
 * Returns the reason when not, for a skip annotation.
 */
export function packetSupport(): { ok: true } | { ok: false; reason: string } {
  let eff = 0n;
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    eff = BigInt(`0x${/^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0'}`);
  } catch {
    // not Linux
  }
  const has = (bit: number) => ((eff >> BigInt(bit)) & 1n) === 1n;
  if (!has(CAP_NET_ADMIN) || !has(CAP_NET_RAW)) {
    const who = typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'this user';
    return {
      ok: false,
      reason: `packet tests need root or CAP_NET_ADMIN and CAP_NET_RAW to create network namespaces and capture frames (running as ${who} without them); run as root, as CI does`,
    };
  }
  if (!onPath('ip')) return { ok: false, reason: 'packet tests need iproute2 (`ip`): apt-get install -y iproute2' };
  return { ok: true };
}

/** Whether Open vSwitch's daemons are installed; the reason when not. */
export function ovsSupport(): { ok: true } | { ok: false; reason: string } {
  for (const tool of ['ovsdb-tool', 'ovsdb-server', 'ovs-vswitchd', 'ovs-vsctl', 'ovs-ofctl']) {
    if (!onPath(tool)) return { ok: false, reason: `Open vSwitch is not installed (${tool} is not on PATH): apt-get install -y openvswitch-switch` };
  }
  return { ok: true };
}

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
    return true;
  } catch {
    return false;
  }
}
