import { RobotError } from './robot-error.ts';
import { str } from './values.ts';

/** Python's re.search with a few inline flags translated. */
export function pythonRegex(pattern: string, flags: unknown = undefined): RegExp {
  let p = pattern;
  let f = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    if (inline[1].includes('i')) f += 'i';
    if (inline[1].includes('m')) f += 'm';
    if (inline[1].includes('s')) f += 's';
  }
  const given = flags === undefined || flags === null ? '' : str(flags).toUpperCase();
  if (given.includes('IGNORECASE') && !f.includes('i')) f += 'i';
  if (given.includes('MULTILINE') && !f.includes('m')) f += 'm';
  if (given.includes('DOTALL') && !f.includes('s')) f += 's';
  p = p.replace(/\\A/g, '^').replace(/\\Z/g, '$').replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(p, f);
  } catch (error) {
    throw new RobotError(`Invalid regular expression '${pattern}': ${(error as Error).message}`);
  }
}

/** Python's re.fullmatch with DOTALL, as EXCEPT type=REGEXP and Run Keyword And Expect Error match messages (inline flags such as (?i) honoured). */
export function pythonFullMatch(pattern: string): RegExp {
  const re = pythonRegex(pattern);
  return new RegExp(`^(?:${re.source})$`, re.flags.includes('s') ? re.flags : `${re.flags}s`);
}
