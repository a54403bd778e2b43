/**
 * The one error type the POD's logic throws. The router turns it into an HTTP
 * answer whose body follows the published `error` schema.
 */
import type { Problem } from './validation.ts';

export type PodErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'internal';

const STATUS: Record<PodErrorCode, number> = {
  bad_request: 400,
  validation: 422,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  internal: 500,
};

export interface ErrorBody {
  error: PodErrorCode;
  message: string;
  details?: Problem[];
}

export class PodError extends Error {
  readonly code: PodErrorCode;
  readonly details: Problem[] | undefined;

  constructor(code: PodErrorCode, message: string, details?: Problem[]) {
    super(message);
    this.name = 'PodError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toBody(): ErrorBody {
    return this.details ? { error: this.code, message: this.message, details: this.details } : { error: this.code, message: this.message };
  }
}

/** A 422 for one or more problems in a request body. */
export function validationError(details: Problem[]): PodError {
  const noun = details.length === 1 ? 'problem' : 'problems';
  return new PodError('validation', `The request body has ${details.length} ${noun}.`, details);
}
