import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Robot's --variablefile for the formats that need no Python: a JSON or
 * YAML mapping of NAME → value, each key a variable (`HOST: x` is ${HOST};
 * a list is also @{NAME}, a mapping &{NAME}), as Robot's JsonImporter and
 * YamlImporter read them.
 */

export class VariableFileError extends Error {
  override name = 'VariableFileError';
}

/** @throws VariableFileError saying what is wrong with the file and how to fix it. */
export function readVariableFile(path: string): Record<string, unknown> {
  const extension = extname(path).toLowerCase();
  if (extension === '.py') {
    throw new VariableFileError(`${path} is a Python variable file: tollgate runs Robot data without Python, so it cannot run it; write the variables as a YAML or JSON mapping instead (e.g. vars.yaml with lines 'NAME: value')`);
  }
  if (!['.json', '.yaml', '.yml'].includes(extension)) {
    throw new VariableFileError(`${path}: a variable file must be .json, .yaml or .yml (a mapping of NAME → value)`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VariableFileError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check the path; it is relative to the current folder (or, in the config, to the config's folder)`);
  }
  let value: unknown;
  try {
    value = extension === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new VariableFileError(`${path} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'nothing' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new VariableFileError(`${path}: ${extension === '.json' ? 'JSON' : 'YAML'} variable file must be a mapping of NAME → value, got ${got}`);
  }
  return value as Record<string, unknown>;
}
