import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tollgate's package.json, found upwards: two folders up in the repository, three in the package's dist/. */
function ownPackageJson(): { version: string } {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'tollgate') return pkg;
    }
    if (path.dirname(dir) === dir) return { version: '0.0.0' };
  }
}

export const TOLLGATE_VERSION: string = ownPackageJson().version;
