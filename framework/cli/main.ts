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
    .option('-r, --reporter <spec>', 'console, json, junit, tap, html, allure, robot-xml or a module path, as name or name=path; repeat for several', collect)
    .option('-e, --env <name>', 'the environment (default: local)')
    .option('--subject <version>', 'the version under test (git commit, image digest, chart version)')
    .option('--run-id <id>', 'the run id (default: generated)')
    .option('--instance <i/n>', 'load instance i of n: loads declared with instances: n run 1/n of their rate and meet the others under --run-id in the archive (TOLLGATE_INSTANCE)')
    .option('--duration <length>', 'how long soak suites run, e.g. 60s, 30m, 72h (sets TOLLGATE_SOAK_DURATION for the tests)')
    .option('--metrics-port <port>', 'while a soak runs, serve its metrics in Prometheus text format on 127.0.0.1:<port>/metrics')
    .option('--lease-timeout <length>', 'how long to wait for a testbed lease another run holds, e.g. 30s, 10m (default: the config\'s leaseTimeout, else 10m); then exit 3')
    .option('--forbid-only', 'refuse to run when a test file holds a .only, naming each (default when CI is set; exit 1)')
    .option('--no-forbid-only', 'let a .only narrow the run even on CI (the verdict then warns)')
    .option('--resume <run>', 'continue a run whose process died (a run id or run directory): same run, finished tests kept, soaks from their checkpoint')
    // Robot Framework's own options, for suites with runner 'robot' (README "Robot Framework").
    .option('--include <tag pattern>', "robot suites: only tests whose tags match (robot --include: AND, OR, NOT, * and ?); repeat for several", collect)
    .option('--exclude <tag pattern>', 'robot suites: leave out tests whose tags match (robot --exclude); repeat for several', collect)
    .option('--test <name pattern>', "robot suites: only tests whose name or long name ('Suite.Test') matches, * and ? (robot --test); repeat for several", collect)
    .option('--robot-suite <name pattern>', 'robot suites: only tests in Robot suites whose name or long name matches (robot --suite; --suite selects tollgate suites); repeat for several', collect)
    .option('--variable <name:value>', 'robot suites: set ${NAME} (robot --variable); repeat for several', collect)
    .option('--variablefile <file>', 'robot suites: a JSON or YAML file of variables (robot --variablefile); repeat for several', collect)
    .option('--dryrun', 'robot suites: check data and keyword calls without running library keywords (robot --dryrun)')
    .option('--exitonfailure', 'robot suites: after the first failed test, fail the rest without running them (robot --exitonfailure)')
    .action(async (paths: string[], options) => {
      const { runCommand } = await import('./run.ts');
      code = await runCommand(paths, options);
    });

  program
    .command('init')
    .description("start a project: a config, an environment for your system (URL, readiness probe, secrets), an API test, a portal test, tsconfig, .gitignore and a CI workflow; keeps files that exist")
    .option('--url <url>', 'the base URL of the system to test (asked on a terminal; default http://localhost:3000)')
    .option('--health <path>', "the path that answers when the system is up (asked on a terminal; default '/')")
    .option('-y, --yes', 'ask nothing: the flags, else the defaults')
    .option('--no-ci', 'write no CI workflow')
    .action(async (options) => {
      const { initCommand } = await import('./init.ts');
      code = await initCommand(options);
    });

  program
    .command('report')
    .description('rebuild reports from a saved run directory, or from the archive with --run-id')
    .argument('[run-dir]', 'a run directory (holds events.ndjson)')
    .option('-r, --reporter <spec>', 'reporters, as for run; repeat for several', collect)
    .option('--run-id <id>', 'rebuild them from the archive instead: a run (or a sharded run, as the gate judged it) that no one machine has as a whole')
    .action(async (runDir: string | undefined, options) => {
      const { reportCommand } = await import('./report.ts');
      code = await reportCommand(runDir, options);
    });

  // Not for people: `tollgate run`'s supervisor (supervise-run.js) concludes a run whose process is gone.
  program
    .command('conclude-run', { hidden: true })
    .option('--standby', 'load, then wait for the run to conclude from the supervisor (IPC)')
    .action(async () => {
      const { concludeRunOnRequest } = await import('./conclude-run.ts');
      code = await concludeRunOnRequest();
    });

  program
    .command('show-report')
    .description("serve a run's HTML report on a local port (its traces open in Playwright's trace viewer) until Ctrl+C")
    .argument('[run]', 'a run id, run directory or report file (default: the newest run with a report.html)')
    .option('--host <host>', 'the address to listen on (default: 127.0.0.1)')
    .option('--port <port>', 'the port (default: 9323; 0 picks a free one)')
    .action(async (run: string | undefined, options) => {
      const { showReportCommand } = await import('./show.ts');
      code = await showReportCommand(run, options);
    });

  program
    .command('show-trace')
    .description("open a Playwright trace (a test's trace.zip) in Playwright's trace viewer, served locally until Ctrl+C")
    .argument('<file>', 'the trace.zip')
    .option('--host <host>', 'the address to listen on (default: 127.0.0.1)')
    .option('--port <port>', 'the port (default: 9323; 0 picks a free one)')
    .action(async (file: string, options) => {
      const { showTraceCommand } = await import('./show.ts');
      code = await showTraceCommand(file, options);
    });

  program
    .command('schema')
    .description("print the config's JSON Schema (for editors); --verdict prints verdict.json's")
    .option('--verdict', "verdict.json's schema instead of the config's")
    .action(async (options: { verdict?: boolean }) => {
      const { schemaCommand } = await import('./schema.ts');
      code = schemaCommand(options);
    });

  program
    .command('keygen')
    .description('write an ed25519 key pair for signed verdicts: tollgate.key (private, 0600) and tollgate.pub')
    .requiredOption('--out <dir>', 'the folder to write the two files into')
    .option('--force', 'overwrite existing key files')
    .action(async (options) => {
      const { keygenCommand } = await import('./keygen.ts');
      code = keygenCommand(options);
    });

  program
    .command('verify-attestation')
    .description("check a run's signed verdict (attestation.intoto.json): signature, and subject, gate and age when given; exit 1 on any mismatch")
    .argument('<file>', 'attestation.intoto.json, or the run directory that holds it')
    .requiredOption('--key <file>', 'the public key (tollgate.pub)')
    .option('--subject <version>', 'the version that must be the attestation\'s subject')
    .option('--require-pass', 'also demand that the attested result is PASSED or WARNED')
    .option('-g, --gate <name>', 'the gate the attestation must be for (a merge gate\'s PASS does not stand for deploy)')
    .option('--max-age <length>', 'how old its verdict may be: 24h, 30m, 7d')
    .option('--json', 'print what was verified as JSON')
    .action(async (file: string, options) => {
      const { verifyAttestationCommand } = await import('./verify-attestation.ts');
      code = verifyAttestationCommand(file, options);
    });

  program
    .command('verdict')
    .description('did this version pass this gate? exit 0 when its newest run passed (PASS or WARN), 1 otherwise; JSON on stdout')
    .requiredOption('-g, --gate <name>', 'the gate (merge, deploy, promote, ...)')
    .requiredOption('--subject <version>', 'the version (git commit, sha256:digest, chart version)')
    .option('-e, --env <name>', 'only runs in this environment')
    .option('--runs <dir>', 'read run directories under this folder (default: the config\'s outputDir, .tollgate/runs)')
    .option('--attestation <file>', "write the deciding run's signed verdict (attestation.intoto.json) here; exit 1 when it has none")
    .option('-c, --config <file>', 'config file (default: tollgate.config.ts in the current folder)')
    .action(async (options) => {
      const { verdictCommand } = await import('./verdict.ts');
      code = await verdictCommand(options);
    });

  program
    .command('serve')
    .description('answer verdict queries over HTTP (200 passed, 412 not) for Flagger webhooks and Argo Rollouts\' web provider')
    .option('-p, --port <port>', 'the port (default 8080; 0 picks a free one)')
    .option('--host <address>', 'the address to listen on (default 127.0.0.1)')
    .option('--token-env <name>', 'require "Authorization: Bearer <token>", the token read from this environment variable')
    .option('--runs <dir>', 'read run directories under this folder (default: the config\'s outputDir, .tollgate/runs)')
    .option('-c, --config <file>', 'config file (default: tollgate.config.ts in the current folder)')
    .action(async (options) => {
      const { serveCommand } = await import('./serve.ts');
      code = await serveCommand(options);
    });

  program
    .command('k8s')
    .description('Kubernetes: write the manifests that run a gate on a cluster')
    .command('manifests')
    .description('write a ConfigMap (the config), an Indexed Job (one pod per shard) and a Job that gives the verdict, into --out')
    .option('-g, --gate <name>', 'the gate the pods run (required)')
    .option('--shards <n>', 'how many pods share the plan; pod i runs shard i+1 of n (required)')
    .option('--out <dir>', 'the folder to write the manifests into (required)')
    .option('--image <image>', 'an image that holds the project and its node_modules in --workdir (default tollgate-tests:latest)')
    .option('--workdir <dir>', "the project's folder in the image (default /app)")
    .option('--gate-wait <length>', "how long the gate's Job waits for the shards to finish, e.g. 30m, 6h (default 6h)")
    .option('-n, --namespace <name>', "the objects' namespace (default: kubectl's current one)")
    .option('--run-id <id>', 'the run id all shards share (default: generated)')
    .option('-e, --env <name>', 'the environment the pods test')
    .option('--subject <version>', 'the version under test; with it the verdict is signed')
    .option('--archive-secret <name[:key]>', "the Secret holding the archive's DSN (default tollgate-archive:dsn)")
    .option('--signing-key-secret <name[:key]>', 'the Secret holding the signing key (default tollgate-signing-key:tollgate.key)')
    .option('--no-signing-key', 'mount no signing key (the verdict is not signed)')
    .option('--format <format>', 'yaml (default) or json')
    .option('-c, --config <file>', 'config file (default: tollgate.config.ts in the current folder)')
    .action(async (options) => {
      const { k8sManifestsCommand } = await import('./k8s.ts');
      code = await k8sManifestsCommand(options);
    });

  program
    .command('gate')
    .description('one verdict for the shards of a run (tollgate run --shard i/n --run-id ID), from the archive; a missing or crashed shard is ERROR (exit 1)')
    .requiredOption('--run-id <id>', 'the run id the shards ran with')
    .option('-g, --gate <name>', "judge by this gate's policy (default: the gate the shards ran under)")
    .option('--wait <length>', 'poll until every shard has ended, at most this long: 30s, 10m, 1h')
    .option('-o, --output <dir>', 'write verdict.json into this folder (default: print it on stdout)')
    .option('-c, --config <file>', 'config file (default: tollgate.config.ts in the current folder)')
    .action(async (options) => {
      const { gateCommand } = await import('./gate.ts');
      code = await gateCommand(options);
    });

  program
    .command('merge')
    .description("combine the shards' run directories of one run into one run directory with one verdict (exit code from it)")
    .argument('<run-dirs...>', "the shards' run directories (each holds events.ndjson)")
    .requiredOption('-o, --output <dir>', 'the merged run directory')
    .option('-g, --gate <name>', "judge by this gate's policy (default: the gate the shards ran under)")
    .option('-c, --config <file>', 'config file (default: tollgate.config.ts in the current folder)')
    .action(async (runDirs: string[], options) => {
      const { mergeCommand } = await import('./merge.ts');
      code = await mergeCommand(runDirs, options);
    });

  const archive = program.command('archive').description('the results archive (.tollgate/archive.db, or TOLLGATE_ARCHIVE=postgres://...)');
  archive
    .command('import')
    .description('load run directories made elsewhere (CI artifacts) into the archive; a run imported again is replaced')
    .argument('<run-dirs...>', 'run directories (each holds events.ndjson)')
    .option('--json', 'JSON on stdout')
    .option('-c, --config <file>', "config whose gate policies judge the runs again (default: tollgate.config.ts in the current folder)")
    .action(async (runDirs: string[], options) => {
      const { archiveImportCommand } = await import('./archive.ts');
      code = await archiveImportCommand(runDirs, options);
    });
  archive
    .command('info')
    .description('where the archive and its artifacts are')
    .option('--json', 'JSON on stdout')
    .action(async (options) => {
      const { archiveInfoCommand } = await import('./archive.ts');
      code = await archiveInfoCommand(options);
    });

  program
    .command('runs')
    .description('archived runs, newest first; with a run id (or "latest"): its failures as new, known or flaky, clustered by error')
    .argument('[run]', 'a run id, a unique prefix of one, or latest')
    .option('-g, --gate <name>', 'only runs of this gate')
    .option('-e, --env <name>', 'only runs in this environment')
    .option('--subject <version>', 'only runs of this version')
    .option('-n, --limit <n>', 'how many runs (default 20)')
    .option('--json', 'JSON on stdout')
    .action(async (run: string | undefined, options) => {
      const { runsCommand } = await import('./runs.ts');
      code = await runsCommand(run, options);
    });

  program
    .command('history')
    .description("a test's last outcomes, flip rate and flaky score")
    .argument('<test>', 'a test id, or part of one that names a single test')
    .option('-g, --gate <name>', 'only runs of this gate')
    .option('-e, --env <name>', 'only runs in this environment')
    .option('-n, --limit <n>', 'how many runs (default 20)')
    .option('--json', 'JSON on stdout')
    .action(async (test: string, options) => {
      const { historyCommand } = await import('./history.ts');
      code = await historyCommand(test, options);
    });

  program
    .command('flaky')
    .description('tests that flip between pass and fail over the last runs of a gate (default: the newest run\'s gate and environment)')
    .option('-g, --gate <name>', 'the gate')
    .option('-e, --env <name>', 'the environment')
    .option('--runs <n>', 'how many of the newest runs to look at (default 20)')
    .option('--json', 'JSON on stdout')
    .action(async (options) => {
      const { flakyCommand } = await import('./flaky.ts');
      code = await flakyCommand(options);
    });

  program
    .command('leases')
    .description('testbed leases in the archive: who holds which resource, since when, until when unless renewed; --history for past requests')
    .option('--history', 'every lease request: when it was asked for, acquired and ended, how long it waited, how it ended')
    .option('--run <id>', 'only this run\'s leases')
    .option('--resource <name>', 'only this resource')
    .option('-n, --limit <n>', 'how many history rows (default 50)')
    .option('--json', 'JSON on stdout')
    .action(async (options) => {
      const { leasesCommand } = await import('./leases.ts');
      code = await leasesCommand(options);
    });

  program
    .command('compare')
    .description('what changed between two archived runs: newly failing, fixed, added, removed, slower tests')
    .argument('<run-a>', 'the earlier run (id, prefix or latest)')
    .argument('<run-b>', 'the later run')
    .option('--json', 'JSON on stdout')
    .action(async (a: string, b: string, options) => {
      const { compareCommand } = await import('./compare.ts');
      code = await compareCommand(a, b, options);
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
