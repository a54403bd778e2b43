import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { SuiteRunner, SuiteRunnerContext } from '../../model/runner.ts';
import { childProcessEnv } from '../shared/child-env.ts';
import { ForeignSuiteError } from '../shared/foreign-suite-error.ts';
import { LineBuffer, spawnWithAbort } from '../shared/spawn-with-abort.ts';
import { StderrTail } from '../shared/stderr-tail.ts';
import { PlaywrightEvents } from './playwright-events.ts';
import type { PwMessage } from './reporter-protocol.ts';
import { REPORTER_PATH, resolvePlaywright, type PlaywrightInstall } from './resolve-playwright.ts';

/**
 * Runner 'playwright': runs a @playwright/test project as it is, with its
 * own config, and streams its results into tollgate's events:
 *
 *   node <@playwright/test>/cli.js test --config <suite.config> --reporter <tollgate-reporter.mjs> [--retries N] [files]
 *
 * 1. A Unix socket is opened; the reporter (in Playwright's process) connects
 *    to it and writes one JSON message per line as tests run.
 * 2. PlaywrightEvents turns each message into events at once (live).
 * 3. Playwright owns its workers, timeouts and retries (its config's); a
 *    tollgate suite's `retries`, when above 0, overrides them.
 * 4. A run that ends badly with no failing test to show for it (a config that
 *    does not load, a file with a syntax error, a crash) fails the suite.
 */
export const playwrightRunner: SuiteRunner = { run: (ctx) => runPlaywrightSuite(ctx) };

export interface PlaywrightRunnerOptions {
  resolvePlaywright?: (configDir: string) => PlaywrightInstall | undefined;
}

export async function runPlaywrightSuite(ctx: SuiteRunnerContext, options: PlaywrightRunnerOptions = {}): Promise<void> {
  const { suite, rootDir } = ctx;
  if (!suite.config) {
    throw new ForeignSuiteError([`suite "${suite.name}" uses runner 'playwright' and needs \`config\`: the path of its Playwright config, e.g. config: 'e2e/playwright.config.ts'`]);
  }
  const configFile = resolve(rootDir, suite.config);
  if (!existsSync(configFile)) {
    throw new ForeignSuiteError([`suite "${suite.name}": its Playwright config ${suite.config} does not exist under ${rootDir}; fix the suite's \`config\``]);
  }
  const install = (options.resolvePlaywright ?? resolvePlaywright)(dirname(configFile));
  if (!install) {
    throw new ForeignSuiteError([`suite "${suite.name}" uses runner 'playwright', but @playwright/test is not installed for ${suite.config}; run: npm install --save-dev @playwright/test`]);
  }

  const workDir = mkdtempSync(join(tmpdir(), 'tollgate-pw-'));
  const stage = join(workDir, 'stage');
  mkdirSync(stage);
  const events = new PlaywrightEvents({ suite, rootDir, emit: ctx.emit, saveArtifact: ctx.saveArtifact });
  const server = await listen(join(workDir, 'reporter.sock'), (message) => events.push(message));
  const stderr = new LineBuffer();
  const tail = new StderrTail();
  const args = [install.cli, 'test', '--config', configFile, `--reporter=${REPORTER_PATH}`];
  if (suite.retries > 0) args.push(`--retries=${suite.retries}`);
  // Files narrow the run (Playwright takes them as filters); without them the config's testDir decides.
  args.push(...ctx.files.map((f) => relative(dirname(configFile), f) || f));
  try {
    const result = await spawnWithAbort({
      command: process.execPath,
      args,
      cwd: dirname(configFile),
      env: childProcessEnv(ctx, {
        TOLLGATE_PW_SOCKET: join(workDir, 'reporter.sock'),
        TOLLGATE_PW_STAGE: stage,
        // For `tollgate/playwright` fixtures inside the tests: the whole resolved environment.
        TOLLGATE_ENVIRONMENT: JSON.stringify(ctx.environment),
        FORCE_COLOR: '0',
      }),
      signal: ctx.signal,
      onStdout: (chunk) => events.push({ t: 'out', stream: 'stdout', text: chunk.toString() }),
      onStderr: (chunk) => {
        const lines = stderr.push(chunk);
        tail.push(lines);
        if (lines) events.push({ t: 'out', stream: 'stderr', text: lines });
      },
    });
    await server.closed();
    await events.settled();
    const rest = stderr.flush();
    tail.push(rest);
    if (rest) ctx.emit({ type: 'log', time: new Date().toISOString(), stream: 'stderr', text: rest });

    if (result.aborted) {
      events.closeUnfinished('interrupted', 'the run was interrupted before Playwright finished this test');
      return;
    }
    const command = `npx playwright test --config ${relative(rootDir, configFile)} (@playwright/test ${install.version}, ${install.from}'s)`;
    events.closeUnfinished('skipped', 'Playwright ended without running this test');
    const problems: string[] = [];
    if (result.spawnError) problems.push(`could not start ${command}: ${result.spawnError.message}`);
    else if (!events.began) {
      const excerpt = tail.excerptFor([configFile, suite.config]) ?? tail.excerptFor(['']);
      problems.push(`${command} exited with code ${result.exitCode ?? result.signal} before it ran any test${excerpt ? `; its stderr:\n${excerpt}` : '; see the suite log'}`);
    } else {
      for (const error of events.errors) problems.push(`Playwright: ${error.message.split('\n')[0]}`);
      const bad = result.exitCode !== 0 || result.signal !== null;
      if (problems.length === 0 && bad && events.stats.failed === 0) {
        problems.push(`${command} ${result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`} although no test failed; see the suite log`);
      }
      if (problems.length === 0 && events.stats.tests === 0) problems.push(`${command} found no tests; check testDir and testMatch in ${suite.config}`);
    }
    if (problems.length > 0) throw new ForeignSuiteError(problems);
  } finally {
    server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

interface ReporterServer {
  /** Resolves when the reporter closed its connection (or never opened one and the process ended). */
  closed(): Promise<void>;
  close(): void;
}

/** A socket server for the one reporter connection; splits it into messages. */
async function listen(path: string, onMessage: (message: PwMessage) => void): Promise<ReporterServer> {
  const open = new Set<Promise<void>>();
  const server: Server = createServer((socket: Socket) => {
    const lines = new LineBuffer();
    const take = (text: string) => {
      for (const line of text.split('\n')) if (line.trim()) onMessage(JSON.parse(line) as PwMessage);
    };
    open.add(
      new Promise<void>((done) => {
        socket.on('data', (chunk) => take(lines.push(chunk)));
        socket.on('close', () => {
          take(lines.flush());
          done();
        });
        socket.on('error', () => {});
      }),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => done());
  });
  return {
    closed: async () => {
      await Promise.all(open);
    },
    close: () => server.close(),
  };
}
