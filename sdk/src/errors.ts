import { retryAfterMs } from './retry.js';
import type { components } from './schema.js';

export type ErrorResponse = components['schemas']['Error'];
export type ErrorDetail = ErrorResponse['error']['details'][number];

/** What openapi-fetch resolves to: `data` on success, `error` (the parsed body) otherwise. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** An API answer that was not a success, with the fields of the API's one error shape. */
export class AccessPlusError extends Error {
  override readonly name = 'AccessPlusError';
  /** HTTP status, e.g. 404. */
  readonly status: number;
  /** Stable, machine-readable code such as `event_not_found`; `unexpected_response` when the body was not the API's. */
  readonly code: string;
  /** Field-level problems, e.g. `{ field: 'body.tiers.0.price_cents', message: '…' }`. */
  readonly details: ErrorDetail[];
  /** Quote it to support. */
  readonly requestId: string | undefined;
  /**
   * How long the API asked to wait before trying again (`Retry-After`, on a 429 or while the first request of an
   * Idempotency-Key still runs), in milliseconds; null when it did not say.
   */
  readonly retryAfterMs: number | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
    requestId?: string;
    retryAfterMs?: number | null;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  static fromResponse(response: Response, body: unknown): AccessPlusError {
    const requestIdHeader = response.headers.get('x-request-id') ?? undefined;
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    if (isErrorResponse(body)) {
      const { code, message, details, request_id } = body.error;
      return new AccessPlusError({
        status: response.status,
        code,
        message,
        details: Array.isArray(details) ? details : [],
        requestId: request_id ?? requestIdHeader,
        retryAfterMs: retryAfter,
      });
    }
    // A proxy or load balancer in front of the API may answer in its own format (HTML 502s and the like).
    return new AccessPlusError({
      status: response.status,
      code: 'unexpected_response',
      message: `The API answered ${response.status} ${response.statusText} without an Access Plus error body.`,
      requestId: requestIdHeader,
      retryAfterMs: retryAfter,
    });
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

/**
 * The data of a successful call, or an AccessPlusError for any other status.
 * Calls answered with 204 No Content unwrap to `undefined`.
 */
export function unwrap<T>(result: ApiResult<T>): T {
  if (!result.response.ok) throw AccessPlusError.fromResponse(result.response, result.error);
  return result.data as T;
}
