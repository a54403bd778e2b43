import path from 'node:path';
import type { RunState, WrittenOutput } from 'tollgate/reporter';
import { noColors, type Colors } from './colors.ts';

export interface OutputsOptions {
  colors?: Colors;
  /** Paths are shown relative to it when inside it. */
  cwd?: string;
  outputs?: readonly WrittenOutput[];
  /** The attestation file, when the verdict was signed. */
  attestation?: string;
}

/** A path as a person types it from where they ran the command: relative when under cwd, else absolute. */
export function shownPath(file: string, cwd: string | undefined): string {
  if (!cwd) return file;
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(cwd, file) : relative;
}

/**
 * Where each report went and what was signed, under the verdict (issue 16):
 *   Reports: junit out.xml · html .tollgate/runs/r1/report.html
 *   Signed: the verdict FAIL of run r1 for subject abc123 (in-toto test-result statement, DSSE): .tollgate/runs/r1/attestation.intoto.json
 */
export function formatOutputs(state: RunState, options: OutputsOptions = {}): string {
  const colors = options.colors ?? noColors;
  const lines: string[] = [];
  const outputs = options.outputs ?? [];
  if (outputs.length) {
    const named = outputs.map((o) => `${o.reporter.split('=')[0]} ${shownPath(o.path, options.cwd)}${o.kind === 'directory' ? path.sep : ''}`);
    lines.push(`  ${colors.dim('Reports:')} ${named.join(colors.dim(' · '))}`);
  }
  if (options.attestation) {
    const v = state.verdict;
    const what = v ? `the verdict ${v.status} of run ${v.runId}${v.subject ? ` for subject ${v.subject}` : ''}` : 'the verdict';
    lines.push(`  ${colors.dim('Signed:')} ${what} (in-toto test-result statement, DSSE envelope): ${shownPath(options.attestation, options.cwd)}`);
  }
  return lines.join('\n');
}
