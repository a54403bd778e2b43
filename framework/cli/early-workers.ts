import { defaultWorkers } from '../config/resolve-config.ts';
import { prewarmWorkers } from '../run/worker-prewarm.ts';

/**
 * `tollgate run` forks its workers before the rest of the CLI loads: each
 * worker spends its first few hundred milliseconds loading tsx and the
 * framework, and those now overlap the CLI's own start-up instead of
 * following it. What the command line does not settle is guessed and
 * corrected once the config is read (runCommand keeps as many warm workers
 * as the run will use and kills the rest); the guess costs nothing when
 * wrong but one early process.
 *
 * Kept out when the workers might not be wanted or the project's folder is
 * not the current one (--list, --help, --config, --resume).
 */
export function prewarmForCommandLine(argv: string[], cwd: string): void {
  if (argv[0] !== 'run') return;
  const skip = ['--list', '--help', '-h', '--config', '-c', '--resume'];
  if (argv.some((arg) => skip.includes(arg.split('=')[0]!) || /^-c./.test(arg))) return;
  prewarmWorkers(workersFrom(argv) ?? defaultWorkers(), cwd);
}

/** `--workers 3`, `--workers=3`, `-j 3`, `-j3`; undefined when not given or not a whole number (the CLI reports that later). */
function workersFrom(argv: string[]): number | undefined {
  let text: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--workers' || arg === '-j') text = argv[i + 1];
    else if (arg.startsWith('--workers=')) text = arg.slice('--workers='.length);
    else if (/^-j\d+$/.test(arg)) text = arg.slice(2);
  });
  const workers = Number(text);
  return text !== undefined && Number.isInteger(workers) && workers >= 1 && workers <= 64 ? workers : undefined;
}
