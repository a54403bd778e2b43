import { defaultMissingCapability } from '../config/resolve-config.ts';
import type { GatePolicy } from '../model/config.ts';
import type { GateInput } from './evaluate-gate.ts';

/**
 * The policy the gate judges a run by: the gate's configured policy with
 * every default applied. `tollgate run`, `gate` and `merge` all judge
 * through it, so a run judged again offline gets the same verdict.
 */
export function gateInputPolicy(gate: string | null, policy: GatePolicy = {}): GateInput['policy'] {
  return {
    flaky: policy.flaky ?? 'warn',
    minTests: policy.minTests ?? 1,
    missingCapability: policy.missingCapability ?? defaultMissingCapability(gate),
    ...(policy.soak ? { soak: policy.soak } : {}),
    ...(policy.notJudged ? { notJudged: policy.notJudged } : {}),
  };
}
