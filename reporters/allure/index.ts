import path from 'node:path';
import { applyEvent, createRunState, defineReporter } from 'tollgate/reporter';
import { makeDirectory } from '../shared/output-path.ts';
import { writeAllureResults } from './write-allure-results.ts';

/**
 * `--reporter allure[=DIR]`: allure-results (one *-result.json per attempt,
 * attachments copied beside them, environment.properties), by default in
 * <run dir>/allure-results, for teams whose dashboards read Allure. Turn
 * them into a report with Allure's own CLI (set ALLURE_NO_ANALYTICS=1).
 */
export default defineReporter((ctx) => {
  const state = createRunState();
  const resultsDir = ctx.option ? path.resolve(ctx.option) : path.join(ctx.runDir, 'allure-results');
  return {
    outputs: [{ path: resultsDir, kind: 'directory' }],
    onEvent(event) {
      applyEvent(state, event);
    },
    onEnd() {
      try {
        // Made here, one level at a time: allure-js-commons' recursive mkdir would spin for ever on a path it cannot make (output-path.ts).
        makeDirectory(resultsDir);
        writeAllureResults(state, { resultsDir, runDir: ctx.runDir });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Cannot write allure-results to ${resultsDir}: ${reason}. Check that the folder is writable, or pick another with --reporter allure=DIR.`);
      }
    },
  };
});

export { writeAllureResults, type AllureWriteOptions, type AllureWriteSummary } from './write-allure-results.ts';
export { attemptStatus, isAssertion, statusDetails, testLabels } from './allure-mapping.ts';
