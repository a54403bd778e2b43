import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunEvent, Verdict } from 'tollgate';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO, 'framework', 'cli', 'bin.js');

export interface InlineResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  output: string;
  dir: string;
  /** The run directory given with --output (default: <dir>/run). */
  runDir: string;
  events(): RunEvent[];
  verdict(): Verdict;
}

export interface InlineOptions {
  env?: Record<string, string | undefined>;
  /** Called once the process started: lets a test send it a signal. */
  onSpawn?(child: ReturnType<typeof spawn>, output: () => string): void;
  cwd?: string;
}

/**
 * Writes a small project into a temporary folder and runs the tollgate CLI
 * in it, as Playwright tests its own runner: the project imports 'tollgate'
 * as a user's project would, through node_modules.
 */
export function writeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-test-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'inline-project', type: 'module', private: true }));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'tollgate'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

export async function runInline(files: Record<string, string>, args: string[], options: InlineOptions = {}): Promise<InlineResult> {
  const dir = writeProject(files);
  return runCli(dir, args, options);
}

export function runCli(dir: string, args: string[], options: InlineOptions = {}): Promise<InlineResult> {
  const withOutput = args[0] === 'run' && !args.includes('--output') && !args.includes('--list') ? [...args, '--output', 'run'] : args;
  const outputAt = withOutput.indexOf('--output');
  const runDir = path.resolve(options.cwd ?? dir, outputAt === -1 ? 'run' : withOutput[outputAt + 1]);
  const child = spawn(process.execPath, [CLI, ...withOutput], {
    cwd: options.cwd ?? dir,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (d) => ((stdout += d), (output += d)));
  child.stderr.on('data', (d) => ((stderr += d), (output += d)));
  options.onSpawn?.(child, () => output);
  return new Promise((resolve) => {
    child.on('close', (exitCode, signal) => {
      resolve({
        exitCode,
        signal,
        stdout,
        stderr,
        output,
        dir,
        runDir,
        events: () =>
          fs.readFileSync(path.join(runDir, 'events.ndjson'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunEvent),
        verdict: () => JSON.parse(fs.readFileSync(path.join(runDir, 'verdict.json'), 'utf8')) as Verdict,
      });
    });
  });
}

/** The final test.end of each test, by title. */
export function outcomes(events: RunEvent[]): Record<string, { outcome: string; status: string; message: string }> {
  const out: Record<string, { outcome: string; status: string; message: string }> = {};
  for (const event of events) {
    if (event.type === 'test.end' && event.outcome) {
      const title = event.testId.split(' › ').at(-1)!;
      out[title] = { outcome: event.outcome, status: event.status, message: event.errors.map((e) => e.message).join('\n') };
    }
  }
  return out;
}
