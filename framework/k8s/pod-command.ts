/**
 * The command lines the pods run. Two layers read them before tollgate does:
 * the kubelet, which expands `$(NAME)` in command and args from the
 * container's environment (and turns `$$` into `$`), and, for the shard pods,
 * /bin/sh, which turns JOB_COMPLETION_INDEX (0-based) into tollgate's 1-based
 * `--shard i/n`. User values are escaped for both, so a subject like
 * `$(TOLLGATE_ARCHIVE)` can never pull the archive's DSN into a command line.
 */

/** What every pod passes on to tollgate besides its own command's options. */
export interface PodCommandInput {
  gate: string;
  shards: number;
  runId: string;
  env?: string;
  subject?: string;
  /** The config file relative to the working folder, when it is not found by its default name. */
  config?: string;
  /** How long the gate waits for shards that have not finished: '6h', '30m'. */
  gateWait: string;
}

/** Characters the shell reads as themselves, so quoting them only hurts readability. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word: unchanged when safe, else single-quoted ('it'\''s'). */
export function shellQuote(word: string): string {
  if (word !== '' && SHELL_SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Escapes `$` as `$$`, so the kubelet's `$(NAME)` expansion hands the text to
 * the container unchanged (Kubernetes docs, "Define a command and arguments
 * for a container": "$$ are reduced to a single $").
 */
export function kubeletEscape(text: string): string {
  return text.replaceAll('$', () => '$$');
}


/**
 * The shard pod's container command: `/bin/sh -c SCRIPT`, where SCRIPT runs
 * `npx tollgate run` for shard JOB_COMPLETION_INDEX + 1 of `shards`.
 * `exec` lets tollgate receive the kubelet's SIGTERM itself (exit 4, results kept).
 *
 * The shell arithmetic `$((...))` is written as it is: the kubelet leaves a
 * `$(...)` that names no variable untouched, and `(JOB_COMPLETION_INDEX + 1`
 * names none.
 */
export function shardPodCommand(input: PodCommandInput): string[] {
  const args = [
    '--gate', input.gate,
    '--run-id', input.runId,
    ...(input.env !== undefined ? ['--env', input.env] : []),
    ...(input.subject !== undefined ? ['--subject', input.subject] : []),
    ...(input.config !== undefined ? ['--config', input.config] : []),
  ];
  const words = ['npx', 'tollgate', 'run', ...args].map((word) => kubeletEscape(shellQuote(word)));
  words.splice(3, 0, '--shard', `"$((JOB_COMPLETION_INDEX + 1))/${input.shards}"`);
  return ['/bin/sh', '-c', `exec ${words.join(' ')}`];
}

/**
 * The gate pod's container command, an argv with no shell in between:
 * `npx tollgate gate --run-id ID --gate GATE --wait 6h`, which polls the
 * archive until every shard of the run has ended (or the wait runs out) and
 * then gives the one verdict: a shard missing by then is ERROR, never PASS.
 * The environment and subject are not repeated: the shards recorded them.
 */
export function gatePodCommand(input: PodCommandInput): string[] {
  return [
    'npx', 'tollgate', 'gate',
    '--run-id', input.runId,
    '--gate', input.gate,
    '--wait', input.gateWait,
    ...(input.config !== undefined ? ['--config', input.config] : []),
  ].map(kubeletEscape);
}
