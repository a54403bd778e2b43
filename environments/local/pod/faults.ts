/**
 * Faults the POD can be started with, so each gate can prove it catches the
 * fault meant for it (issue 2, item 11). Switched on with
 * TOLLGATE_POD_FAULTS=a,b; an unknown name stops the POD before it starts.
 */

export const FAULT_DESCRIPTIONS = {
  schema: 'a slice\'s "sst" is answered as a string, which breaks the published slice schema',
  portal: 'the portal\'s "Create slice" button does nothing',
  latency: 'API answers are delayed (50 ms, or TOLLGATE_POD_LATENCY_MS)',
  errors: 'every 100th API request answers 500',
  leak: 'every request keeps 64 KiB of memory forever',
} as const;

export type FaultName = keyof typeof FAULT_DESCRIPTIONS;

export const FAULT_NAMES = Object.keys(FAULT_DESCRIPTIONS) as FaultName[];

export const DEFAULT_LATENCY_MS = 50;
export const ERROR_EVERY = 100;
export const LEAK_BYTES = 64 * 1024;

export interface FaultOptions {
  /** Fault names, or a comma list as in TOLLGATE_POD_FAULTS. */
  faults?: string | readonly string[];
  /** Overrides the `latency` fault's delay. */
  latencyMs?: number;
}

export interface Faults {
  readonly enabled: ReadonlySet<FaultName>;
  readonly schema: boolean;
  readonly portal: boolean;
  /** Added to every API answer; 0 when the latency fault is off. */
  readonly latencyMs: number;
  /** Every n-th API request fails with 500; 0 when the errors fault is off. */
  readonly errorEvery: number;
  /** Bytes kept per request; 0 when the leak fault is off. */
  readonly leakBytes: number;
}

export class FaultConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultConfigError';
  }
}

function listOf(faults: string | readonly string[] | undefined): string[] {
  const raw = typeof faults === 'string' ? faults.split(',') : [...(faults ?? [])];
  return raw.map((name) => name.trim()).filter((name) => name.length > 0);
}

function validList(): string {
  return FAULT_NAMES.map((name) => `  ${name}: ${FAULT_DESCRIPTIONS[name]}`).join('\n');
}

/** Parses fault options; throws FaultConfigError naming every unknown fault and listing the valid ones. */
export function parseFaults(options: FaultOptions = {}): Faults {
  const names = listOf(options.faults);
  const unknown = names.filter((name) => !(FAULT_NAMES as string[]).includes(name));
  if (unknown.length > 0) {
    const quoted = unknown.map((name) => `"${name}"`).join(', ');
    throw new FaultConfigError(
      `TOLLGATE_POD_FAULTS: unknown fault ${quoted}. Valid faults (comma-separated):\n${validList()}`,
    );
  }
  const latency = options.latencyMs ?? DEFAULT_LATENCY_MS;
  if (!Number.isFinite(latency) || latency < 0) {
    throw new FaultConfigError(
      `TOLLGATE_POD_LATENCY_MS: expected a number of milliseconds >= 0, got "${String(options.latencyMs)}".`,
    );
  }
  const enabled = new Set(names as FaultName[]);
  return {
    enabled,
    schema: enabled.has('schema'),
    portal: enabled.has('portal'),
    latencyMs: enabled.has('latency') ? latency : 0,
    errorEvery: enabled.has('errors') ? ERROR_EVERY : 0,
    leakBytes: enabled.has('leak') ? LEAK_BYTES : 0,
  };
}

/** Reads TOLLGATE_POD_FAULTS and TOLLGATE_POD_LATENCY_MS. */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): Faults {
  const latencyText = env.TOLLGATE_POD_LATENCY_MS?.trim();
  const latencyMs = latencyText ? Number(latencyText) : undefined;
  if (latencyMs !== undefined && !(latencyMs >= 0)) {
    throw new FaultConfigError(
      `TOLLGATE_POD_LATENCY_MS: expected a number of milliseconds >= 0, got "${latencyText}".`,
    );
  }
  return parseFaults({ faults: env.TOLLGATE_POD_FAULTS ?? '', latencyMs });
}

export const NO_FAULTS: Faults = parseFaults();
