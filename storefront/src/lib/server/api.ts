import { env } from '$env/dynamic/private';
import type { ApiErrorBody } from '../api-types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Thrown when the API cannot be reached at all (down, wrong API_URL). */
export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
}

function apiUrl(path: string, query: Record<string, string | number | undefined> = {}): URL {
  const url = new URL(path, env.API_URL || 'http://127.0.0.1:3000');
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

/** GET a public API resource; answers other than 2xx become an ApiError with the API's code and message. */
export async function apiGet<T>(
  fetch: typeof globalThis.fetch,
  path: string,
  query?: Record<string, string | number | undefined>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (cause) {
    throw new ApiUnavailableError(`The API at ${apiUrl('/').origin} cannot be reached.`, { cause });
  }
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  throw new ApiError(
    response.status,
    body?.error?.code ?? 'unknown',
    body?.error?.message ?? `The API answered ${response.status}.`,
  );
}
