/**
 * Splits Robot Framework's plain-text format into logical rows of cells
 * (issue 8, item 1): space-separated (two or more spaces, or a tab) and
 * pipe-separated rows, comments, and `...` continuation rows joined to the
 * row they continue. Cells keep their escapes: a `\${x}` must stay literal
 * until variables are replaced, so unescaping happens there, not here.
 */

export interface Row {
  /** Cells; an indented row starts with ''. */
  cells: string[];
  line: number;
  /** Where `...` continuation lines start, as indexes into `cells`: documentation keeps them as line breaks. */
  breaks?: number[];
  /** Where each cell stands on its line (parallel to cells): documentation keeps the spacing between cells as Robot does. */
  spans?: CellSpan[];
}

export interface CellSpan {
  /** Columns of the cell's first character and after its last; -1 for the indentation marker. */
  col: number;
  end: number;
}

export interface Section {
  header: string;
  line: number;
  rows: Row[];
}

const SEPARATOR = /(?: {2,}|\t| ?\t ?)+/;

/** Cells of one physical line, without comments; leading '' when the line is indented. */
export function splitLine(line: string): string[] {
  return splitLineWithSpans(line).cells;
}

/** A cell of the space-separated format: single spaces inside it, two or more spaces or a tab around it. */
const CELL = /[^ \t](?:[^ \t]| (?=[^ \t]))*/g;

function splitLineWithSpans(line: string): { cells: string[]; spans: CellSpan[] } {
  const cells = splitCells(line);
  const text = line.replace(/\r$/, '');
  const spans: CellSpan[] = [];
  if (!/^\|( |$)/.test(text)) {
    if (cells[0] === '') spans.push({ col: -1, end: -1 });
    for (const match of text.matchAll(CELL)) spans.push({ col: match.index, end: match.index + match[0].length });
  }
  // The pipe format has no columns to keep: its cells are one space apart.
  if (spans.length < cells.length) {
    spans.length = 0;
    let col = 1;
    for (const cell of cells) {
      spans.push({ col, end: col + cell.length });
      col += cell.length + 1;
    }
  }
  return { cells, spans: spans.slice(0, cells.length) };
}

function splitCells(line: string): string[] {
  const text = line.replace(/\r$/, '');
  let cells: string[];
  if (/^\|( |$)/.test(text)) {
    const body = ` ${text.slice(1).replace(/\s\|\s*$/, ' ')}`;
    cells = body.split(/ \| /).map((c) => c.trim());
    if (cells[0] === '' && cells.length > 1 && !/^\s*\|/.test(text.slice(1))) cells.shift();
    // The pipe format shows indentation as empty leading cells; keep one marker.
    if (cells.length > 0 && cells[0] === '') {
      while (cells.length > 1 && cells[1] === '') cells.shift();
    }
  } else {
    if (text.trim() === '') return [];
    const indented = /^(?: |\t)/.test(text);
    cells = text.trim().split(SEPARATOR);
    if (indented) cells.unshift('');
  }
  return dropComment(cells);
}

/** A cell starting with an unescaped '#' starts a comment to the end of the row. */
function dropComment(cells: string[]): string[] {
  const at = cells.findIndex((c, i) => c.startsWith('#') && !(i === 0 && c === ''));
  const kept = at < 0 ? cells : cells.slice(0, at);
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return kept;
}

const HEADER = /^\*+\s*([^*]+?)\s*\**$/;

/**
 * Sections with their logical rows. Text before the first section is
 * ignored, as Robot ignores it. Continuation rows (`...` as the first data
 * cell) are appended to the row before.
 */
export function lex(text: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.startsWith('*') || /^\|\s*\*/.test(raw)) {
      const first = raw.startsWith('|') ? splitLine(raw)[0] ?? '' : raw.split(/ {2,}|\t|\s\|/)[0].trim();
      const match = HEADER.exec(first);
      if (match) {
        current = { header: match[1], line: i + 1, rows: [] };
        sections.push(current);
        continue;
      }
    }
    if (!current) continue;
    // Comments sections hold free text; nothing in them is data.
    if (/^comments?$/i.test(current.header)) continue;
    const { cells, spans } = splitLineWithSpans(raw);
    if (cells.length === 0 || (cells.length === 1 && cells[0] === '')) continue;
    const first = cells.findIndex((c) => c !== '');
    if (first >= 0 && cells[first] === '...' && current.rows.length > 0) {
      const previous = current.rows[current.rows.length - 1];
      (previous.breaks ??= []).push(previous.cells.length);
      previous.cells.push(...cells.slice(first + 1));
      previous.spans?.push(...spans.slice(first + 1));
      continue;
    }
    current.rows.push({ cells, line: i + 1, spans });
  }
  return sections;
}
