import { fileReporter } from '../shared/file-reporter.ts';
import { buildRobotXml } from './build-robot-xml.ts';

/**
 * `--reporter robot-xml[=PATH]`: Robot Framework's output.xml (schema 5) for
 * the whole run, by default output.xml in the run directory. Robot suites
 * keep their full keyword tree; other suites' tests appear with their steps
 * as keywords. Rebuilt offline by `tollgate report RUN_DIR --reporter robot-xml=FILE`.
 */
export default fileReporter('output.xml', (state, ctx) => buildRobotXml(state, ctx.runDir));

export { buildRobotXml };
