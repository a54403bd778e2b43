// `npm start`: the merge gate against the embedded reference POD.
// Extra arguments pass through: `npm start -- --reporter junit=out.xml`.
import { ensureDependencies, run } from './ensure-deps.mjs';

ensureDependencies('start');
process.exit(run(process.execPath, ['framework/cli/bin.js', 'run', '--gate', 'merge', ...process.argv.slice(2)]));
