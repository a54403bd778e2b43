import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PortCounters, SwitchCapability, SwitchControl, SwitchTopology, VlanConfig } from '../../../drivers/packet/switch-control.ts';
import { linkCounters } from './link-counters.ts';
import { createNetns, deleteNetns, ipBatch, removeLeftovers, run, uniqueNetnsName } from './netns.ts';
import { portNames, switchPort, vethLines } from './veth-ports.ts';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/**
 * Open vSwitch in its userspace datapath (datapath_type=netdev; the kernel
 * module is not available here): its own ovsdb-server and ovs-vswitchd,
 * started inside the namespace with their database, sockets and logs in a
 * temporary folder, and stopped by close(). Flows go through ovs-ofctl.
 */
export async function createOvsTopology(options: { ports?: number } = {}): Promise<SwitchTopology> {
  const count = options.ports ?? 4;
  await removeLeftovers();
  const netns = uniqueNetnsName();
  const dir = join(tmpdir(), netns);
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, OVS_RUNDIR: dir, OVS_DBDIR: dir, OVS_LOGDIR: dir, OVS_SYSCONFDIR: dir, OVS_PKGDATADIR: '/usr/share/openvswitch' };
  const daemons: ChildProcess[] = [];
  const close = async () => {
    for (const d of daemons.reverse()) await stop(d);
    await deleteNetns(netns);
    rmSync(dir, { recursive: true, force: true });
  };
  const { ports, switchSide } = portNames(count);
  try {
    await createNetns(netns);
    await ipBatch(netns, vethLines(count));
    const db = join(dir, 'conf.db');
    const sock = `unix:${join(dir, 'db.sock')}`;
    await run('ovsdb-tool', ['create', db, SCHEMA], { env });
    daemons.push(daemon(netns, 'ovsdb-server', [db, `--remote=p${sock}`, `--unixctl=${join(dir, 'ovsdb.ctl')}`, `--log-file=${join(dir, 'ovsdb.log')}`], env));
    await waitForFile(join(dir, 'db.sock'), 'ovsdb-server', dir);
    await run('ovs-vsctl', [`--db=${sock}`, '--no-wait', 'init'], { env });
    daemons.push(daemon(netns, 'ovs-vswitchd', [sock, `--unixctl=${join(dir, 'vswitchd.ctl')}`, `--log-file=${join(dir, 'vswitchd.log')}`], env));
    await waitForFile(join(dir, 'vswitchd.ctl'), 'ovs-vswitchd', dir);
    const vsctl = [`--db=${sock}`, '--timeout=20', 'add-br', 'br0', '--', 'set', 'bridge', 'br0', 'datapath_type=netdev', 'fail-mode=secure'];
    for (const s of Object.values(switchSide)) vsctl.push('--', 'add-port', 'br0', s, '--', 'set', 'port', s, 'tag=1');
    await run('ovs-vsctl', vsctl, { env });
    const control = new OvsControl(netns, switchSide, env, sock, join(dir, 'vswitchd.ctl'));
    await control.reset();
    return { kind: 'ovs', netns, ports, control, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function daemon(netns: string, name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Not --detach: the child is ours, stopped by pid; a crash of ours leaves it in a namespace removeLeftovers clears.
  const child = spawn('ip', ['netns', 'exec', netns, name, ...args], { env, stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(timer);
}

async function waitForFile(file: string, what: string, dir: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(file)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not start within 10 s (no ${file}); its log is in ${dir}`);
}

class OvsControl implements SwitchControl {
  readonly kind = 'ovs';
  readonly capabilities: ReadonlySet<SwitchCapability> = new Set<SwitchCapability>(['vlan', 'vlan-trunk', 'fdb', 'port-state', 'openflow', 'counters']);
  readonly ports: readonly string[];

  constructor(
    private readonly netns: string,
    private readonly switchSide: Record<string, string>,
    private readonly env: NodeJS.ProcessEnv,
    private readonly db: string,
    private readonly ctl: string,
  ) {
    this.ports = Object.keys(switchSide);
  }

  async setPortState(port: string, up: boolean): Promise<void> {
    const dev = switchPort(this.switchSide, port);
    await ipBatch(this.netns, [`link set ${dev} ${up ? 'up' : 'down'}`]);
    // ovs-vswitchd notices a link change on its own schedule; wait until it has (at most 5 s).
    for (let i = 0; i < 100; i++) {
      const state = (await run('ovs-vsctl', [`--db=${this.db}`, 'get', 'interface', dev, 'link_state'], { env: this.env })).trim();
      if (state === (up ? 'up' : 'down')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.dropCachedFlows();
  }

  async setVlan(port: string, config: VlanConfig): Promise<void> {
    const dev = switchPort(this.switchSide, port);
    const args = [`--db=${this.db}`, '--timeout=20', 'clear', 'port', dev, 'tag', 'trunks', 'vlan_mode'];
    if (config.tagged?.length) args.push('--', 'set', 'port', dev, `trunks=${config.tagged.join(',')}`);
    if (config.pvid && config.tagged?.length) args.push('--', 'set', 'port', dev, `tag=${config.pvid}`, 'vlan_mode=native-untagged');
    else if (config.pvid) args.push('--', 'set', 'port', dev, `tag=${config.pvid}`);
    await run('ovs-vsctl', args, { env: this.env });
    await this.dropCachedFlows();
  }

  async addFdbEntry(mac: string, port: string, vlan = 1): Promise<void> {
    await run('ovs-appctl', ['-t', this.ctl, 'fdb/add', 'br0', switchPort(this.switchSide, port), String(vlan), mac], { env: this.env });
    await this.dropCachedFlows();
  }

  async flushFdb(): Promise<void> {
    await run('ovs-appctl', ['-t', this.ctl, 'fdb/flush', 'br0'], { env: this.env });
    await this.dropCachedFlows();
  }

  /**
   * The datapath caches flows decided before a change (a flood, say) and
   * revalidates them only later: drop them so the next frame sees the change.
   */
  private async dropCachedFlows(): Promise<void> {
    await run('ovs-appctl', ['-t', this.ctl, 'dpctl/del-flows'], { env: this.env });
  }

  /** OpenFlow flows in ovs-ofctl's syntax; logical port names (p1) may stand for OpenFlow ports. */
  async writeEntries(entries: readonly string[]): Promise<void> {
    const flows = entries.map((e) => e.replace(/\bp(\d+)\b/g, (m) => this.switchSide[m] ?? m)).join('\n');
    if (flows) await run('ovs-ofctl', ['add-flows', 'br0', '-'], { env: this.env, input: `${flows}\n` });
    await this.dropCachedFlows();
  }

  counters(port: string): Promise<PortCounters> {
    return linkCounters(this.netns, switchPort(this.switchSide, port));
  }

  async reset(): Promise<void> {
    await ipBatch(this.netns, Object.values(this.switchSide).map((s) => `link set ${s} up`));
    const args = [`--db=${this.db}`, '--timeout=20'];
    for (const s of Object.values(this.switchSide)) args.push('--', 'clear', 'port', s, 'trunks', 'vlan_mode', '--', 'set', 'port', s, 'tag=1');
    await run('ovs-vsctl', args, { env: this.env });
    await run('ovs-ofctl', ['del-flows', 'br0'], { env: this.env });
    await run('ovs-ofctl', ['add-flow', 'br0', 'priority=0,actions=NORMAL'], { env: this.env });
    await this.flushFdb();
  }
}
