import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { encodeFrame } from './encode-frame.ts';
import type { FrameSpec } from './frame-spec.ts';
import { jsonLocations, locate } from './json-locations.ts';
import { expectationOf, LAYERS, type FrameExpectation } from './match-frame.ts';
import { VECTOR_SCHEMA, type Action, type ActionGroup, type ExpectedFrame, type VectorFile } from './vector-format.ts';

/** A vector file that failed to load: every problem, each with file:line:column and the path inside it. */
export class VectorError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in test vector ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'VectorError';
    this.stack = this.message;
  }
}

export interface LoadedVector {
  /** Absolute path. */
  file: string;
  vector: VectorFile;
  /** Logical port → topology port. */
  portMap: Record<string, string>;
}

let validate: ReturnType<Ajv2020['compile']> | undefined;

/**
 * Reads and checks a vector file: JSON syntax, the schema, then what the
 * schema cannot say (frames that do not encode, names that point nowhere,
 * ports missing from the port map). Throws a VectorError listing all of it.
 */
export function loadVectorFile(path: string, rootDir = process.cwd()): LoadedVector {
  const file = resolve(rootDir, path);
  const shown = relative(rootDir, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new VectorError(shown, [`cannot read it: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? NaN);
    const where = Number.isNaN(offset) ? '' : `:${text.slice(0, offset).split('\n').length}`;
    throw new VectorError(shown, [`${shown}${where}: not valid JSON: ${(error as Error).message}`]);
  }
  const locations = jsonLocations(text);
  const at = (pointer: string) => {
    const { line, column } = locate(locations, pointer);
    return `${shown}:${line}:${column} ${pointer || '(top)'}`;
  };
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(VECTOR_SCHEMA);
  if (!validate(data)) throw new VectorError(shown, schemaProblems(validate.errors ?? []).map((e) => `${at(e.pointer)}: ${e.message}`));

  const vector = data as VectorFile;
  const problems: string[] = [];
  const portMap = readPortMap(vector, file, shown, problems);
  const frames = vector.frames ?? {};
  for (const [name, spec] of Object.entries(frames)) tryEncode(spec, at(`/frames/${name}`), problems);

  const checkPort = (port: string, pointer: string) => {
    if (!(port in portMap)) problems.push(`${at(pointer)}: unknown port "${port}"; the port map has ${Object.keys(portMap).join(', ')}`);
  };
  const checkFrameName = (name: string, pointer: string) => {
    if (!(name in frames)) problems.push(`${at(pointer)}: no frame named "${name}"; add it under "frames" (known: ${Object.keys(frames).join(', ') || 'none'})`);
  };
  vector.testCases.forEach((tc, t) => {
    actionsOf(tc.actions).forEach(({ action, pointer }) => {
      const p = `/testCases/${t}/actions${pointer}`;
      if ('send' in action) {
        checkPort(action.send.port, `${p}/send/port`);
        if (typeof action.send.frame === 'string') checkFrameName(action.send.frame, `${p}/send/frame`);
        else tryEncode(action.send.frame, at(`${p}/send/frame`), problems);
      }
      if ('portDown' in action) checkPort(action.portDown, `${p}/portDown`);
      if ('portUp' in action) checkPort(action.portUp, `${p}/portUp`);
      if ('vlan' in action) checkPort(action.vlan.port, `${p}/vlan/port`);
      if ('fdb' in action) checkPort(action.fdb.port, `${p}/fdb/port`);
    });
    tc.expect.forEach((e, i) => {
      const p = `/testCases/${t}/expect/${i}`;
      checkPort(e.port, `${p}/port`);
      const refs: [ExpectedFrame, string][] = 'frames' in e ? e.frames.map((f, k) => [f, `${p}/frames/${k}`]) : 'frame' in e ? [[e.frame, `${p}/frame`]] : [];
      for (const [f, fp] of refs) {
        if (typeof f === 'string') checkFrameName(f, fp);
        else if (f.like !== undefined) checkFrameName(f.like, `${fp}/like`);
      }
    });
  });
  if (problems.length) throw new VectorError(shown, problems);
  return { file, vector, portMap };
}

/** Every action of a test case with its JSON pointer below `actions`. */
export function actionsOf(groups: readonly ActionGroup[]): { action: Action; pointer: string }[] {
  return groups.flatMap((g, i) => {
    if ('sequential' in g) return g.sequential.map((action, k) => ({ action, pointer: `/${i}/sequential/${k}` }));
    if ('parallel' in g) return g.parallel.map((action, k) => ({ action, pointer: `/${i}/parallel/${k}` }));
    return [{ action: g, pointer: `/${i}` }];
  });
}

/** A frame of an expectation as field expectations: a name stands for every field of that frame. */
export function resolveExpectedFrame(frame: ExpectedFrame, frames: Record<string, FrameSpec>): FrameExpectation {
  if (typeof frame === 'string') return expectationOf(frames[frame]);
  const { like, ...own } = frame;
  if (like === undefined) return own;
  const base = expectationOf(frames[like]) as Record<string, unknown>;
  for (const [key, value] of Object.entries(own)) {
    const layer = (LAYERS as readonly string[]).includes(key);
    base[key] = layer && value && typeof value === 'object' && base[key] && typeof base[key] === 'object' ? { ...(base[key] as object), ...value } : value;
  }
  return base as FrameExpectation;
}

function readPortMap(vector: VectorFile, file: string, shown: string, problems: string[]): Record<string, string> {
  if (vector.portMap === undefined) {
    const names = new Set<string>();
    for (const tc of vector.testCases) {
      for (const { action } of actionsOf(tc.actions)) {
        for (const v of Object.values(action)) if (v && typeof v === 'object' && 'port' in v) names.add(String(v.port));
        if ('portDown' in action) names.add(action.portDown);
        if ('portUp' in action) names.add(action.portUp);
      }
      for (const e of tc.expect) names.add(e.port);
    }
    // Without a port map, ports are the topology's own names.
    return Object.fromEntries([...names].filter((n) => /^p\d+$/.test(n)).map((n) => [n, n]));
  }
  if (typeof vector.portMap === 'object') return vector.portMap;
  const mapFile = resolve(dirname(file), vector.portMap);
  try {
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as unknown;
    if (!map || typeof map !== 'object' || Object.values(map).some((v) => typeof v !== 'string')) throw new Error('expected an object of logical port → topology port, like { "host-a": "p1" }');
    return map as Record<string, string>;
  } catch (error) {
    problems.push(`${shown}: port map "${vector.portMap}" (${mapFile}): ${(error as Error).message}`);
    return {};
  }
}

function tryEncode(spec: FrameSpec, where: string, problems: string[]): void {
  try {
    encodeFrame(spec, where);
  } catch (error) {
    problems.push((error as Error).message);
  }
}

/** Ajv's errors, without the noise of oneOf branches: for each place, the most specific message. */
function schemaProblems(errors: readonly ErrorObject[]): { pointer: string; message: string }[] {
  const byPointer = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') message = `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'enum') message = `${message}: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    const list = byPointer.get(e.instancePath) ?? [];
    if (!list.includes(message)) list.push(message);
    byPointer.set(e.instancePath, list);
  }
  if (byPointer.size === 0) return errors.map((e) => ({ pointer: e.instancePath, message: e.message ?? 'is invalid' }));
  return [...byPointer].map(([pointer, messages]) => ({ pointer, message: messages.join('; or ') }));
}
