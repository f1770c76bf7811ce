import { env } from '$env/dynamic/private';
import type { ApiErrorBody, ApiErrorDetail } from '../api-types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Which request fields were wrong (`body.buyer.email`), as the API names them. */
    readonly details: ApiErrorDetail[] = [],
    /** Seconds to wait before trying again, when the API said (`Retry-After`). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Thrown when the API cannot be reached at all (down, wrong API_URL). */
export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
}

type Query = Record<string, string | number | undefined>;

export interface ApiRequest {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** A signed-in customer's session token (`apc_…`), sent as a bearer token. */
  customerToken?: string | undefined;
  /**
   * The visitor's own address. Sign-in links, waitlists, orders and quotes are limited per client address;
   * without it every visitor of every storefront would share this server's. The API believes
   * it only when TRUST_PROXY names the storefront.
   */
  clientAddress?: string | undefined;
  /**
   * Makes a write safe to send twice: the API runs it once and answers a repeat with the first
   * answer (`Idempotency-Key`).
   */
  idempotencyKey?: string | undefined;
}

function apiUrl(path: string, query: Query = {}): URL {
  const url = new URL(path, env.API_URL || 'http://127.0.0.1:3000');
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

/** The raw answer of the API; only an unreachable API throws. */
export async function apiFetch(
  fetch: typeof globalThis.fetch,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  { query, body, customerToken, clientAddress, idempotencyKey }: ApiRequest = {},
  accept = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (customerToken) headers.authorization = `Bearer ${customerToken}`;
  if (clientAddress) headers['x-forwarded-for'] = clientAddress;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  try {
    return await fetch(apiUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (cause) {
    throw new ApiUnavailableError(`The API at ${apiUrl('/').origin} cannot be reached.`, { cause });
  }
}

/** The API's error shape as an ApiError with its code, message and field details. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return new ApiError(
    response.status,
    body?.error?.code ?? 'unknown',
    body?.error?.message ?? `The API answered ${response.status}.`,
    Array.isArray(body?.error?.details) ? body.error.details : [],
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
  );
}

/**
 * Calls the public API; answers other than 2xx become an ApiError with the API's code and
 * message. A 204 resolves to undefined.
 */
export async function apiRequest<T>(
  fetch: typeof globalThis.fetch,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  request: ApiRequest = {},
): Promise<T> {
  const response = await apiFetch(fetch, method, path, request);
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** GET a public API resource. */
export function apiGet<T>(fetch: typeof globalThis.fetch, path: string, query?: Query): Promise<T> {
  return apiRequest<T>(fetch, 'GET', path, query ? { query } : {});
}

/** POST to the public API. */
export function apiPost<T>(fetch: typeof globalThis.fetch, path: string, request: ApiRequest = {}): Promise<T> {
  return apiRequest<T>(fetch, 'POST', path, request);
}

/** A path of one organizer's public API: `/v1/public/organizers/{slug}/…`. */
export function organizerPath(slug: string, path: string): string {
  return `/v1/public/organizers/${encodeURIComponent(slug)}${path}`;
}
