import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Finds the tap to run: the project's own (it is the user's dependency, and
 * its version and plugins are theirs), else the one installed with tollgate.
 */

export interface TapInstall {
  /** Absolute path of tap's CLI script (run with node). */
  bin: string;
  version: string;
  from: 'project' | 'tollgate';
  /**
   * How TypeScript test files are loaded. 'plugin': tap's own typescript
   * plugin (ts-node, the default of every tap project). 'tsx': tollgate's tsx
   * loader, used when the plugin cannot work because TypeScript is missing or
   * is 7.x, which has no JavaScript API for ts-node to call.
   */
  typescript: 'plugin' | 'tsx';
}

export function resolveTap(rootDir: string): TapInstall | undefined {
  return fromBase(join(resolve(rootDir), 'package.json'), 'project') ?? fromBase(import.meta.url, 'tollgate');
}

function fromBase(base: string, from: TapInstall['from']): TapInstall | undefined {
  let manifestPath: string;
  try {
    manifestPath = createRequire(base).resolve('tap/package.json');
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string; bin?: string | Record<string, string> };
  const binPath = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.tap;
  if (!binPath) return undefined;
  return {
    bin: join(dirname(manifestPath), binPath),
    version: manifest.version ?? 'unknown',
    from,
    typescript: typescriptWorksFor(manifestPath) ? 'plugin' : 'tsx',
  };
}

/** ts-node (inside tap's plugin) needs typescript < 7 where tap can resolve it. */
function typescriptWorksFor(tapManifestPath: string): boolean {
  try {
    const tsManifest = createRequire(tapManifestPath).resolve('typescript/package.json');
    const { version } = JSON.parse(readFileSync(tsManifest, 'utf8')) as { version?: string };
    const major = Number.parseInt(version ?? '', 10);
    return Number.isFinite(major) && major < 7;
  } catch {
    return false;
  }
}

/** The URL of tollgate's tsx loader, for `node --import`. */
export function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
