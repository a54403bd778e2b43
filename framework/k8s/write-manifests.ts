/**
 * Writes the manifests into a folder, one file per object, numbered in the
 * order `kubectl apply -f DIR` must create them (it applies a folder's files
 * in name order): the ConfigMap before the Jobs whose pods mount it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { manifestList, type K8sManifests } from './k8s-manifests.ts';

export type ManifestFormat = 'yaml' | 'json';

export interface ManifestFile {
  /** A file name inside the output folder. */
  name: string;
  text: string;
  /** The object as written, as plain data. */
  document: Record<string, unknown>;
}

const FILE_STEMS = ['01-config', '02-shards-job', '03-gate-job'] as const;

/**
 * The files' names and text. YAML is written as YAML 1.1, the dialect
 * kubectl reads: a string such as `on`, `no` or `0440` is quoted, where
 * YAML 1.2 would leave it bare and the cluster would read a boolean or number.
 */
export function renderManifests(manifests: K8sManifests, format: ManifestFormat): ManifestFile[] {
  return manifestList(manifests).map((object, i) => {
    const document = object.toJSON() as Record<string, unknown>;
    const text = format === 'json' ? JSON.stringify(document, null, 2) + '\n' : stringify(document, { version: '1.1', lineWidth: 0 });
    return { name: `${FILE_STEMS[i]}.${format}`, text, document };
  });
}

/**
 * Writes the files into `dir` (created when missing). Files this command
 * wrote before in the other format are removed, so that `kubectl apply -f
 * DIR` never applies two versions of one object.
 */
export function writeManifests(dir: string, files: ManifestFile[]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  for (const stem of FILE_STEMS) {
    for (const ext of ['yaml', 'json']) {
      const stale = path.join(dir, `${stem}.${ext}`);
      if (!files.some((file) => file.name === `${stem}.${ext}`)) fs.rmSync(stale, { force: true });
    }
  }
  return files.map((file) => {
    const target = path.join(dir, file.name);
    fs.writeFileSync(target, file.text);
    return target;
  });
}
