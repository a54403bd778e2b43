import fs from 'node:fs';

/** The subset of V8's .cpuprofile format this summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds from the profiler's start to its stop. */
  spanMs: number;
  /** Self time per bucket, largest first: an npm package, a tollgate folder, a node module, or V8's (idle), (garbage collector), ... */
  buckets: Array<{ bucket: string; ms: number }>;
}

/**
 * Where a sampled function lives, coarse enough to read at a glance. Idle
 * time matters here: a CLI that waits on tsx's loader thread or on its
 * workers is idle, not busy.
 */
export function bucketOf(url: string, functionName: string, repoRoot: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm ${pkg[1]}`;
  if (url.startsWith('node:')) return `node ${url.slice('node:'.length).split('/').slice(0, 2).join('/')}`;
  const path = url.replace(/^file:\/\//, '');
  if (path.startsWith(repoRoot + '/')) return `tollgate ${path.slice(repoRoot.length + 1).split('/').slice(0, 2).join('/')}`;
  if (path.includes('/tests/')) return 'test files';
  return url;
}

export function summarizeProfile(file: string, repoRoot: string): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const bucketById = new Map(profile.nodes.map((node) => [node.id, bucketOf(node.callFrame.url, node.callFrame.functionName, repoRoot)]));
  const totals = new Map<string, number>();
  // timeDeltas[i] is the gap before sample i, so sample i lasted until sample i + 1.
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const bucket = bucketById.get(profile.samples[i]!) ?? '(unknown)';
    totals.set(bucket, (totals.get(bucket) ?? 0) + profile.timeDeltas[i + 1]! / 1000);
  }
  const buckets = [...totals].map(([bucket, ms]) => ({ bucket, ms })).sort((a, b) => b.ms - a.ms);
  return { spanMs: (profile.endTime - profile.startTime) / 1000, buckets };
}
