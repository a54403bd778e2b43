import type { ResolvedConfig } from '../model/config.ts';
import type { Plan } from './plan.ts';

/** `tollgate run --list`: what would run, and why everything else would not. */
export function formatPlan(plan: Plan, config: ResolvedConfig): string {
  const lines: string[] = [];
  const included = plan.files.reduce((n, f) => n + f.tests.length, 0);
  const listed = plan.foreignSuites.filter((s) => s.tests);
  const unlisted = plan.foreignSuites.length - listed.length;
  for (const { suite, tests, file } of plan.files) {
    lines.push(`${suite.name} (${suite.kind}) ${relative(config, file)}`);
    for (const test of tests) lines.push(`  + ${test.titlePath.join(' › ')}${test.tags.length ? ' ' + test.tags.map((t) => `@${t}`).join(' ') : ''}`);
  }
  for (const { suite, files, tests } of plan.foreignSuites) {
    const what = files.length ? `${files.length} file(s)` : suite.command ?? '';
    if (!tests) {
      lines.push(`${suite.name} (${suite.kind}, runner ${suite.runner}): ${what}; its tests are known when it runs`);
      continue;
    }
    lines.push(`${suite.name} (${suite.kind}, runner ${suite.runner}): ${what}`);
    for (const test of tests) lines.push(`  + ${test.location.file} › ${test.titlePath.join(' › ')}${test.tags.length ? ' ' + test.tags.map((t) => `@${t}`).join(' ') : ''}`);
  }
  if (plan.excluded.length || plan.excludedSuites.length) lines.push('', 'Left out:');
  for (const { suite, reason } of plan.excludedSuites) lines.push(`  - suite ${suite.name} (${suite.kind}): ${reason}`);
  for (const { test, reason } of plan.excluded) lines.push(`  - ${test.id}: ${reason}`);
  if (plan.loadErrors.length) lines.push('', 'Files that could not be loaded:');
  for (const { file, error } of plan.loadErrors) lines.push(`  ! ${file}: ${error.message.split('\n')[0]}`);
  lines.push(
    '',
    [
      `${included} test(s) in ${plan.files.length} file(s)`,
      ...(listed.length ? [`${listed.reduce((n, s) => n + s.tests!.length, 0)} test(s) in ${listed.length} suite(s) of other runners`] : []),
      ...(unlisted ? [`${unlisted} suite(s) run by other runners`] : []),
    ].join(', ') + `; ${plan.excluded.length} test(s) and ${plan.excludedSuites.length} suite(s) left out`,
  );
  return lines.join('\n') + '\n';
}

function relative(config: ResolvedConfig, file: string): string {
  return file.startsWith(config.rootDir + '/') ? file.slice(config.rootDir.length + 1) : file;
}
