import { resolveUntil } from '../keyword-runner.ts';
import { RobotError, asRobotError } from '../robot-error.ts';
import { str } from '../values.ts';
import { BuiltInMisc } from './builtin-misc.ts';

/**
 * BuiltIn's run-time imports (Import Library, Import Resource, Import
 * Variables) into the running suite's namespace, the keyword search order,
 * and Replace Variables. As in Robot, the imports get their arguments as
 * data (`run_keyword_variant(resolve=0)`): `WITH NAME` / `AS` is found
 * before variables are resolved.
 */
export class BuiltInImports extends BuiltInMisc {
  async importLibrary(name: unknown, ...args: unknown[]): Promise<void> {
    let alias: unknown;
    if (args.length > 1 && ['WITH NAME', 'AS'].includes(str(args[args.length - 2]).replace(/\s+/g, ' '))) {
      alias = args[args.length - 1];
      args = args.slice(0, -2);
    }
    const [resolvedName, ...resolvedArgs] = resolveUntil(this._ctx, [name, ...args], Infinity);
    const resolvedAlias = alias === undefined ? undefined : str(resolveUntil(this._ctx, [alias], 1)[0]);
    await this._import(() => this._importer().library(str(resolvedName), resolvedArgs, resolvedAlias));
  }

  async importResource(path: unknown): Promise<void> {
    const [resolved] = resolveUntil(this._ctx, [path], 1);
    await this._import(() => this._importer().resource(str(resolved)));
  }

  async importVariables(path: unknown, ...args: unknown[]): Promise<void> {
    const [resolved] = resolveUntil(this._ctx, [path], 1);
    if (args.length > 0) throw new RobotError(`Importing variable file '${str(resolved)}' failed: arguments are supported only for Python variable files, which cannot be imported here.`);
    await this._import(() => this._importer().variables(str(resolved)));
  }

  /** Sets the order libraries and resources are searched for a keyword several of them have; returns the old order. */
  setLibrarySearchOrder(...search_order: unknown[]): string[] {
    const old = [...this._ctx.namespace.searchOrder];
    this._ctx.namespace.searchOrder = search_order.map(str);
    return old;
  }

  replaceVariables(text: unknown): unknown {
    return typeof text === 'string' ? this._ctx.replacer.scalar(text) : text;
  }

  private _importer(): NonNullable<typeof this._ctx.importer> {
    if (!this._ctx.importer) throw new RobotError('Cannot access execution context');
    return this._ctx.importer;
  }

  private async _import(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      throw new RobotError(asRobotError(error).message);
    }
  }
}

for (const name of ['importLibrary', 'importResource', 'importVariables']) {
  (BuiltInImports.prototype as unknown as Record<string, { robotResolve?: number }>)[name].robotResolve = 0;
}
