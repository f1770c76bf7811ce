import { AccessPlusError } from '@accessplus/sdk';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { PublicOrganizer } from '../api-types';
import { storefrontApi } from './api';

/**
 * The storefront's cookie holding a signed-in customer's API session token (`apc_…`). It has no
 * Domain attribute, so it stays with the host that set it: each organizer's storefront (and
 * custom domain) keeps its own sign-in, as the API keeps a customer per organizer.
 */
export const CUSTOMER_COOKIE = 'ap_customer_session';

interface CookieScope {
  path: '/';
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
}

function cookieScope(url: URL): CookieScope {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' };
}

/**
 * httpOnly so no script reads the token, SameSite=Lax so other sites cannot post with it,
 * Secure whenever the storefront is served over HTTPS, and the session's own expiry.
 */
export function customerCookieOptions(expiresAt: string | Date, url: URL): CookieScope & { expires: Date } {
  return { ...cookieScope(url), expires: new Date(expiresAt) };
}

/**
 * Options to delete the cookie with. They must match the ones it was set with: a browser
 * ignores a Secure deletion sent over plain HTTP and would keep the old cookie.
 */
export function clearedCustomerCookieOptions(url: URL): CookieScope {
  return cookieScope(url);
}

/** A token of the shape the API issues; anything else in the cookie is ignored. */
export function readCustomerToken(cookies: Cookies): string | undefined {
  const token = cookies.get(CUSTOMER_COOKIE);
  return token && /^apc_[A-Za-z0-9_-]{20,200}$/.test(token) ? token : undefined;
}

export function startCustomerSession(cookies: Cookies, url: URL, session: { token: string; expires_at: string }) {
  cookies.set(CUSTOMER_COOKIE, session.token, customerCookieOptions(session.expires_at, url));
}

/** Signs the customer out in this browser, and for the rest of this request (the header's link). */
export function endCustomerSession({ cookies, url, locals }: { cookies: Cookies; url: URL; locals: App.Locals }) {
  cookies.delete(CUSTOMER_COOKIE, clearedCustomerCookieOptions(url));
  locals.customerToken = undefined;
}

/** The signed-in customer, to fill in the buyer's details; an ended session signs them out. */
export async function signedInCustomer(request: RequestEvent, organizer: PublicOrganizer) {
  const { locals } = request;
  if (!locals.customerToken) return null;
  try {
    return await storefrontApi(request, locals.customerToken).getCustomer({
      params: { path: { slug: organizer.slug } },
    });
  } catch (cause) {
    if (cause instanceof AccessPlusError && cause.status === 401) endCustomerSession(request);
    // Anything else only costs the buyer typing their details.
    return null;
  }
}
