/**
 * A mistake in the command line or in the project's files (a flag, a
 * quarantine file, an unknown suite): printed without a stack, exit code 2.
 * It lives in the model so that every stage can throw it without importing the CLI.
 */
export class UsageError extends Error {}
