export { playwrightRunner, runPlaywrightSuite, type PlaywrightRunnerOptions } from './playwright-runner.ts';
export { PlaywrightEvents, type PlaywrightStats } from './playwright-events.ts';
export { resolvePlaywright, REPORTER_PATH, type PlaywrightInstall } from './resolve-playwright.ts';
export type { PwMessage } from './reporter-protocol.ts';
