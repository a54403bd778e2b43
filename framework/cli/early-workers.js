// `tollgate run` forks its workers first thing, before tsx registers and
// the CLI loads: each worker spends its first few hundred milliseconds
// loading tsx and the framework, and those now overlap the CLI's own
// start-up instead of following it. What the command line does not settle
// is guessed (the default number of workers, the current folder as the
// project's) and corrected once the config is read: runCommand keeps as
// many warm workers as the run uses and kills the rest (keepWarmWorkers).
// Plain JavaScript, since tsx is not there yet.
import { defaultWorkers } from '../config/default-workers.js';
import { earlyForks, forkWorker } from '../run/fork-worker.js';

// Where the workers might not be wanted, or the project is not the current folder.
const SKIP = ['--list', '--help', '-h', '--config', '-c', '--resume'];

export function forkWorkersForCommandLine(argv, cwd) {
  if (argv[0] !== 'run') return;
  if (argv.some((arg) => SKIP.includes(arg.split('=')[0]) || /^-c./.test(arg))) return;
  const count = workersFrom(argv) ?? defaultWorkers();
  for (let index = 0; index < count; index++) earlyForks.push({ index, rootDir: cwd, child: forkWorker(index, cwd), env: { ...process.env } });
}

/** `--workers 3`, `--workers=3`, `-j 3`, `-j3`; undefined when not given or not a whole number (the CLI reports that later). */
function workersFrom(argv) {
  let text;
  argv.forEach((arg, i) => {
    if (arg === '--workers' || arg === '-j') text = argv[i + 1];
    else if (arg.startsWith('--workers=')) text = arg.slice('--workers='.length);
    else if (/^-j\d+$/.test(arg)) text = arg.slice(2);
  });
  const workers = Number(text);
  return text !== undefined && Number.isInteger(workers) && workers >= 1 && workers <= 64 ? workers : undefined;
}
