import type { ResolvedConfig } from '../model/config.ts';
import type { Plan } from './plan.ts';

/** `tollgate run --list`: what would run, and why everything else would not. */
export function formatPlan(plan: Plan, config: ResolvedConfig): string {
  const lines: string[] = [];
  const included = plan.files.reduce((n, f) => n + f.tests.length, 0);
  for (const { suite, tests, file } of plan.files) {
    lines.push(`${suite.name} (${suite.kind}) ${relative(config, file)}`);
    for (const test of tests) lines.push(`  + ${test.titlePath.join(' › ')}${test.tags.length ? ' ' + test.tags.map((t) => `@${t}`).join(' ') : ''}`);
  }
  for (const { suite, files } of plan.foreignSuites) {
    lines.push(`${suite.name} (${suite.kind}, runner ${suite.runner}): ${files.length ? `${files.length} file(s)` : suite.command ?? ''}; its tests are known when it runs`);
  }
  if (plan.excluded.length || plan.excludedSuites.length) lines.push('', 'Left out:');
  for (const { suite, reason } of plan.excludedSuites) lines.push(`  - suite ${suite.name} (${suite.kind}): ${reason}`);
  for (const { test, reason } of plan.excluded) lines.push(`  - ${test.id}: ${reason}`);
  if (plan.loadErrors.length) lines.push('', 'Files that could not be loaded:');
  for (const { file, error } of plan.loadErrors) lines.push(`  ! ${file}: ${error.message.split('\n')[0]}`);
  lines.push(
    '',
    `${included} test(s) in ${plan.files.length} file(s)${plan.foreignSuites.length ? ` and ${plan.foreignSuites.length} suite(s) run by other runners` : ''}; ${plan.excluded.length} test(s) and ${plan.excludedSuites.length} suite(s) left out`,
  );
  return lines.join('\n') + '\n';
}

function relative(config: ResolvedConfig, file: string): string {
  return file.startsWith(config.rootDir + '/') ? file.slice(config.rootDir.length + 1) : file;
}
