// `tollgate run` under supervision (issue 13): the run itself is a child
// process; this one runs no user code, loads nothing but node's own
// modules, and so stays responsive whatever the run's process does.
//
// - SIGINT/SIGTERM are passed on once. The run stops by itself and writes
//   its verdict (its own guard ends it where it stands after 5 s:
//   run/run-guard.ts); if its process has still not exited KILL_AFTER_MS
//   later (code in it that never yields), its process group is killed.
//   A second signal kills it at once.
// - A run process silent for TOLLGATE_STALL_TIMEOUT (default 2 minutes)
//   has a blocked event loop: it is killed the same way.
// - Whenever the run's process is gone without a verdict in its run
//   directory (killed here, or by the kernel, or crashed natively), the run
//   is concluded from its events (`tollgate conclude-run`): an error of the
//   tollgate process, a verdict that is never PASS, and its reports.
//
// Plain JavaScript, started by bin.js before tsx: it must cost a run nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** After the first signal, how long the run's process has to exit: its guard's 5 s, and time for its reports. */
export const KILL_AFTER_MS = 6500;
/** After a second signal. */
const KILL_AGAIN_MS = 500;
/** A start command's process group gets SIGTERM, then SIGKILL this much later. */
const GROUP_STOP_MS = 1500;
const DEFAULT_STALL_MS = 120_000;
const INTERRUPTED = 4;
const FAILED = 1;
const USAGE = 2;

export async function superviseRun(bin, argv) {
  const stallMs = stallTimeout(process.env.TOLLGATE_STALL_TIMEOUT);
  if (stallMs === undefined) {
    process.stderr.write(`tollgate: TOLLGATE_STALL_TIMEOUT: expected a length like 120s or 5m, got "${process.env.TOLLGATE_STALL_TIMEOUT}"\n`);
    return USAGE;
  }
  // A session of its own: a terminal's Ctrl-C reaches this process only, and is passed on once.
  const child = spawn(process.execPath, [...process.execArgv, bin, ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, TOLLGATE_SUPERVISED: '1' },
  });
  let run; // { runDir, reporters } once the run's process names them
  const groups = new Set();
  let lastHeard = Date.now();
  let signalled; // the first signal received
  let killedBecause; // why this process killed the run's
  let killTimer;

  let heard = false;
  child.on('message', (message) => {
    heard = true;
    lastHeard = Date.now();
    if (message?.type === 'run') run = { runDir: message.runDir, reporters: message.reporters };
    else if (message?.type === 'process-group') groups.add(message.pid);
    else if (message?.type === 'process-group-ended') groups.delete(message.pid);
  });
  const kill = (reason) => {
    if (killedBecause) return;
    killedBecause = reason;
    process.stderr.write(`\ntollgate: ${reason}; killing its process\n`);
    signalGroup(child.pid, 'SIGKILL');
  };
  let standby; // the concluder, loaded ahead once a signal came, for a kill to be concluded within seconds
  const onSignal = (signal) => {
    standby ??= startConcluder(bin);
    if (signalled) {
      clearTimeout(killTimer);
      killTimer = setTimeout(() => kill(`${signal} again, and the run's process had not exited`), KILL_AGAIN_MS);
    } else {
      signalled = signal;
      killTimer = setTimeout(() => kill(`the run's process had not exited ${KILL_AFTER_MS / 1000} s after ${signal}`), KILL_AFTER_MS);
    }
    try {
      child.kill(signal);
    } catch {
      // Gone already: 'exit' follows.
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A terminal's resize, which the run's session does not see.
  process.on('SIGWINCH', () => child.kill('SIGWINCH'));
  // Counted from the first word the run's process says: a machine so busy that node takes long to start is not a stall.
  const stall = setInterval(() => {
    if (heard && Date.now() - lastHeard > stallMs) kill(`the run's process did not answer for ${Math.round(stallMs / 1000)} s (code running in it, a config, environment or reporter, blocked it)`);
  }, Math.min(1000, stallMs / 2));

  const [code, signal] = await new Promise((resolve) => {
    child.once('error', (error) => resolve([null, error.message]));
    child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  clearInterval(stall);
  clearTimeout(killTimer);
  // Nothing is left to pass a signal on to (conclude() holds them while it works).
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Its workers and user-code processes, should any outlive it.
  signalGroup(child.pid, 'SIGKILL');
  // What the run started and could not stop (its environment's `start` command) goes with it.
  await stopGroups(groups);
  // A run that began (its events.ndjson exists) and has no verdict is concluded here, whatever ended it.
  if (run && began(run.runDir) && !hasVerdict(run.runDir)) {
    const reason = killedBecause ?? (signal ? `the run's process was killed by ${signal}` : `the run's process exited with code ${code} before its verdict`);
    return conclude(standby ?? startConcluder(bin), { ...run, reason, interrupted: Boolean(signalled) });
  }
  standby?.disconnect();
  if (code !== null && !killedBecause) return code;
  process.stderr.write(`tollgate: ${killedBecause ?? `the run's process was killed by ${signal}`}, before its run began: no tests ran\n`);
  return signalled ? INTERRUPTED : FAILED;
}

/**
 * `tollgate conclude-run --standby`: in a process of its own, for the
 * TypeScript it loads. It loads as soon as it is started and waits for the
 * run to conclude (conclude()), or for this process to let it go.
 */
function startConcluder(bin) {
  return spawn(process.execPath, [...process.execArgv, bin, 'conclude-run', '--standby'], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
}

/** Concludes the run in the concluder; its exit code is the verdict's. */
function conclude(concluder, what) {
  const fallback = what.interrupted ? INTERRUPTED : FAILED;
  // Signals from here on are the concluder's to finish; it takes a second or two.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  return new Promise((resolve) => {
    concluder.once('error', () => resolve(fallback));
    concluder.once('exit', (exitCode) => resolve(exitCode ?? fallback));
    concluder.send(what, (error) => {
      if (error) concluder.kill('SIGKILL');
    });
  });
}

// The names run-directory.ts gives them (EVENTS_FILE, VERDICT_FILE).
const began = (runDir) => fs.existsSync(path.join(runDir, 'events.ndjson'));
const hasVerdict = (runDir) => fs.existsSync(path.join(runDir, 'verdict.json'));

async function stopGroups(groups) {
  if (!groups.size) return;
  for (const pid of groups) signalGroup(pid, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, GROUP_STOP_MS));
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** TOLLGATE_STALL_TIMEOUT: 120s, 5m, 500ms; undefined when it cannot be read. */
function stallTimeout(text) {
  if (text === undefined || text === '') return DEFAULT_STALL_MS;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2]];
}
