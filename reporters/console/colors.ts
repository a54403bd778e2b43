/**
 * ANSI colours, on only where a person reads a terminal. NO_COLOR (any
 * non-empty value, https://no-color.org) turns them off; FORCE_COLOR turns
 * them on even off a terminal, except FORCE_COLOR=0 or false.
 */
export interface Colors {
  enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function colorsEnabled(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function createColors(enabled: boolean): Colors {
  if (!enabled) return { enabled, red: plain, green: plain, yellow: plain, cyan: plain, dim: plain, bold: plain };
  return { enabled, red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

export const noColors: Colors = createColors(false);
