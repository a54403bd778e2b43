/**
 * A soak's state after each window (issue 6, item 3): the window summaries
 * so far and when the soak began, written atomically (temporary file, then
 * rename) so a harness killed mid-write leaves the previous checkpoint. A
 * soak started again with the same checkpoint continues where it stopped,
 * and the time between the last checkpoint and the restart is a gap.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SoakWindow } from './soak-criteria.ts';

export interface SoakGap {
  /** The gap came after this many windows. */
  afterWindow: number;
  ms: number;
}

export interface SoakCheckpoint {
  version: 1;
  name: string;
  /** Epoch ms when the soak began: window times stay on one clock across restarts. */
  began: number;
  plannedWindows: number;
  windowMs: number;
  savedAt: number;
  windows: SoakWindow[];
  gaps: SoakGap[];
}

export function writeCheckpoint(file: string, checkpoint: SoakCheckpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(checkpoint));
  fs.renameSync(temporary, file);
}

/** The checkpoint of the same soak (name, window length), or undefined when there is none to resume. */
export function readCheckpoint(file: string, name: string, windowMs: number): SoakCheckpoint | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const checkpoint = JSON.parse(text) as SoakCheckpoint;
  if (checkpoint.version !== 1 || checkpoint.name !== name || checkpoint.windowMs !== windowMs) {
    throw new Error(`soak "${name}": the checkpoint ${file} belongs to another soak (${checkpoint.name}, ${checkpoint.windowMs} ms windows); delete it or pass another checkpoint path`);
  }
  return checkpoint;
}
