import { CAPABILITY_MISSING } from '../../model/harness-failure.ts';
import type { TestInfo } from './test-info.ts';

/**
 * Skips the running test because this machine lacks something it needs
 * (root, CAP_NET_ADMIN, a tool), and says so with a `capability-missing`
 * annotation: the gate's `missingCapability` policy then decides whether
 * the lost coverage warns or fails (issue 13.9), where a plain skip would
 * pass unseen.
 *
 * @example
 *   const support = packetSupport();
 *   if (!support.ok) skipMissingCapability(info, support.reason);
 */
export function skipMissingCapability(info: TestInfo, reason: string): never {
  info.annotations.push({ type: CAPABILITY_MISSING, description: reason });
  info.skip(true, reason);
  // skip(true) throws; this line is for the type checker.
  throw new Error(reason);
}
