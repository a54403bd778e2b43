/**
 * Plain text cut into lines of at most `width` columns at spaces (a word
 * longer than the width keeps its own line), so long rule messages read on
 * a terminal and in an 80-column log (issue 16). Colour is added after.
 */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(20, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > max) lines.push(line), (line = word);
      else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}
