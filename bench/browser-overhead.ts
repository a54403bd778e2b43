/**
 * Browser benchmark (issue 3): Chromium launch, cold and warm, and the
 * overhead of one portal test in tollgate against Playwright Test running
 * the same test on the same system Chromium.
 *
 *   npx tsx bench/browser-overhead.ts [--runs 5]
 *
 * - cold launch: a new node process imports playwright-core, launches and
 *   closes Chromium (the time inside the process, from import to close).
 * - warm launch: further launches in one process, after the first.
 * - one test: `tollgate run` of a native test with the portal driver against
 *   a local page, and `npx playwright test` of the same test; wall time of
 *   the whole command, median of --runs. Both use one worker.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.TOLLGATE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt === -1 ? 5 : Number(process.argv[runsAt + 1]);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${Math.round(x)} ms`;

function coldLaunch(): number {
  const script = `const t=performance.now();const{chromium}=await import('playwright-core');const b=await chromium.launch({executablePath:${JSON.stringify(CHROMIUM)},args:${JSON.stringify(ARGS)}});await b.close();console.log(performance.now()-t);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' }).trim());
}

async function warmLaunches(n: number): Promise<number[]> {
  (await chromium.launch({ executablePath: CHROMIUM, args: ARGS })).close();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    await browser.close();
    out.push(performance.now() - t);
  }
  return out;
}

function project(base: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-bench-browser-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'tollgate'));
  for (const name of ['@playwright', 'playwright', 'playwright-core']) fs.symlinkSync(path.join(REPO, 'node_modules', name), path.join(dir, 'node_modules', name));
  const files: Record<string, string> = {
    'package.json': '{ "name": "bench", "type": "module", "private": true }',
    'environments/local.ts': `export default { name: 'local', endpoints: { portal: '${base}/portal' } };\n`,
    'tollgate/one.spec.ts': `import { test, expect } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'drivers/portal/index.ts')).href)};
test('one portal page', async ({ page }) => {
  await page.goto('slices');
  await expect(page.getByTestId('title')).toHaveText('Bench');
});
`,
    'playwright.config.ts': `import { defineConfig } from '@playwright/test';
export default defineConfig({ testDir: './pw', workers: 1, reporter: 'dot', use: { baseURL: '${base}/portal/', trace: 'retain-on-failure', launchOptions: { executablePath: ${JSON.stringify(CHROMIUM)}, args: ${JSON.stringify(ARGS)} } } });
`,
    'pw/one.spec.ts': `import { test, expect } from '@playwright/test';
test('one portal page', async ({ page }) => {
  await page.goto('slices');
  await expect(page.getByTestId('title')).toHaveText('Bench');
});
`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Async on purpose: the page server lives in this process and must keep answering. */
async function timed(command: string, args: string[], cwd: string): Promise<number> {
  const t = performance.now();
  const child = spawn(command, args, { cwd, stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', env: { ...process.env, CI: '1' } });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${status} in ${cwd}`);
  return performance.now() - t;
}

const server = http.createServer((_req, res) => res.end('<!doctype html><h1 data-testid="title">Bench</h1>'));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const dir = project(base);
try {
  const cold = Array.from({ length: RUNS }, coldLaunch);
  const warm = await warmLaunches(RUNS);
  const tollgate: number[] = [];
  const playwright: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    tollgate.push(await timed(process.execPath, [path.join(REPO, 'framework/cli/bin.js'), 'run', 'tollgate/one.spec.ts', '--reporter', 'console', '--output', 'run'], dir));
    playwright.push(await timed(process.execPath, [path.join(REPO, 'node_modules/@playwright/test/cli.js'), 'test'], dir));
  }
  const rows = [
    ['Chromium launch, cold (new process)', ms(median(cold))],
    ['Chromium launch, warm (same process)', ms(median(warm))],
    ['one portal test: tollgate run', ms(median(tollgate))],
    ['one portal test: npx playwright test', ms(median(playwright))],
    ['tollgate / Playwright Test', `${(median(tollgate) / median(playwright)).toFixed(2)}×`],
  ];
  console.log(`${execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}; ${os.cpus().length} cores; load ${os.loadavg()[0].toFixed(1)}; medians of ${RUNS}\n`);
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
} finally {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
