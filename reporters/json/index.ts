import { applyEvent, createRunState, defineReporter } from 'tollgate';
import { outputPath, writeReportFile } from '../shared/output-path.ts';
import { buildJsonReport } from './build-json-report.ts';

/**
 * `--reporter json[=PATH]`: the whole run as one JSON file, by default
 * report.json in the run directory. Written once, when the run is over.
 */
export default defineReporter((ctx) => {
  const state = createRunState();
  return {
    onEvent(event) {
      applyEvent(state, event);
    },
    async onEnd() {
      await writeReportFile(outputPath(ctx, 'report.json'), `${JSON.stringify(buildJsonReport(state), null, 2)}\n`);
    },
  };
});

export { buildJsonReport, type JsonReport, type JsonRunInfo, type JsonTest } from './build-json-report.ts';
