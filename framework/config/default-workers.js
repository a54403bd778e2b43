// Plain JavaScript: bin.js needs it before tsx registers (early-workers.js).
import { availableParallelism } from 'node:os';

/** Default workers: half the cores, rounded up, at least 1. */
export function defaultWorkers(available = Math.max(1, availableParallelism())) {
  return Math.max(1, Math.ceil(available / 2));
}
