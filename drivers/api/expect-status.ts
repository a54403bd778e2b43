/**
 * A status check that shows the answer: `expect(res.status).toBe(201)` only
 * says "received 422", while the body says why.
 */
import { describeExchange, type ApiResponse } from './api-response.ts';
import { pointAtCaller } from './driver-frames.ts';
import { truncate } from './redact.ts';

const BODY_PREVIEW = 1000;

/**
 * Throws unless the response's status is one of `expected`.
 *
 * @example
 *   expectStatus(await api.post('/slices', { body }), 201);
 */
export function expectStatus(response: ApiResponse, ...expected: number[]): void {
  if (expected.length === 0) throw new TypeError('expectStatus() needs at least one expected status');
  if (expected.includes(response.status)) return;
  const wanted = expected.length === 1 ? String(expected[0]) : `one of ${expected.join(', ')}`;
  const body = response.text ? `\n  body: ${truncate(response.text.trim(), BODY_PREVIEW)}` : ' (empty body)';
  throw pointAtCaller(new Error(`expected status ${wanted}, got ${response.status} in ${describeExchange(response)}${body}`));
}
