import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the HTML report benchmarks share: the CLI as a user runs it, Chromium's flags, medians. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
export const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** `tollgate report RUN_DIR --reporter html=FILE` in a fresh process (start-up, events.ndjson, the reducer, the report); its time in ms. */
export function cliReport(runDir: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(repoRoot, 'framework/cli/bin.js'), 'report', runDir, '--reporter', `html=${file}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      // The run's verdict is FAIL, so the command exits 1; anything else is a broken report.
      if (code !== 1 || !fs.existsSync(file)) reject(new Error(`tollgate report exited ${code}: ${stderr}`));
      else resolve(performance.now() - started);
    });
  });
}
