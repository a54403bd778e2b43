/** Small helpers for reading and answering plain node:http requests. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PodError } from './pod-error.ts';

const BODY_LIMIT = 1024 * 1024;

/** Reads a JSON request body; a 400 PodError when it is too big, not JSON, or not sent as JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/merge-patch+json') {
    throw new PodError(
      'bad_request',
      `Expected a JSON body with Content-Type: application/json, got ${type ? `"${type}"` : 'no Content-Type'}.`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new PodError('bad_request', `The request body is over the limit of ${BODY_LIMIT} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new PodError('bad_request', 'The request body is empty; expected a JSON object.');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PodError('bad_request', `The request body is not valid JSON: ${(error as Error).message}.`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

export function sendError(res: ServerResponse, error: PodError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, error.toBody(), headers);
}
