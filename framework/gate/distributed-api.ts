/**
 * `import { ... } from 'tollgate/distributed'`: distributed load (issue 9,
 * item 4) for drivers that put load on a system from several runner
 * processes (drivers/traffic) and for the gate: the rendezvous and abort
 * flag in the shared archive, the per-interval rows, their merge, and the
 * merged threshold evaluation.
 */
export { LoadCoordination, RendezvousError, distributedLoads, openLoadConnection, type AbortFlag, type LoadIntervalRow, type LoadKey, type RegisteredInstance, type RendezvousOptions } from '../archive/load-coordination.ts';
export { MergedLoadMetrics } from './merged-load-metrics.ts';
export { distributedThresholdRule, evaluateDistributedLoads, mergedLoadThresholds, type MergedLoadVerdict } from './distributed-threshold-rule.ts';
export { parseInstance, instanceFromEnvironment, InstanceError, type LoadInstance } from './load-instance.ts';
