import type { GroupBlock } from './ast.ts';
import { runBody, withNode } from './keyword-runner.ts';
import { RobotError, asRobotError } from './robot-error.ts';
import type { RunContext } from './run-context.ts';
import { notRunNodes, stepNode } from './step-nodes.ts';

/**
 * GROUP (Robot 7.2+, running/bodyrunner.py GroupRunner): its steps run as
 * the body around it runs them, and it fails, skips or passes with them.
 * The name's variables are resolved first, in --dryrun too (but not in a
 * WHILE there, which Robot checks without running), so listeners and the
 * log see the resolved name; an invalid group, or a name that does not
 * resolve, fails the group with its steps NOT RUN.
 */
export async function runGroup(ctx: RunContext, group: GroupBlock): Promise<void> {
  let name = group.name;
  let failure: RobotError | undefined;
  if (group.error !== undefined) failure = new RobotError(group.error, { syntax: true });
  else if (!ctx.dryRunNotRun) {
    try {
      name = ctx.replacer.string(group.name);
    } catch (error) {
      failure = asRobotError(error);
    }
  }
  const node = stepNode(group);
  node.name = name;
  await withNode(ctx, node, async () => {
    if (failure) {
      node.body.push(...notRunNodes(group.body));
      throw failure;
    }
    await runBody(ctx, group.body);
  });
}
