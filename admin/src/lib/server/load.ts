import { error, redirect } from '@sveltejs/kit';
import type { ApiFailure } from '../api-errors';
import type { ApiResult } from './api';
import { signInPath } from './auth';

/**
 * The data of an API call a page cannot do without. A lapsed session goes back to sign-in; any
 * other failure becomes the error page with the API's own sentence (403: what the role may not do).
 */
export function required<T>(result: ApiResult<T>, url: URL): T {
  if (result.ok) return result.data;
  throwFailure(result.failure, url);
}

export function throwFailure(failure: ApiFailure, url: URL): never {
  if (failure.status === 401) redirect(303, signInPath(url));
  error(failure.status >= 500 ? 503 : failure.status, failure.message);
}
