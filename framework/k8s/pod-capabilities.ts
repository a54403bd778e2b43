import path from 'node:path';
import type { ResolvedConfig, ResolvedSuite } from '../model/config.ts';
import { createSelection } from '../plan/selection.ts';

/**
 * Linux capabilities the suites of a gate need in their pod (issue 13.9):
 * without them those tests skip as "capability missing", and a cluster
 * would silently lose that coverage. A suite tagged `packet` (drivers/packet:
 * veths and bridges, libpcap captures, and `ip netns add`, which unshares
 * and mounts) needs NET_ADMIN, NET_RAW and SYS_ADMIN, which a pod does not
 * get by default.
 */
const NEEDS: { why: string; applies(suite: ResolvedSuite): boolean; capabilities: string[] }[] = [
  { why: 'packet suites', applies: (suite) => suite.tags.includes('packet'), capabilities: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'] },
];

export interface PodCapabilities {
  /** Sorted, without duplicates: what the shard pods' securityContext adds. */
  add: string[];
  /** Which suites asked, for the command's output: 'switch (packet suites)'. */
  reasons: string[];
}

export function podCapabilities(config: ResolvedConfig, gate: string): PodCapabilities {
  const selection = createSelection(config, { gate });
  const add = new Set<string>();
  const reasons: string[] = [];
  for (const suite of config.suites) {
    if (selection.suiteReason(suite) !== null) continue;
    for (const need of NEEDS.filter((n) => n.applies(suite))) {
      for (const capability of need.capabilities) add.add(capability);
      reasons.push(`${suite.name} (${need.why}: ${need.capabilities.join(', ')})`);
    }
  }
  return { add: [...add].sort(), reasons };
}

/**
 * Where the pods write run directories (the config's outputDir, in the image's
 * project folder), for the artifacts volume: a writable place however the
 * image's filesystem is mounted, that holds a run's traces and captures until
 * the archive has them.
 */
export function artifactsMountPath(config: ResolvedConfig, workdir: string): string {
  const relative = path.relative(config.rootDir, config.outputDir).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) return config.outputDir.split(path.sep).join('/');
  return `${workdir.replace(/\/+$/, '')}/${relative || '.'}`;
}
