/**
 * The recent stderr of a foreign suite's process, for the error that reports
 * its failure: reporters show errors, while the full output only goes to the
 * suite log. tap lets every test file write to one shared stderr, so for a
 * crashed file this picks out the paragraphs that name it.
 */

/** Enough for several stack traces; older output only stays in the suite log. */
const KEEP_CHARS = 256 * 1024;
const MAX_LINES = 15;

export class StderrTail {
  private text = '';

  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > KEEP_CHARS) this.text = this.text.slice(-KEEP_CHARS);
  }

  /** The paragraphs that mention one of `names` (a path as tap or node print it), without stack frames. */
  excerptFor(names: readonly string[]): string | undefined {
    const paragraphs = this.text.split(/\n\s*\n/).filter((p) => names.some((n) => n && p.includes(n)));
    if (paragraphs.length === 0) return undefined;
    const lines = paragraphs.join('\n').split('\n').filter(isWorthShowing);
    const kept = lines.slice(0, MAX_LINES);
    if (lines.length > kept.length) kept.push(`… ${lines.length - kept.length} more lines in the suite log`);
    return kept.join('\n');
  }

  /** The last lines, without stack frames; undefined when nothing was written. */
  last(): string | undefined {
    const lines = this.text.split('\n').filter(isWorthShowing);
    if (lines.length === 0) return undefined;
    const kept = lines.slice(-MAX_LINES);
    if (lines.length > kept.length) kept.unshift(`… ${lines.length - kept.length} earlier lines in the suite log`);
    return kept.join('\n');
  }
}

/** Stack frames and node's own re-throw preamble say nothing about the test. */
function isWorthShowing(line: string): boolean {
  return line.trim() !== '' && !/^\s+at /.test(line) && !/^node:internal\//.test(line) && !/^\s+(triggerUncaughtException\(|\^)\s*$/.test(line);
}
