/** Default workers: half the cores, rounded up, at least 1. */
export function defaultWorkers(available?: number): number;
