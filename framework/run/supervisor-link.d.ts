export type SupervisorMessage =
  | { type: 'alive' }
  /** The run's directory and its reporters (as given), so the supervisor can conclude it. */
  | { type: 'run'; runDir: string; reporters: string[] }
  /** A process group the run started (an environment's `start` command) and stops last. */
  | { type: 'process-group'; pid: number }
  | { type: 'process-group-ended'; pid: number };

export function startSupervisorLink(): void;
export function tellSupervisor(message: SupervisorMessage): void;
