/** The optional API token: when the POD has one, writes must carry `Authorization: Bearer <token>`. */
import { timingSafeEqual } from 'node:crypto';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function needsToken(method: string): boolean {
  return WRITE_METHODS.has(method);
}

/** True when the header carries exactly `token`; compared in constant time. */
export function hasBearer(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
