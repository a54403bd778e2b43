import type { RuleResult } from '../model/verdict.ts';
import { onHost, unfinishedParts } from './unfinished-parts.ts';

/** One load instance's run as the gate sees it. */
export interface InstanceState {
  index: number;
  runId: string;
  /** 'running': not ended (another host, or --wait ran out); 'incomplete': stopped without finishing. */
  status: 'complete' | 'interrupted' | 'incomplete' | 'running';
  host?: string | null;
}

/** The load instances of a run the gate judges as one (`tollgate run --instance i/n --run-id ID`, no --shard). */
export interface InstanceReport {
  total: number;
  instances: InstanceState[];
}

/**
 * The `instances` rule: a run made of n load instances is complete only
 * when every instance 1..n recorded a run that ended. One that never
 * reported, crashed or has not finished is an ERROR, never a PASS: the
 * load it should have put on the system was not there. Absent for runs
 * that were not run as instances.
 */
export function instanceRule(report: InstanceReport | undefined): RuleResult | null {
  if (!report) return null;
  const byIndex = new Map(report.instances.map((i) => [i.index, i]));
  const { problems, missing } = unfinishedParts(report.total, 'instance', (index) => {
    const instance = byIndex.get(index);
    return instance && { status: instance.status, label: `run ${instance.runId}${onHost(instance.host)}` };
  });
  return {
    rule: 'instances',
    outcome: problems.length ? 'error' : 'pass',
    measured: `${report.total - missing.length}/${report.total} instances finished`,
    limit: `${report.total}/${report.total}`,
    message: problems.length ? `${problems.join('; ')}; missing instance indices: ${missing.join(', ')}` : `all ${report.total} load instances finished`,
  };
}
