import { defineReporter } from 'tollgate/reporter';
import { createTapReporter } from './tap-reporter.ts';

/** `--reporter tap[=PATH]`: TAP 14, to PATH or else to stdout. */
export default defineReporter((ctx) => createTapReporter(ctx));

export { createTapReporter } from './tap-reporter.ts';
export { escapeDescription, formatErrorPoint, formatTapEnd, formatTestPoint, TAP_HEADER } from './format-tap.ts';
export { toYaml, type YamlValue } from './yaml.ts';
