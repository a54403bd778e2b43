import { applyEvent, createRunState, type Reporter, type ReporterContext } from 'tollgate/reporter';
import { colorsEnabled, createColors } from './colors.ts';
import { formatOutputs } from './format-outputs.ts';
import { formatSummary, formatVerdict } from './format-summary.ts';

/**
 * The terminal's share of a run whose chosen reporters all write files
 * (`--reporter robot-xml=out.xml`, `tollgate report --reporter html=...`):
 * the counts, the verdict with its reasons, where each output went and
 * what was signed. Without it such a run printed nothing at all (issue 16).
 */
export function createVerdictLineReporter(ctx: ReporterContext, env: NodeJS.ProcessEnv = process.env): Reporter {
  const state = createRunState();
  const colors = createColors(colorsEnabled(ctx.isTTY, env));
  return {
    printsToStdout: true,
    onEvent(event) {
      applyEvent(state, event);
    },
    onEnd() {
      const lines = [formatSummary(state, colors)];
      if (state.verdict) lines.push(formatVerdict(state.verdict, colors));
      const outputs = formatOutputs(state, { colors, cwd: process.cwd(), outputs: ctx.outputs?.() ?? [], attestation: ctx.attestation?.() });
      if (outputs) lines.push(outputs);
      ctx.stdout.write(`${lines.join('\n')}\n`);
    },
  };
}
