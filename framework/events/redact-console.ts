import { StringDecoder } from 'node:string_decoder';
import type { Redactor } from './redactor.ts';
import { StreamRedactor } from './stream-redactor.ts';

type Write = typeof process.stdout.write;

/**
 * Redacts what this process writes to its stdout and stderr until the
 * returned function is called (issue 13, item 6). Events are redacted on
 * the bus, but user code that runs in the tollgate process writes to the
 * console directly: a Robot library's console.log, Robot's Log To Console,
 * a run-scoped fixture, an environment's teardown. A CI log is an output
 * like any other. Each stream is joined across writes (StreamRedactor), so
 * a secret printed in pieces is caught too; what is held back when the
 * process exits is written then.
 */
export function redactConsole(redactor: Redactor): () => void {
  if (!redactor.active) return () => {};
  const restores = [process.stdout, process.stderr].map((stream) => {
    const write: Write = stream.write;
    const joined = new StreamRedactor(redactor);
    const decoder = new StringDecoder('utf8');
    stream.write = function (this: NodeJS.WriteStream, chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean {
      const done = typeof encoding === 'function' ? encoding : callback;
      const text = typeof chunk === 'string' && (typeof encoding !== 'string' || /^utf-?8$/i.test(encoding))
        ? chunk
        : decoder.write(typeof chunk === 'string' ? Buffer.from(chunk, encoding as BufferEncoding) : Buffer.from(chunk));
      return write.call(stream, joined.write(text), 'utf8', done as (error?: Error | null) => void);
    } as Write;
    const flush = () => {
      const rest = joined.write(decoder.end()) + joined.end();
      if (rest) write.call(stream, rest);
    };
    process.on('exit', flush);
    return () => {
      process.off('exit', flush);
      flush();
      stream.write = write;
    };
  });
  return () => {
    for (const restore of restores) restore();
  };
}
