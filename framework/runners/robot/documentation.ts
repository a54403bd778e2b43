import type { Row } from './lexer.ts';

/**
 * Documentation and metadata values as Robot 6.1+ builds them: cells on one
 * line joined with a space, `...` continuation lines with a newline (an empty
 * `...` line is an empty line), except after a line ending in a literal `\n`
 * or in an escaping backslash, which is dropped. Robot's atest reads each
 * test's expected failure from this text, so its line breaks matter.
 */
export function joinDocumentation(values: readonly string[], breaks: readonly number[] = []): string {
  const lines: string[][] = [];
  let start = 0;
  for (const at of [...breaks, values.length]) {
    lines.push(values.slice(start, at));
    start = at;
  }
  // The setting's own line without a value adds no line of its own.
  if (lines.length > 1 && lines[0].length === 0) lines.shift();
  let text = '';
  for (const cells of lines) {
    const line = cells.map(removeTrailingBackslash).join(' ');
    text += line;
    const last = cells[cells.length - 1] ?? '';
    if (!/(?<!\\)(?:\\\\)*\\n?$/.test(last)) text += '\n';
  }
  return text.trimEnd();
}

function removeTrailingBackslash(value: string): string {
  return /(?<!\\)(?:\\\\)*\\$/.test(value) ? value.slice(0, -1) : value;
}

/** `row` without its first `count` cells, its continuation breaks moved with them. */
export function dropCells(row: Row, count: number): Row {
  const out: Row = { cells: row.cells.slice(count), line: row.line };
  if (row.breaks) out.breaks = row.breaks.map((b) => Math.max(0, b - count));
  return out;
}
