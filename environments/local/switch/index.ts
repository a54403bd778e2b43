/**
 * Switch topologies the local environment builds for the packet driver, in
 * network namespaces it creates and deletes: `linux-bridge` and `ovs`.
 */
import type { SwitchTopology } from '../../../drivers/packet/switch-control.ts';
import { createLinuxBridgeTopology } from './linux-bridge-topology.ts';
import { createOvsTopology } from './ovs-topology.ts';

export { createLinuxBridgeTopology, createOvsTopology };
export { removeLeftovers, listNetns, NETNS_PREFIX } from './netns.ts';

export const SWITCH_KINDS = ['linux-bridge', 'ovs'] as const;

/** Builds a topology of the given kind with four ports, p1..p4. */
export function createSwitchTopology(kind: string): Promise<SwitchTopology> {
  if (kind === 'linux-bridge') return createLinuxBridgeTopology({ ports: 4 });
  if (kind === 'ovs') return createOvsTopology({ ports: 4 });
  return Promise.reject(new Error(`no switch topology named "${kind}"; known: ${SWITCH_KINDS.join(', ')}`));
}
