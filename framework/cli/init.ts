import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ExitCode } from '../model/exit-codes.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

export interface InitOptions {
  url?: string;
  /** The path that answers when the system is up, e.g. /healthz. */
  health?: string;
  /** Ask nothing: the flags, else the defaults. */
  yes?: boolean;
  /** Write no CI workflow. */
  ci?: boolean;
}

const DEFAULT_URL = 'http://localhost:3000';

/**
 * `tollgate init`: a project's first config, like `npm init playwright`.
 * It asks for the system's URL and health path (on a terminal, unless
 * --yes), writes what is missing and keeps what is there, and says what to
 * run next. A `tollgate run` right after gives a verdict against the system.
 */
export async function initCommand(options: InitOptions, cwd = process.cwd()): Promise<number> {
  try {
    const answers = await ask(options);
    const written: string[] = [];
    const kept: string[] = [];
    const write = (file: string, text: string) => {
      const full = path.join(cwd, file);
      if (fs.existsSync(full)) return void kept.push(file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
      written.push(file);
    };
    if (!fs.existsSync(path.join(cwd, 'package.json'))) write('package.json', `${JSON.stringify({ name: path.basename(cwd), private: true, type: 'module' }, null, 2)}\n`);
    write('tollgate.config.ts', configFile());
    write('environments/local.ts', environmentFile(answers));
    write('tests/api/health.spec.ts', apiTestFile(answers));
    write('tests/portal/home.spec.ts', portalTestFile());
    write('tsconfig.json', tsconfigFile());
    if (options.ci !== false) write('.github/workflows/tollgate.yml', ciWorkflow());
    const ignored = addToGitignore(cwd, ['.tollgate/', 'test-results/', 'keys/', '*.key']);

    const lines = [`tollgate init: a project for the system at ${answers.url}`];
    for (const file of written) lines.push(`  wrote ${file}`);
    for (const file of kept) lines.push(`  kept  ${file} (already there)`);
    if (ignored.length) lines.push(`  .gitignore: added ${ignored.join(' ')}`);
    lines.push(
      '',
      'Next:',
      '  npx tollgate run --gate merge      # the api and portal tests against your system; exit 0 on PASS',
      `  SYSTEM_URL=https://staging.example.com npx tollgate run --gate merge   # another deployment of it`,
      '  npx tollgate run --list            # what would run, and why',
      '',
      'A system that is not up gives exit 3 ("the environment is not ready: ..."), not failing tests.',
      'The portal test needs Chromium: apt-get install -y chromium (tollgate never downloads a browser).',
    );
    console.log(lines.join('\n'));
    return ExitCode.Pass;
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error);
    throw error;
  }
}

interface Answers {
  url: string;
  health: string;
}

async function ask(options: InitOptions): Promise<Answers> {
  let url = options.url;
  let health = options.health;
  if (!options.yes && process.stdin.isTTY && (url === undefined || health === undefined)) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      url ??= (await rl.question(`The URL of the system to test [${DEFAULT_URL}]: `)).trim() || undefined;
      health ??= (await rl.question('The path that answers when it is up [/]: ')).trim() || undefined;
    } finally {
      rl.close();
    }
  }
  url ??= DEFAULT_URL;
  health ??= '/';
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error('not http');
  } catch {
    throw new UsageError(`--url "${url}" is not an http(s) URL; give the system's base URL, e.g. --url http://localhost:3000`);
  }
  if (!health.startsWith('/')) throw new UsageError(`--health "${health}" must be a path that starts with '/', e.g. --health /healthz`);
  return { url: url.replace(/\/+$/, ''), health };
}

function configFile(): string {
  return `import { defineConfig } from 'tollgate';

// README "The config". Suites, gates and their policies are code, reviewed like code.
export default defineConfig({
  timeout: 30_000,
  suites: [
    { name: 'api', kind: 'smoke', files: 'tests/api/**/*.spec.ts', tags: ['api'] },
    { name: 'portal', kind: 'smoke', files: 'tests/portal/**/*.spec.ts', tags: ['portal'] },
  ],
  gates: {
    merge: { description: 'Before a merge: the smoke suites, quick.', kinds: ['smoke'], policy: { flaky: 'warn' } },
  },
});
`;
}

function environmentFile({ url, health }: Answers): string {
  return `import { defineEnvironment } from 'tollgate';

// The system under test. SYSTEM_URL points the same tests at another deployment.
const url = process.env.SYSTEM_URL ?? '${url}';

export default defineEnvironment({
  description: 'The system under test',
  endpoints: { api: url, portal: url },
  // Secret name → the environment variable that holds it; never written to a report, log or archive.
  secrets: { apiToken: 'SYSTEM_API_TOKEN' },
  // The run waits for this before any test; a system that is not up gives exit 3, not failures.
  ready: { url: \`\${url}${health}\`, timeout: '60s' },
  // To start the system for the run, as Playwright's webServer does:
  // start: { command: 'npm run serve' },
});
`;
}

function apiTestFile({ health }: Answers): string {
  return `import { test, expect } from 'tollgate/drivers/api';

test('the system answers its health check', async ({ api }) => {
  const response = await api.get('${health}');
  expect(response.status, 'GET ${health}').toBeLessThan(400);
});
`;
}

function portalTestFile(): string {
  return `import { test, expect } from 'tollgate/drivers/portal';

test('the home page loads in a real browser', async ({ page }) => {
  const response = await page.goto('');
  expect(response?.status() ?? 0, 'the home page answers').toBeLessThan(400);
  await expect(page.locator('body')).toBeVisible();
});
`;
}

function tsconfigFile(): string {
  return `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true }, include: ['tollgate.config.ts', 'environments', 'tests'] }, null, 2)}\n`;
}

function ciWorkflow(): string {
  return `# tollgate's merge gate on every pull request (README "Use Tollgate in your project").
name: tollgate
on: [pull_request]
jobs:
  merge-gate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: sudo apt-get update && sudo apt-get install -y chromium
      - run: npm ci
      - run: npx tollgate run --gate merge --subject "$GITHUB_SHA" --reporter console --reporter junit=results.xml
        env:
          SYSTEM_URL: \${{ vars.SYSTEM_URL }}
          SYSTEM_API_TOKEN: \${{ secrets.SYSTEM_API_TOKEN }}
`;
}

/** Adds the lines .gitignore lacks; returns them. */
function addToGitignore(cwd: string, lines: string[]): string[] {
  const file = path.join(cwd, '.gitignore');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const have = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = lines.filter((line) => !have.has(line) && !have.has(line.replace(/\/$/, '')));
  if (missing.length) fs.writeFileSync(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${text ? '\n' : ''}# tollgate: run directories, and signing keys (never commit a private key)\n${missing.join('\n')}\n`);
  return missing;
}
