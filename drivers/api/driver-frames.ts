/**
 * Failures the driver raises should point at the test line that called it,
 * not at the driver: the framework reports the first stack frame outside
 * framework/, and for a waitFor timeout (an error born in a timer) there is
 * no test frame at all. So errors get their stack from the call site, with
 * this folder's frames removed.
 */
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DRIVER_DIR = dirname(fileURLToPath(import.meta.url)) + sep;
const DRIVER_URL = pathToFileURL(DRIVER_DIR).href;

function isDriverFrame(line: string): boolean {
  return line.includes(DRIVER_DIR) || line.includes(DRIVER_URL);
}

/** A stack to give errors later: where a public driver method was called. */
export function callSite(): Error {
  return new Error('call site');
}

/**
 * Gives `error` the frames of `origin` (or its own) without the driver's,
 * keeping its name and message. Returns the same error.
 */
export function pointAtCaller<E extends Error>(error: E, origin?: Error): E {
  const source = origin?.stack ?? error.stack;
  if (!source) return error;
  const frames = source.split('\n').filter((line) => /^\s+at /.test(line) && !isDriverFrame(line));
  error.stack = `${error.name}: ${error.message}${frames.length ? `\n${frames.join('\n')}` : ''}`;
  return error;
}
