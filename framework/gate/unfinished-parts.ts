/** How one part of a run split in parts (a shard, a load instance) ended, as the gate sees it. */
export interface PartState {
  status: 'complete' | 'interrupted' | 'incomplete' | 'running' | 'missing';
  /** Which attempt or run it was, and where: 'attempt 2 on ci-7', 'run R.instance-2'. */
  label: string;
}

/**
 * Every part 1..total that never reported, crashed (stopped without
 * finishing) or has not finished: the indices missing from the run, and
 * one problem each, for the `shards` and `instances` rules alike.
 */
export function unfinishedParts(total: number, noun: string, partOf: (index: number) => PartState | undefined): { problems: string[]; missing: number[] } {
  const problems: string[] = [];
  const missing: number[] = [];
  for (let index = 1; index <= total; index++) {
    const part = partOf(index);
    const name = `${noun} ${index}/${total}`;
    if (!part || part.status === 'missing') problems.push(`${name} never reported`);
    else if (part.status === 'incomplete') problems.push(`${name} crashed (${part.label} stopped without finishing)`);
    else if (part.status === 'running') problems.push(`${name} has not finished (${part.label})`);
    else continue;
    missing.push(index);
  }
  return { problems, missing };
}

/** ' on HOST', or nothing when the host is not known. */
export function onHost(host: string | null | undefined): string {
  return host ? ` on ${host}` : '';
}
