import { env } from '$env/dynamic/private';
import { API_UNREACHABLE, type ApiFailure, apiFailure } from '../api-errors';

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; failure: ApiFailure };

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A file sent as the raw request body instead of JSON (an image upload). */
  file?: { bytes: ArrayBuffer; contentType: string };
  /** The organizer's session token, sent as a bearer token. */
  token?: string | null | undefined;
  query?: Record<string, string | number | undefined>;
  /**
   * The organizer's own address. Sign-in attempts are limited per client address; without it
   * every organizer would share the admin server's. The API uses it only with TRUST_PROXY=true.
   */
  clientAddress?: string;
}

/** Calls the Access Plus API; never throws, so every form can show what went wrong. */
export async function callApi<T>(
  fetch: typeof globalThis.fetch,
  path: string,
  { method = 'GET', body, file, token, query = {}, clientAddress }: ApiRequest = {},
): Promise<ApiResult<T>> {
  const url = new URL(path, env.API_URL || 'http://127.0.0.1:3000');
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (file) headers['content-type'] = file.contentType;
  if (token) headers.authorization = `Bearer ${token}`;
  if (clientAddress) headers['x-forwarded-for'] = clientAddress;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: file ? file.bytes : body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    console.error(`The API at ${url.origin} cannot be reached.`, cause);
    return { ok: false, failure: API_UNREACHABLE };
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };
  return { ok: false, failure: apiFailure(response.status, parsed) };
}
