import { type AccessPlusClient, createAccessPlusClient } from '@accessplus/sdk';
import { getRequestEvent } from '$app/server';
import { env } from '$env/dynamic/private';
import { type ApiFailure, apiFailure, apiUnreachable } from '../api-errors';
import { type Messages, messagesFor } from '../messages';
import { requireSession } from './auth';

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; failure: ApiFailure };

/** A page waits at most this long for one call; then the form says the API cannot be reached. */
const TIMEOUT_MS = 15_000;

export interface AdminApiOptions {
  /** The organizer's session token, sent as a bearer token. */
  token?: string;
  /**
   * The organizer's own address. Sign-in attempts are limited per client address; without it
   * every organizer would share the admin server's. The API uses it only with TRUST_PROXY=true.
   */
  clientAddress?: string;
  /**
   * A file passed on as it arrives: the time limit covers the wait for the answer, not its body,
   * which takes as long as the reader's connection does.
   */
  streaming?: boolean;
}

function apiBaseUrl(): string {
  return env.API_URL || 'http://127.0.0.1:3000';
}

/**
 * The Access Plus API for one request of the admin, through SvelteKit's `fetch`. Its calls are
 * typed from the OpenAPI document: `await apiResult(api.GET('/v1/events/{event_id}', …))`.
 */
export function adminApi(
  fetch: typeof globalThis.fetch,
  { token, clientAddress, streaming = false }: AdminApiOptions = {},
): AccessPlusClient {
  return createAccessPlusClient({
    baseUrl: apiBaseUrl(),
    token,
    // A person is waiting on the page, and every form already says what went wrong and to try
    // again: a 429 (sign-in attempts are limited) must show at once rather than be waited out, and
    // the account writes under /v1/auth take no Idempotency-Key, so resending one after a 502 could
    // do it twice. Writes still carry an Idempotency-Key, so whatever resends one (a proxy, a
    // gateway) gets the first answer replayed instead of the work done again.
    retry: false,
    headers: { accept: 'application/json', ...(clientAddress ? { 'x-forwarded-for': clientAddress } : {}) },
    fetch: streaming
      ? untilAnswered(fetch)
      : (request: Request) => fetch(request, { signal: AbortSignal.timeout(TIMEOUT_MS) }),
  });
}

/** A fetch that gives up when no answer has begun within the time limit, and then lets the body take its time. */
function untilAnswered(fetch: typeof globalThis.fetch) {
  return async (request: Request) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('The API did not answer.', 'TimeoutError')),
      TIMEOUT_MS,
    );
    try {
      return await fetch(request, { signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The API as the signed-in organizer; without a session, the sign-in page that comes back here. */
export function sessionApi({ locals, url, fetch }: { locals: App.Locals; url: URL; fetch: typeof globalThis.fetch }) {
  return adminApi(fetch, { token: requireSession(locals, url).token });
}

/** What the SDK's path-based calls resolve to: `data` on success, the parsed `error` body otherwise. */
interface SdkAnswer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The data of a call's success answer (undefined for 204 No Content). */
type SuccessData<Answer> = Extract<Answer, { data: unknown; error?: never }>['data'];

/**
 * The words of the request being answered, for the admin's own sentences about a failed call;
 * English outside a request, and before the hooks have chosen the language.
 */
function requestMessages(): Messages {
  try {
    return messagesFor(getRequestEvent().locals.locale);
  } catch {
    return messagesFor('en');
  }
}

/**
 * A call's answer for the admin's pages and forms; never throws, so every form can show what went
 * wrong: an answer other than 2xx in the API's error shape, an API that cannot be reached as
 * `apiUnreachable`. The admin's own sentences (no answer, or one not in the API's error shape)
 * are in the language of the request.
 */
export async function apiResult<Answer extends SdkAnswer>(
  call: Promise<Answer>,
): Promise<ApiResult<SuccessData<Answer>>> {
  let answer: Answer;
  try {
    answer = await call;
  } catch (cause) {
    console.error(`The API at ${new URL(apiBaseUrl()).origin} cannot be reached.`, cause);
    return { ok: false, failure: apiUnreachable(requestMessages()) };
  }
  const { response } = answer;
  if (!response.ok) return { ok: false, failure: apiFailure(response.status, answer.error, requestMessages()) };
  // openapi-fetch resolves every 2xx answer to the success branch; its type follows the status only at run time.
  return { ok: true, status: response.status, data: answer.data as SuccessData<Answer> };
}
