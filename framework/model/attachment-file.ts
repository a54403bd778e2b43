import fs from 'node:fs';
import path from 'node:path';

/**
 * The file an attachment's `path` names, or undefined when that path does
 * not stay inside the run directory (issue 13.5). A run directory may come
 * from elsewhere (`tollgate archive import`, `tollgate report DIR`): its
 * events are data, and an attachment `path` that is absolute, climbs with
 * `../` or goes through a symbolic link out of the folder must not make
 * the archive or a report copy a file of this machine (a signing key).
 * Tollgate itself only writes attachments under artifacts/ (save-artifact.ts).
 *
 * The archive and the reporters that copy attachment bodies share this one check.
 */
export function attachmentFile(runDir: string, attachmentPath: string): string | undefined {
  if (path.isAbsolute(attachmentPath) || attachmentPath.includes('\0')) return undefined;
  const root = path.resolve(runDir);
  const file = path.resolve(root, attachmentPath);
  if (!inside(root, file)) return undefined;
  // A link inside the folder may point out of it: judge where it leads, when it exists.
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return file; // not there: nothing can be read through it
  }
  let realRoot = root;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    // the run directory itself is gone; the file cannot be in it
  }
  return inside(realRoot, real) ? file : undefined;
}

function inside(root: string, file: string): boolean {
  return file.startsWith(root + path.sep);
}
