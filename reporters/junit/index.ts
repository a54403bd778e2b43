import { fileReporter } from '../shared/file-reporter.ts';
import { buildJunitXml } from './build-junit-xml.ts';

/**
 * `--reporter junit[=PATH]`: JUnit XML that validates against
 * shared/specs/junit-10.xsd, by default junit.xml in the run directory.
 */
export default fileReporter('junit.xml', (state, ctx) => buildJunitXml(state, { runDir: ctx.runDir }));

export { buildJunitXml, type JunitOptions } from './build-junit-xml.ts';
export { escapeAttr, escapeText, sanitizeXmlText } from './xml.ts';
