/**
 * Typed application errors. Each carries a stable machine-readable `code` and the
 * HTTP status a route should answer with, so routes never guess.
 */
import { InvalidArxivIdError } from './ids.ts';

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', details?: Record<string, unknown>) {
    super('not_found', message, 404, details);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid_input', message, 400, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden') {
    super('forbidden', message, 403);
  }
}

/** The request needs a signed-in user. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Please sign in first.') {
    super('unauthorized', message, 401);
  }
}

/** Too many requests: `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message, 429, { retryAfterSeconds });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, 409, details);
  }
}

/** Raised by ingest parsers: names the source (file or URL) and where in it the problem is. */
export class IngestError extends AppError {
  constructor(
    message: string,
    readonly source: string,
    readonly location?: string,
  ) {
    super('ingest_error', `${source}${location ? ` (${location})` : ''}: ${message}`, 422);
  }
}

/**
 * What a client is told about an error (HTTP API and MCP tools alike): typed errors keep
 * their status, code and message; anything else is a 500 that shows nothing internal.
 */
export function publicError(err: unknown): { status: number; code: string; message: string } {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof InvalidArxivIdError) return { status: 400, code: err.code, message: err.message };
  const e = err as { statusCode?: number; code?: string; message?: string } | null;
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return { status: e.statusCode, code: e.code ?? 'bad_request', message: String(e.message) };
  return {
    status: 500,
    code: 'internal_error',
    message: 'Something went wrong on our side. It has been logged.',
  };
}
