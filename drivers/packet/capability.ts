import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CAP_NET_ADMIN = 12;
const CAP_NET_RAW = 13;
const CAP_SYS_ADMIN = 21;

/**
 * Whether this process may build packet topologies: it needs CAP_NET_ADMIN
 * (veths, bridges), CAP_NET_RAW (libpcap) and CAP_SYS_ADMIN (`ip netns add`
 * unshares and mounts a namespace), which root has; a container or pod only
 * when granted them (tollgate k8s manifests does).
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
  const lacking = ([['NET_ADMIN', CAP_NET_ADMIN], ['NET_RAW', CAP_NET_RAW], ['SYS_ADMIN', CAP_SYS_ADMIN]] as const).filter(([, bit]) => !has(bit)).map(([name]) => name);
  if (lacking.length) {
    const who = typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'this user';
    return {
      ok: false,
      reason: `packet tests need root or CAP_NET_ADMIN, CAP_NET_RAW and CAP_SYS_ADMIN to create network namespaces and capture frames (running as ${who} without ${lacking.join(', ')}); run as root, as CI does, or grant them (tollgate k8s manifests does)`,
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
