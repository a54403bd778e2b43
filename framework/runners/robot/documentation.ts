import type { CellSpan, Row } from './lexer.ts';

/**
 * The text of a Documentation setting (or a Metadata value) as Robot 6.1
 * and later make it (robot/parsing/model/statements.py,
 * DocumentationOrMetadata): the spacing between cells on a row is kept as
 * written, rows are joined with newlines (not after a row ending in `\n`
 * or a single `\`, which is dropped), a continuation row indented further
 * than the first keeps the extra spaces, and trailing whitespace goes.
 * Escapes stay: `\n` becomes a newline when the value is resolved.
 */
export function documentationValue(values: readonly string[], row?: Pick<Row, 'spans' | 'blank'>): string {
  if (values.length === 0) return '';
  const spans = row?.spans?.slice(-values.length);
  if (!spans || spans.length !== values.length) return values.join(' ');
  const tokens: (CellSpan & { value: string })[] = values.map((value, i) => ({ value, ...spans[i]! }));
  // An empty `...` row is an empty line of the documentation.
  for (const line of row?.blank ?? []) if (line > tokens[0]!.line) tokens.push({ value: '', line, col: -1, end: -1 });
  tokens.sort((a, b) => a.line - b.line);
  const lines: (typeof tokens)[] = [];
  for (const token of tokens) {
    if (lines.at(-1)?.[0]!.line === token.line) lines.at(-1)!.push(token);
    else lines.push([token]);
  }
  let text = '';
  let base = -1;
  for (const line of lines) {
    let offset = base;
    line.forEach((token, index) => {
      if (token.col > offset && offset > 0) text += ' '.repeat(token.col - offset);
      else if (index > 0) text += ' ';
      text += withoutTrailingBackslash(token.value);
      offset = token.end;
    });
    if (!endsWithBackslashOrNewline(line.at(-1)!.value)) text += '\n';
    const first = line[0]!;
    if (base < 0 || (first.col > 0 && first.col < base && first.value !== '')) base = first.col;
  }
  return text.trimEnd();
}

/** An odd number of backslashes at the end: the last one escapes the row's newline. */
function withoutTrailingBackslash(value: string): string {
  const match = /(\\+)$/.exec(value);
  return match && match[1]!.length % 2 === 1 ? value.slice(0, -1) : value;
}

function endsWithBackslashOrNewline(value: string): boolean {
  const match = /(\\+)n?$/.exec(value);
  return !!match && match[1]!.length % 2 === 1;
}
