/**
 * The ports of a topology: one veth pair per port inside the namespace,
 * `h<i>` the host end (the test injects and captures there) and `s<i>` the
 * switch end (attached to the switch).
 */
export function portNames(count: number): { ports: Record<string, string>; switchSide: Record<string, string> } {
  const ports: Record<string, string> = {};
  const switchSide: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    ports[`p${i}`] = `h${i}`;
    switchSide[`p${i}`] = `s${i}`;
  }
  return { ports, switchSide };
}

export function vethLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    lines.push(`link add h${i} type veth peer name s${i}`);
    lines.push(`link set h${i} up`, `link set s${i} up`);
  }
  return lines;
}

export function switchPort(switchSide: Record<string, string>, port: string): string {
  const iface = switchSide[port];
  if (!iface) throw new Error(`no port named "${port}"; the topology has ${Object.keys(switchSide).join(', ')}`);
  return iface;
}
