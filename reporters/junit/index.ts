import { applyEvent, createRunState, defineReporter } from 'tollgate';
import { outputPath, writeReportFile } from '../shared/output-path.ts';
import { buildJunitXml } from './build-junit-xml.ts';

/**
 * `--reporter junit[=PATH]`: JUnit XML that validates against
 * shared/specs/junit-10.xsd, by default junit.xml in the run directory.
 */
export default defineReporter((ctx) => {
  const state = createRunState();
  return {
    onEvent(event) {
      applyEvent(state, event);
    },
    async onEnd() {
      await writeReportFile(outputPath(ctx, 'junit.xml'), buildJunitXml(state, { runDir: ctx.runDir }));
    },
  };
});

export { buildJunitXml, type JunitOptions } from './build-junit-xml.ts';
export { escapeAttr, escapeText, sanitizeXmlText } from './xml.ts';
