import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerVerdictQuery, type VerdictQuery, type VerdictSource } from '../gate/verdict-query.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { printable } from './printable.ts';
import { UsageError } from './usage-error.ts';
import { openVerdictSource, type VerdictSourceOptions } from './verdict.ts';

export interface VerdictServerOptions {
  source: VerdictSource;
  /** The bearer token every request must carry; none means no check (loopback only, see serveCommand). */
  token?: string;
  /** Gets each line with what came from the request escaped (see printable). */
  log?: (line: string) => void;
}

const MAX_BODY = 64 * 1024;
/** A body past MAX_BODY is read on and dropped up to here, so the client gets its 413 rather than a reset; past it, the connection is cut. */
const MAX_DRAIN = 16 * MAX_BODY;
/** For a server that answers beyond this machine: a token this short can be guessed (NIST SP 800-63B asks secrets of 112 bits). */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The verdict over HTTP, for CD systems that ask before they deploy:
 *   GET  /verdict?gate=G&subject=S[&env=E]      Argo Rollouts' web provider, curl
 *   POST /verdict {metadata: {gate, subject}}   Flagger webhooks (name, namespace, phase are logged)
 *   POST /verdict {gate, subject}               Argo Rollouts' web provider with a body
 * 200 with the answer as JSON when that version passed that gate, 412 when
 * it did not or never ran, 400 on a malformed question, 401 without the token,
 * 413 for a body over 64 KiB.
 * GET /attestation?gate=G&subject=S[&env=E] answers the deciding run's
 * signed verdict (its DSSE envelope, 200), or 404 when that run was not
 * signed or there is none: a policy engine verifies it itself.
 * GET /healthz answers 200 without a token and says nothing about verdicts.
 */
export function createVerdictServer(options: VerdictServerOptions): http.Server {
  // Every line holds request values (the path, gate, subject, Flagger's name): escaped here, once for all of them.
  const log = options.log ? (line: string) => options.log!(printable(line)) : () => {};
  const expected = options.token ? digest(options.token) : null;
  return http.createServer((request, response) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
      response.end(JSON.stringify(body) + '\n');
    };
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return send(200, { ok: true });
    const attestation = url.pathname === '/attestation';
    if (url.pathname !== '/verdict' && url.pathname !== '/' && !attestation) return send(404, { error: `no such endpoint ${url.pathname}: ask GET /verdict?gate=G&subject=S, POST /verdict or GET /attestation?gate=G&subject=S` });
    if (attestation && request.method !== 'GET') return send(405, { error: 'use GET' }, { allow: 'GET' });
    if (request.method !== 'GET' && request.method !== 'POST') return send(405, { error: 'use GET or POST' }, { allow: 'GET, POST' });
    if (expected && !authorized(request.headers.authorization, expected)) {
      log(`401 ${request.method} ${url.pathname} from ${request.socket.remoteAddress}: missing or wrong bearer token`);
      return send(401, { error: 'missing or wrong bearer token: send "Authorization: Bearer <token>"' }, { 'www-authenticate': 'Bearer realm="tollgate"' });
    }
    readBody(request)
      .then(async (body) => {
        const parsed = parseQuestion(url, body, request.method!);
        if ('error' in parsed) return send(400, { error: parsed.error });
        const answer = await answerVerdictQuery(options.source, parsed.query);
        if (attestation) {
          const envelope = answer.runId ? await options.source.attestation?.(answer.runId) : null;
          log(`${envelope ? 200 : 404} attestation gate=${parsed.query.gate} subject=${parsed.query.subject}: ${answer.runId ?? 'no run'}`);
          if (!envelope) return send(404, { error: answer.runId ? `run ${answer.runId}, which decides, has no signed verdict (it ran without TOLLGATE_SIGNING_KEY or --subject)` : answer.message });
          response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
          return response.end(envelope);
        }
        log(`${answer.passed ? 200 : 412} ${parsed.caller}gate=${parsed.query.gate} subject=${parsed.query.subject}: ${answer.status}`);
        send(answer.passed ? 200 : 412, answer);
      })
      .catch((error: Error) => {
        // A lookup that fails is never a pass: 500 is not 2xx, so Flagger and Argo both halt.
        const status = error instanceof BodyTooLarge ? 413 : 500;
        log(`${status} ${request.method} ${url.pathname}: ${error.message}`);
        send(status, { error: error.message });
      });
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compared as hashes in constant time, so neither the token nor its length leaks through timing. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return Boolean(match) && timingSafeEqual(digest(match![1]!.trim()), expected);
}

class BodyTooLarge extends Error {
  constructor() {
    super(`the request body is larger than ${MAX_BODY} bytes (64 KiB): a question is {"gate": "G", "subject": "S"}`);
  }
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    // Refused at once when the client announces it; the body is still read and dropped (below).
    if (Number(request.headers['content-length']) > MAX_BODY) reject(new BodyTooLarge());
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      chunks.length = 0;
      reject(new BodyTooLarge());
      // Closing now would reset the connection under a client still sending, which then never sees the 413.
      if (size > MAX_DRAIN) request.destroy();
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

type Question = { query: VerdictQuery; caller: string } | { error: string };

/** The query string wins over the body; in a body, Flagger's metadata wins over top-level fields. */
function parseQuestion(url: URL, body: string, method: string): Question {
  let json: Record<string, unknown> = {};
  if (method === 'POST' && body.trim()) {
    try {
      json = JSON.parse(body);
    } catch {
      return { error: 'the request body is not JSON: send {"metadata": {"gate": "...", "subject": "..."}} (Flagger) or {"gate": "...", "subject": "..."}' };
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return { error: 'the request body must be a JSON object' };
  }
  const metadata = json.metadata && typeof json.metadata === 'object' ? (json.metadata as Record<string, unknown>) : {};
  const field = (name: string, ...aliases: string[]): string | undefined => {
    for (const key of [name, ...aliases]) {
      const value = url.searchParams.get(key) ?? metadata[key] ?? json[key];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
    return undefined;
  };
  const gate = field('gate');
  const subject = field('subject');
  const missing = [gate ? '' : 'gate', subject ? '' : 'subject'].filter(Boolean);
  if (missing.length) return { error: `missing ${missing.join(' and ')}: ask /verdict?gate=G&subject=S, or POST {"metadata": {"gate": "G", "subject": "S"}}` };
  const environment = field('env', 'environment');
  const caller = typeof json.name === 'string' ? `${json.namespace ?? ''}/${json.name} ${json.phase ?? ''} `.replace(/^\//, '') : '';
  return { query: { gate: gate!, subject: subject!, ...(environment ? { environment } : {}) }, caller };
}

export interface ServeCliOptions extends VerdictSourceOptions {
  port?: string;
  host?: string;
  tokenEnv?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** `tollgate serve`: runs until SIGINT or SIGTERM. */
export async function serveCommand(options: ServeCliOptions): Promise<number> {
  const port = Number(options.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number (0-65535), not "${options.port}"`);
  const host = options.host ?? '127.0.0.1';
  let token: string | undefined;
  if (options.tokenEnv) {
    token = process.env[options.tokenEnv];
    if (!token) throw new UsageError(`--token-env ${options.tokenEnv}: the environment variable ${options.tokenEnv} is empty or not set; set it to the token clients send as "Authorization: Bearer <token>"`);
  } else if (!LOOPBACK.has(host)) {
    throw new UsageError(`--host ${host} would answer beyond this machine without a token: add --token-env NAME (NAME holds the bearer token), or serve on 127.0.0.1`);
  }
  if (token && !LOOPBACK.has(host) && token.length < MIN_TOKEN_LENGTH) {
    throw new UsageError(
      `--host ${host} answers beyond this machine, and the token in ${options.tokenEnv} has ${token.length} character(s): it needs at least ${MIN_TOKEN_LENGTH}; make one with "openssl rand -hex 32"`,
    );
  }
  const source = await openVerdictSource(options);
  const server = createVerdictServer({ source, token, log: (line) => process.stderr.write(`tollgate serve: ${line}\n`) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`--port ${port}: the port is in use on ${host}; choose another --port (0 picks a free one)`) : error),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`tollgate serve: answering on http://${shown}:${address.port}/verdict?gate=G&subject=S from ${source.location}${token ? ' (bearer token required)' : ' (no token: loopback only)'}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await source.close?.();
  return ExitCode.Pass;
}
