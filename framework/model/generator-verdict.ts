/**
 * What the gate needs of a load generator's health (drivers/traffic/
 * generator-health.ts measures it): why it could not hold its schedule
 * (empty when it could), whether it was behind on most of its work, and a
 * line for reports. A distributed load's instances each store theirs in
 * the archive (load_instances.generator), and the gate judges their merged
 * thresholds with all of them (gate/generator-judgement.ts).
 */
export interface GeneratorVerdictInput {
  problems: string[];
  starved?: boolean;
  summary: string;
}
