import { type AccessPlusClient, createAccessPlusClient } from '@accessplus/sdk';
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';

/** Thrown when the API cannot be reached at all (down, wrong API_URL, no whole answer in time). */
export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
}

// How long a page waits for the API before it tells the visitor to try again later.
const API_TIMEOUT_MS = 10_000;

// Statuses whose answer has no body, which a Response must be built without.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * SvelteKit's fetch, given the time limit and read to the end: an API that does not answer in
 * time, drops the connection or breaks off mid-answer is an ApiUnavailableError, which pages
 * show as "try again later" rather than as a failure of the storefront.
 */
function reachingApi(fetch: RequestEvent['fetch']): (request: Request) => Promise<Response> {
  return async (request) => {
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(API_TIMEOUT_MS)]);
    try {
      const response = await fetch(request, { signal });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (cause) {
      throw new ApiUnavailableError(`The API at ${new URL(request.url).origin} cannot be reached.`, { cause });
    }
  };
}

/** What a call to the API takes from the request it serves. */
export type ApiCaller = Pick<RequestEvent, 'fetch' | 'getClientAddress'>;

/**
 * The API client for one storefront request, typed from the OpenAPI document. With a customer's
 * session token (`apc_…`) its calls act as that signed-in customer; without one, as a visitor.
 * Answers other than 2xx throw the SDK's AccessPlusError with the API's code, message and field
 * details; an unreachable API throws ApiUnavailableError.
 */
export function storefrontApi({ fetch, getClientAddress }: ApiCaller, customerToken?: string): AccessPlusClient {
  return createAccessPlusClient({
    baseUrl: env.API_URL || 'http://127.0.0.1:3000',
    fetch: reachingApi(fetch),
    headers: {
      accept: 'application/json',
      // Sign-in links, waitlists, orders and quotes are limited per client address; without the
      // visitor's own, every visitor of every storefront would share this server's. The API
      // believes it only when TRUST_PROXY names the storefront.
      'x-forwarded-for': getClientAddress(),
    },
    ...(customerToken ? { token: customerToken } : {}),
    // A page answers its visitor now: a second try would keep them waiting, and a 429 must reach
    // them as the API's sentence. Writes that must be safe to send twice (the buy form) carry
    // their form's own Idempotency-Key; a random key per call protects nothing without retries.
    retry: false,
    idempotencyKeys: false,
  });
}
