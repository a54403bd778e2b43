import type { PortCounters } from '../../../drivers/packet/switch-control.ts';
import { run } from './netns.ts';

/** A switch-side interface's counters, from `ip -s -j link` inside the namespace. */
export async function linkCounters(netns: string, iface: string): Promise<PortCounters> {
  const out = JSON.parse(await run('ip', ['-n', netns, '-s', '-j', 'link', 'show', 'dev', iface])) as {
    stats64: { rx: { packets: number; bytes: number }; tx: { packets: number; bytes: number } };
  }[];
  const s = out[0].stats64;
  return { rxPackets: s.rx.packets, rxBytes: s.rx.bytes, txPackets: s.tx.packets, txBytes: s.tx.bytes };
}
