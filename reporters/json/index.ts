import { fileReporter } from '../shared/file-reporter.ts';
import { buildJsonReport } from './build-json-report.ts';

/**
 * `--reporter json[=PATH]`: the whole run as one JSON file, by default
 * report.json in the run directory. Written once, when the run is over.
 */
export default fileReporter('report.json', (state) => `${JSON.stringify(buildJsonReport(state), null, 2)}\n`);

export { buildJsonReport, type JsonReport, type JsonRunInfo, type JsonTest } from './build-json-report.ts';
