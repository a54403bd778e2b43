/**
 * Python's difflib.unified_diff (n=3, lineterm=''), which Should Be Equal's
 * "Multiline strings are different" message prints: the same matching
 * (SequenceMatcher: longest matching blocks, found recursively, with its
 * "autojunk" of lines too common in a long second text) so that the hunks
 * are the ones Robot shows, not merely a valid diff.
 */

type Opcode = ['equal' | 'replace' | 'delete' | 'insert', number, number, number, number];

export function unifiedDiff(a: readonly string[], b: readonly string[], fromFile: string, toFile: string, context = 3): string[] {
  const out: string[] = [];
  for (const group of groupedOpcodes(opcodes(a, b), context)) {
    if (out.length === 0) out.push(`--- ${fromFile}`, `+++ ${toFile}`);
    const first = group[0];
    const last = group[group.length - 1];
    out.push(`@@ -${range(first[1], last[2])} +${range(first[3], last[4])} @@`);
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) out.push(` ${line}`);
        continue;
      }
      if (tag === 'replace' || tag === 'delete') for (const line of a.slice(i1, i2)) out.push(`-${line}`);
      if (tag === 'replace' || tag === 'insert') for (const line of b.slice(j1, j2)) out.push(`+${line}`);
    }
  }
  return out;
}

function range(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length === 0 ? start : start + 1},${length}`;
}

/** Where each line of b is, minus the "popular" lines autojunk drops when b has 200 lines or more. */
function indexOf(b: readonly string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((line, j) => {
    const at = b2j.get(line);
    if (at) at.push(j);
    else b2j.set(line, [j]);
  });
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [line, at] of b2j) if (at.length > limit) b2j.delete(line);
  }
  return b2j;
}

function longestMatch(a: readonly string[], b: readonly string[], b2j: Map<string, number[]>, alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let [besti, bestj, bestsize] = [alo, blo, 0];
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i]) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
    }
    j2len = next;
  }
  // Popular lines were left out of the index: extend the match over equal ones on both sides.
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) [besti, bestj, bestsize] = [besti - 1, bestj - 1, bestsize + 1];
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return [besti, bestj, bestsize];
}

function matchingBlocks(a: readonly string[], b: readonly string[]): [number, number, number][] {
  const b2j = indexOf(b);
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  const blocks: [number, number, number][] = [];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (k === 0) continue;
    blocks.push([i, j, k]);
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const merged: [number, number, number][] = [];
  for (const block of blocks) {
    const last = merged[merged.length - 1];
    if (last && last[0] + last[2] === block[0] && last[1] + last[2] === block[1]) last[2] += block[2];
    else merged.push([...block]);
  }
  merged.push([a.length, b.length, 0]);
  return merged;
}

function opcodes(a: readonly string[], b: readonly string[]): Opcode[] {
  let i = 0;
  let j = 0;
  const out: Opcode[] = [];
  for (const [ai, bj, size] of matchingBlocks(a, b)) {
    const tag = i < ai && j < bj ? 'replace' : i < ai ? 'delete' : j < bj ? 'insert' : undefined;
    if (tag) out.push([tag, i, ai, j, bj]);
    i = ai + size;
    j = bj + size;
    if (size) out.push(['equal', ai, i, bj, j]);
  }
  return out;
}

function groupedOpcodes(codes: Opcode[], n: number): Opcode[][] {
  const all: Opcode[] = codes.length > 0 ? codes.map((c) => [...c] as Opcode) : [['equal', 0, 1, 0, 1]];
  const head = all[0];
  if (head[0] === 'equal') all[0] = ['equal', Math.max(head[1], head[2] - n), head[2], Math.max(head[3], head[4] - n), head[4]];
  const tail = all[all.length - 1];
  if (tail[0] === 'equal') all[all.length - 1] = ['equal', tail[1], Math.min(tail[2], tail[1] + n), tail[3], Math.min(tail[4], tail[3] + n)];
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of all) {
    let [tag, i1, i2, j1, j2] = code;
    if (tag === 'equal' && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
      groups.push(group);
      group = [];
      [i1, j1] = [Math.max(i1, i2 - n), Math.max(j1, j2 - n)];
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length > 0 && !(group.length === 1 && group[0][0] === 'equal')) groups.push(group);
  return groups;
}
