// The tollgate process's side of its supervisor (cli/supervise-run.js).
// `tollgate run` runs as a child of a small process that runs no user code:
// whatever the config, an environment or a reporter does here (a loop that
// never yields, a native crash, a kill), that process can still end the run
// within seconds of SIGTERM and write its verdict. This side tells it that
// the process is alive, where the run directory is, and which process
// groups (an environment's `start` command) must go with it.
// Plain JavaScript: bin.js starts the heartbeat before tsx is registered.

let linked = false;

/** How often this process says it is alive; the supervisor's stall limit is far longer (TOLLGATE_STALL_TIMEOUT). */
const HEARTBEAT_MS = 1000;

export function startSupervisorLink() {
  if (process.env.TOLLGATE_SUPERVISED !== '1' || typeof process.send !== 'function') return;
  // Processes this one starts (workers, a user's own `tollgate run`) are not the supervised run.
  delete process.env.TOLLGATE_SUPERVISED;
  linked = true;
  setInterval(() => tellSupervisor({ type: 'alive' }), HEARTBEAT_MS).unref();
  // The supervisor died (killed with its process group by CI, say): stop as on SIGTERM, verdict and all.
  process.once('disconnect', () => {
    linked = false;
    process.kill(process.pid, 'SIGTERM');
  });
  // The channel must not keep a finished run waiting.
  process.channel?.unref();
}

/** A message to the supervisor; nothing when this process runs without one. */
export function tellSupervisor(message) {
  if (linked && process.connected) process.send(message, undefined, undefined, () => {});
}
