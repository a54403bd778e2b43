import { applyEvent, createRunState, defineReporter, type ReporterContext, type ReporterFactory, type RunState } from 'tollgate/reporter';
import { outputPath, writeReportFile } from './output-path.ts';

/**
 * A reporter that folds the events into the run state and writes one file
 * when the run is over (json, junit, robot-xml): `--reporter name[=PATH]`,
 * by default `defaultName` in the run directory.
 */
export function fileReporter(defaultName: string, render: (state: RunState, ctx: ReporterContext) => string): ReporterFactory {
  return defineReporter((ctx) => {
    const state = createRunState();
    const path = outputPath(ctx, defaultName);
    return {
      outputs: [{ path, kind: 'file' }],
      onEvent(event) {
        applyEvent(state, event);
      },
      async onEnd() {
        await writeReportFile(path, render(state, ctx));
      },
    };
  });
}
