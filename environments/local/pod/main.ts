/**
 * Runs the reference POD as its own process (environments/local.ts starts it
 * this way, so the leak fault grows the POD's memory, not tollgate's).
 *
 *   node --import tsx environments/local/pod/main.ts
 *
 * Prints one line `POD_LISTENING <url>` on stdout when ready. Reads
 * TOLLGATE_POD_FAULTS, TOLLGATE_POD_LATENCY_MS, POD_API_TOKEN, and POD_PORT /
 * POD_HOST (default: a free port on 127.0.0.1). Stops on SIGTERM or SIGINT, and
 * with POD_EXIT_WITH_PARENT=1 also when its stdin closes (the parent died).
 */
import { FAULT_NAMES, FaultConfigError, faultsFromEnv } from './faults.ts';
import { startPod } from './pod.ts';

async function main(): Promise<void> {
  let faults;
  try {
    faults = faultsFromEnv(process.env);
  } catch (error) {
    if (error instanceof FaultConfigError) {
      console.error(`POD not started. ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const portText = process.env.POD_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`POD not started. POD_PORT: expected a port number 0-65535, got "${portText}".`);
    process.exit(2);
  }
  const pod = await startPod({ port, host: process.env.POD_HOST || '127.0.0.1', faults, token: process.env.POD_API_TOKEN });
  const on = FAULT_NAMES.filter((name) => faults.enabled.has(name));
  console.error(
    `POD: faults: ${on.length > 0 ? on.join(', ') : 'none'}; API token ${process.env.POD_API_TOKEN ? 'required for writes' : 'not required'}.`,
  );
  console.log(`POD_LISTENING ${pod.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`POD: ${signal}, stopping.`);
    // Open streams and keep-alive sockets are closed by pod.close(); this is a safety net.
    setTimeout(() => process.exit(1), 5000).unref();
    pod.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (process.env.POD_EXIT_WITH_PARENT === '1') {
    process.stdin.on('close', () => stop('parent gone'));
    process.stdin.resume();
  }
}

main().catch((error: unknown) => {
  console.error('POD failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
