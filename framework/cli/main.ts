import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ExitCode } from '../model/exit-codes.ts';
import { TOLLGATE_VERSION } from '../run/version.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

/** Repeatable options: `--reporter a --reporter b` gives ['a', 'b']; they never swallow the paths after them. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const KINDS = ['unit', 'smoke', 'integration', 'performance', 'soak'];

function collectKind(value: string, previous: string[] | undefined): string[] {
  if (!KINDS.includes(value)) throw new InvalidArgumentError(`kind must be one of ${KINDS.join(', ')}.`);
  return collect(value, previous);
}

/**
 * The command switch. Each command lives in its own file and is imported
 * only when it runs, so `tollgate schema` does not pay for the runner.
 * Returns the process exit code (README, "Exit codes").
 */
export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.Pass;
  const program = new Command('tollgate')
    .description('Run test suites, report them, and gate merges, deployments and promotions on the verdict.')
    .version(TOLLGATE_VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('run')
    .description('plan and run suites; exit code 0 when the verdict is PASS or WARN')
    .argument('[paths...]', 'test files or folders (without a config: run them directly)')
    .option('-c, --config <file>', 'config file (default: tollgate.config.ts in the current folder)')
    .option('-g, --gate <name>', 'run the suites a gate selects and judge them by its policy (merge, deploy, promote, ...)')
    .option('-s, --suite <name>', 'only this suite (repeat for several)', collect)
    .addOption(new Option('-k, --kind <kind>', 'only suites of this kind: unit, smoke, integration, performance, soak (repeat for several)').argParser(collectKind))
    .option('-t, --tag <expression>', "only tests whose tags match, e.g. 'api and not slow'")
    .option('--grep <regexp>', 'only tests whose suite, file or title matches')
    .option('--grep-invert <regexp>', 'leave out tests whose suite, file or title matches')
    .option('--list', 'print the plan (what would run, and why the rest would not) and exit')
    .option('--shard <i/n>', 'run shard i of n (deterministic partition by file)')
    .option('--last-failed', 'only the tests that failed in the last run')
    .option('-j, --workers <n>', 'worker processes')
    .option('--retries <n>', 'retries for every failed test')
    .option('-o, --output <dir>', 'the run directory (default: .tollgate/runs/<run id>)')
    .option('-r, --reporter <spec>', 'console, json, junit, tap or a module path, as name or name=path; repeat for several', collect)
    .option('-e, --env <name>', 'the environment (default: local)')
    .option('--subject <version>', 'the version under test (git commit, image digest, chart version)')
    .option('--run-id <id>', 'the run id (default: generated)')
    .action(async (paths: string[], options) => {
      const { runCommand } = await import('./run.ts');
      code = await runCommand(paths, options);
    });

  program
    .command('report')
    .description('rebuild reports from a saved run directory')
    .argument('<run-dir>', 'a run directory (holds events.ndjson)')
    .option('-r, --reporter <spec>', 'reporters, as for run; repeat for several', collect)
    .action(async (runDir: string, options) => {
      const { reportCommand } = await import('./report.ts');
      code = await reportCommand(runDir, options);
    });

  program
    .command('schema')
    .description("print the config's JSON Schema (for editors)")
    .action(async () => {
      const { schemaCommand } = await import('./schema.ts');
      code = schemaCommand();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; everything else commander rejects is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.Pass;
      process.stderr.write('Run `tollgate --help` or `tollgate run --help` for the options.\n');
      return ExitCode.Usage;
    }
    if (error instanceof UsageError) return reportUsageError(error);
    throw error;
  }
}
