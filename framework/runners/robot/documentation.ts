import type { CellSpan, Row } from './lexer.ts';

/**
 * Documentation and metadata values as Robot 6.1+ builds them
 * (robot/parsing/model/statements.py, DocumentationOrMetadata): the spacing
 * between cells on one line kept as written (single spaces where columns
 * are unknown), `...` continuation lines joined with a newline (an empty
 * `...` line is an empty line), except after a line ending in a literal
 * `\n` or in an escaping backslash, which is dropped; a continuation line
 * indented further than the first keeps the extra spaces. Robot's atest
 * reads each test's expected failure from this text, so its line breaks matter.
 */
export function joinDocumentation(values: readonly string[], breaks: readonly number[] = [], spans?: readonly CellSpan[]): string {
  const known = spans !== undefined && spans.length === values.length;
  const lines: Token[][] = [];
  let start = 0;
  for (const at of [...breaks, values.length]) {
    lines.push(values.slice(start, at).map((value, i) => ({ value, ...(known ? spans[start + i]! : { col: -1, end: -1 }) })));
    start = at;
  }
  // The setting's own line without a value adds no line of its own.
  if (lines.length > 1 && lines[0]!.length === 0) lines.shift();
  let text = '';
  let base = -1;
  for (const tokens of lines) {
    let offset = base;
    tokens.forEach((token, index) => {
      if (token.col > offset && offset > 0) text += ' '.repeat(token.col - offset);
      else if (index > 0) text += ' ';
      text += removeTrailingBackslash(token.value);
      offset = token.end;
    });
    if (!/(?<!\\)(?:\\\\)*\\n?$/.test(tokens.at(-1)?.value ?? '')) text += '\n';
    const first = tokens[0];
    if (first && (base < 0 || (first.col > 0 && first.col < base && first.value !== ''))) base = first.col;
  }
  return text.trimEnd();
}

interface Token extends CellSpan {
  value: string;
}

function removeTrailingBackslash(value: string): string {
  return /(?<!\\)(?:\\\\)*\\$/.test(value) ? value.slice(0, -1) : value;
}

/** `row` without its first `count` cells, its continuation breaks and cell positions moved with them. */
export function dropCells(row: Row, count: number): Row {
  const out: Row = { cells: row.cells.slice(count), line: row.line };
  if (row.breaks) out.breaks = row.breaks.map((b) => Math.max(0, b - count));
  if (row.spans) out.spans = row.spans.slice(count);
  return out;
}
