/**
 * The published JSON Schema of tollgate.config.ts (`tollgate schema` prints
 * it for editors). It is the single source of truth for what a config may
 * hold; framework/model/config.ts mirrors it as types, and
 * validate-config.ts adds the few checks a schema cannot express (unique
 * suite names, gates naming known suites, tag expressions that parse).
 *
 * Every property carries a description because editors show it, and
 * validate-config.ts uses it as the hint of a problem. Objects the user
 * writes keys into are closed (additionalProperties: false) so a typo is an
 * error, not a silently ignored option.
 */
import { LEASE_NAME_PATTERN, LEASE_NAME_RULE } from '../model/lease-name.ts';

export const SUITE_KIND_VALUES = ['unit', 'smoke', 'integration', 'performance', 'soak'] as const;
export const RUNNER_VALUES = ['native', 'tap', 'command', 'playwright', 'robot', 'vectors'] as const;
export const FLAKY_POLICY_VALUES = ['pass', 'warn', 'fail'] as const;
/** Runners that find their tests without a `files` glob. */
export const RUNNERS_WITHOUT_FILES = ['command', 'playwright'] as const;

const globs = {
  anyOf: [
    { type: 'string', minLength: 1, description: 'One glob.' },
    {
      type: 'array',
      items: { type: 'string', minLength: 1, description: "A glob relative to the config's folder, e.g. 'test/**/*.spec.ts'." },
      description: 'Several globs.',
    },
  ],
};

const tag = {
  type: 'string',
  pattern: '^@?[^\\s()@][^\\s()]*$',
  examples: ['api', '@slow'],
  description: 'A tag, with or without a leading "@" (it is stripped). No spaces or parentheses.',
};

/** A testbed resource name: `kind:name`, e.g. 'switch:br0/ports-1-4' or 'pod:staging'. */
const lease = {
  type: 'string',
  pattern: LEASE_NAME_PATTERN,
  examples: ['switch:br0/ports-1-4', 'pod:staging'],
  description: `An exclusive resource, e.g. 'switch:br0/ports-1-4' or 'pod:staging': ${LEASE_NAME_RULE}.`,
};

const leases = {
  type: 'array',
  uniqueItems: true,
  items: lease,
  description: "Exclusive testbed resources this suite's tests need, e.g. ['switch:br0/ports-1-4']: a run that selects the suite holds them from before the environment's setup to after its teardown; other runs wait (README \"Testbed leases\").",
};

/** ms, or a length like '30s', '10m'. */
const leaseDuration = (what: string, fallback: string) => ({
  anyOf: [
    { type: 'integer', minimum: 1, description: 'Milliseconds.' },
    { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$', examples: ['30s', '10m'], description: "A length: '500ms', '30s', '10m', '1h'." },
  ],
  description: `${what} Default ${fallback}.`,
});

const patterns = (what: string, example: string) => ({
  type: 'array',
  items: { type: 'string', minLength: 1, description: `A pattern, e.g. '${example}'.` },
  description: what,
});

/** runner 'robot': Robot Framework's own options, as `robot` takes them on its command line. */
const robotOptions = {
  type: 'object',
  additionalProperties: false,
  description: "runner 'robot': Robot Framework's options for this suite (robot's --include, --exclude, --test, --suite, --variable, --variablefile, --dryrun, --exitonfailure). The same flags on `tollgate run` override them.",
  properties: {
    include: patterns("Tag patterns (robot --include): only tests whose tags match one; AND, OR, NOT, * and ? as in Robot, e.g. ['smoke', 'apiANDfast'].", 'smoke'),
    exclude: patterns("Tag patterns (robot --exclude): tests whose tags match one are left out, e.g. ['slow'].", 'slow'),
    test: patterns("Test name patterns (robot --test): only tests whose name or long name ('Suite.Test') matches one; * and ?, case and spaces ignored.", 'Login*'),
    suite: patterns("Suite name patterns (robot --suite): only the tests of suites whose name or long name matches one.", 'Api'),
    variables: {
      type: 'object',
      additionalProperties: { description: 'The value: a string as robot --variable gives, or any JSON value.' },
      description: "Variables (robot --variable NAME:VALUE), NAME → value, e.g. { HOST: 'example.com' }; they win over variable files.",
    },
    variableFiles: {
      type: 'array',
      items: { type: 'string', pattern: '\\.(json|ya?ml)$', description: "A JSON or YAML variable file relative to the config's folder, e.g. 'vars/staging.yaml' (Python variable files need Python, which tollgate does not run)." },
      description: "Variable files (robot --variablefile): JSON or YAML mappings of NAME → value, relative to the config's folder.",
    },
    dryRun: { type: 'boolean', description: "robot --dryrun: check the data and keyword calls without running library keywords." },
    exitOnFailure: { type: 'boolean', description: 'robot --exitonfailure: after the first failed test, the tests left fail without running.' },
    root: { type: 'string', minLength: 1, description: "The folder the top Robot suite stands for, as `robot DIR`: the top suite is named after it, e.g. 'tests/robot' gives 'Robot'. Relative to the config's folder. Default: the folder holding all the suite's .robot files, named after the tollgate suite." },
  },
};

const suite = {
  type: 'object',
  description: 'One suite: a set of test files (or a command) of one kind, run by one runner.',
  additionalProperties: false,
  required: ['name', 'kind'],
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      description: 'Unique name of the suite; `--suite NAME` and gates select it by this name.',
    },
    kind: {
      enum: [...SUITE_KIND_VALUES],
      description: 'What the suite tests: unit, smoke, integration, performance or soak. Gates select suites by kind.',
    },
    runner: {
      enum: [...RUNNER_VALUES],
      description: "How the suite is run: 'native' (tollgate's own test API, the default), 'tap', 'command', 'playwright', 'robot' or 'vectors'.",
    },
    files: {
      ...globs,
      description: "Glob(s) of test files, relative to the config's folder, e.g. 'suites/unit/**/*.spec.ts'. Required unless runner is 'command' or 'playwright'.",
    },
    ignore: {
      ...globs,
      description: "Glob(s) of files to leave out, relative to the config's folder, e.g. '**/fixtures/**'.",
    },
    tags: {
      type: 'array',
      items: tag,
      description: "Tags given to every test in the suite, e.g. ['api']; `--tag` and gates' tag expressions match them.",
    },
    timeout: {
      type: 'integer',
      minimum: 0,
      description: 'Per-test timeout in milliseconds for this suite (0 means none). Default: the top-level timeout.',
    },
    retries: {
      type: 'integer',
      minimum: 0,
      description: 'How many times a failed test is retried in this suite. Default: the top-level retries.',
    },
    command: {
      type: 'string',
      minLength: 1,
      description: "runner 'command': the command line to run through the shell, e.g. 'make test-tap'.",
    },
    format: {
      enum: ['tap', 'junit'],
      description: "runner 'command': what the command produces: 'tap' on stdout (default) or 'junit' XML written to `report`.",
    },
    report: {
      type: 'string',
      minLength: 1,
      description: "runner 'command' with format 'junit': the JUnit XML file it writes, relative to the config's folder.",
    },
    env: {
      type: 'object',
      additionalProperties: { type: 'string', description: 'The value of the variable.' },
      description: 'Extra environment variables for runners that start processes: NAME → value.',
    },
    config: {
      type: 'string',
      minLength: 1,
      description: "Runner-specific config file relative to the config's folder (runner 'playwright': its playwright.config.ts).",
    },
    leases,
    robot: robotOptions,
  },
  allOf: [
    {
      if: { properties: { robot: true }, required: ['robot'] },
      then: {
        properties: { runner: { const: 'robot', description: "The suite's runner must be 'robot' for it to take Robot Framework's options." } },
        required: ['runner'],
        description: "`robot` holds Robot Framework's options, for a suite with runner 'robot': add runner: 'robot' or remove `robot`.",
      },
    },
    {
      if: { properties: { runner: { const: 'command' } }, required: ['runner'] },
      then: {
        // `properties` repeats the key so that ajv's strictRequired sees it defined.
        properties: { command: true },
        required: ['command'],
        description: "A suite with runner 'command' needs `command`: the command line that prints TAP (or writes JUnit XML), e.g. command: 'make test-tap'.",
      },
    },
    {
      if: { properties: { runner: { enum: [...RUNNERS_WITHOUT_FILES] } }, required: ['runner'] },
      else: {
        properties: { files: true },
        required: ['files'],
        description: "A suite needs `files`: glob(s) of its test files relative to the config's folder, e.g. files: 'suites/unit/**/*.spec.ts'.",
      },
    },
    {
      if: { properties: { format: { const: 'junit' } }, required: ['format'] },
      then: {
        properties: { report: true },
        required: ['report'],
        description: "A command suite with format 'junit' needs `report`: the JUnit XML file the command writes, e.g. report: 'out/junit.xml'.",
      },
    },
  ],
};

const gate = {
  type: 'object',
  description: 'A gate: which suites a verdict (merge, deploy, promote...) runs, and the policy it applies.',
  additionalProperties: false,
  properties: {
    description: { type: 'string', description: 'What the gate guards, shown in `tollgate run --list` and the verdict.' },
    kinds: {
      type: 'array',
      uniqueItems: true,
      items: { enum: [...SUITE_KIND_VALUES], description: 'A suite kind: unit, smoke, integration, performance or soak.' },
      description: "Selects the suites of these kinds, e.g. ['unit', 'smoke'].",
    },
    suites: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', minLength: 1, description: 'The name of a suite in `suites`.' },
      description: 'Selects these suites by name.',
    },
    tags: {
      type: 'string',
      minLength: 1,
      examples: ['api and not slow'],
      description: "A tag expression the gate's tests must match, e.g. '(smoke or api) and not slow'.",
    },
    policy: {
      type: 'object',
      additionalProperties: false,
      description: 'How results become the verdict.',
      properties: {
        flaky: {
          enum: [...FLAKY_POLICY_VALUES],
          description: "What a flaky test (failed, then passed on retry) does to the verdict: 'pass', 'warn' (default) or 'fail'.",
        },
        minTests: {
          type: 'integer',
          minimum: 0,
          description: 'The least number of tests that must run to an outcome for the gate to pass. Default 1.',
        },
        missingCapability: {
          enum: ['warn', 'fail'],
          description: "What a test skipped because the machine lacks a capability (no root, no NET_ADMIN, no Open vSwitch) does to the verdict: 'warn' or 'fail'. Default 'warn' for the merge gate, 'fail' for every other gate.",
        },
        notJudged: {
          enum: ['fail', 'warn'],
          description: "What a threshold or soak criterion that measured nothing (no samples, no memory scraped) does to the verdict: 'fail' (default) or 'warn'. It never passes.",
        },
        soak: {
          type: 'object',
          additionalProperties: false,
          description: 'Soak runs: what the gate tolerates of a run that was resumed (tollgate run --resume).',
          properties: {
            maxGap: {
              type: 'string',
              pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$',
              examples: ['5m', '30s', '1h'],
              description: "The most time a resumed run may have stood still in total (between the last checkpoint and the restart), e.g. '5m'; more fails the gate's gap rule. Unset: a gap only warns.",
            },
          },
        },
      },
    },
  },
};

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:tollgate:config',
  title: 'Tollgate config',
  description: "Tollgate's config. tollgate.config.ts exports it: `export default defineConfig({ suites: [...] })`.",
  type: 'object',
  additionalProperties: false,
  required: ['suites'],
  properties: {
    suites: {
      type: 'array',
      minItems: 1,
      items: { $ref: '#/$defs/suite' },
      description: "The suites of the project, e.g. [{ name: 'unit', kind: 'unit', files: 'test/**/*.spec.ts' }].",
    },
    workers: {
      anyOf: [
        { type: 'integer', minimum: 1, description: 'A number of worker processes.' },
        {
          type: 'string',
          pattern: '^(100|[1-9][0-9]?)%$',
          examples: ['50%'],
          description: 'A share of the available cores.',
        },
      ],
      description: "Number of worker processes (at least 1), or a share of the cores like '50%'. Default: half the cores, at least 1.",
    },
    retries: {
      type: 'integer',
      minimum: 0,
      description: 'How many times a failed test is retried (a failure then a pass is flaky). Default 0.',
    },
    timeout: {
      type: 'integer',
      minimum: 0,
      description: 'Default per-test timeout in milliseconds (0 means none). Default 30000.',
    },
    environments: {
      type: 'object',
      additionalProperties: {
        type: 'string',
        minLength: 1,
        description: "Path of the environment module relative to the config's folder, e.g. 'environments/staging.ts'.",
      },
      description: "Environment name → module path, e.g. { staging: 'environments/staging.ts' }. Without an entry, --env NAME loads environments/NAME.ts.",
    },
    defaultEnvironment: {
      type: 'string',
      minLength: 1,
      description: "The environment used when --env is not given. Default 'local'.",
    },
    gates: {
      type: 'object',
      additionalProperties: { $ref: '#/$defs/gate' },
      description: 'Gate name → gate. Built in: merge (unit, smoke), deploy (integration, performance), promote (soak); a gate here replaces the built-in one of the same name.',
    },
    outputDir: {
      type: 'string',
      minLength: 1,
      description: "Where run directories are written, relative to the config's folder. Default '.tollgate/runs'.",
    },
    reporters: {
      type: 'array',
      items: { type: 'string', minLength: 1, examples: ['console', 'junit=out/junit.xml'], description: "A reporter as 'name' or 'name=path'." },
      description: "Reporters used when --reporter is not given, e.g. ['console', 'junit=out/junit.xml'].",
    },
    leaseTtl: leaseDuration('How long a testbed lease lives unless its run renews it (a run renews every third of it); a dead run\'s lease is free after this long.', "'30s'"),
    forbidOnly: {
      type: 'boolean',
      description: "Refuse to run when a native test file holds a .only (test.only, test.describe.only), naming each, with exit 1; off, a .only narrows the run and the verdict warns. Default: on when the CI environment variable is set (`--forbid-only`, `--no-forbid-only` override it).",
    },
    leaseTimeout: leaseDuration('How long a run waits for a testbed lease that another run holds before it gives up with exit 3 (`--lease-timeout` overrides it).', "'10m'"),
  },
  $defs: { suite, gate },
};
