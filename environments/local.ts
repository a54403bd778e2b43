/**
 * The default environment (`--env local`): the embedded reference POD,
 * started as a child process on a free loopback port and stopped after the run.
 *
 * TOLLGATE_POD_FAULTS=a,b switches faults on (environments/local/pod/faults.ts);
 * TOLLGATE_POD_TOKEN, when set, becomes the POD's API token and the
 * `apiToken` secret tests send with their writes.
 */
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { defineEnvironment } from 'tollgate';
import { startPodProcess, stopPodProcess } from './local/pod-process.ts';

interface LocalState {
  child: ChildProcess;
}

export default defineEnvironment({
  name: 'local',
  description: 'The embedded reference POD on a free loopback port.',
  secrets: { apiToken: 'TOLLGATE_POD_TOKEN' },
  async setup(ctx) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // The POD gets the token only under its own name, and only when the secret is set.
    delete env.POD_API_TOKEN;
    delete env.TOLLGATE_POD_TOKEN;
    if (process.env.TOLLGATE_POD_TOKEN) env.POD_API_TOKEN = process.env.TOLLGATE_POD_TOKEN;
    const { url, child } = await startPodProcess({ logFile: join(ctx.runDir, 'pod.log'), env, signal: ctx.signal });
    const state: LocalState = { child };
    return {
      endpoints: {
        base: url,
        api: `${url}/api/v1`,
        portal: `${url}/portal`,
        events: `${url.replace(/^http/, 'ws')}/api/v1/events`,
        metrics: `${url}/metrics`,
      },
      // The POD runs on this machine: loads also watch its CPU, so a saturated machine is not blamed on the POD.
      variables: { podFaults: process.env.TOLLGATE_POD_FAULTS ?? '', sutSharesMachine: 'true' },
      state,
    };
  },
  async teardown(ctx) {
    const state = ctx.state as LocalState | undefined;
    if (state?.child) await stopPodProcess(state.child);
  },
});
