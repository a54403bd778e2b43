// `node scripts/setup.mjs [start|test]`: what `npm start` / `npm test` do
// before they run anything (system packages, `npm ci`, the capture binding),
// on its own. .ci/run calls it so that CI sets the machine up the way a new
// user's two commands do.
import { ensureDependencies } from './ensure-deps.mjs';

const purpose = process.argv[2] ?? 'test';
if (purpose !== 'start' && purpose !== 'test') {
  console.error(`tollgate setup: unknown purpose "${purpose}"; use start or test`);
  process.exit(2);
}
ensureDependencies(purpose);
console.error(`tollgate setup: this machine has what \`npm ${purpose}\` needs.`);
