/** The admin's own cookie holding the API session token; JavaScript in the page never sees it. */
export const SESSION_COOKIE = 'ap_admin_session';

interface CookieScope {
  path: '/';
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
}

export interface SessionCookieOptions extends CookieScope {
  expires: Date;
}

function cookieScope(url: URL): CookieScope {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' };
}

/**
 * Options for the session cookie: httpOnly so a script cannot read the token, SameSite=Lax so
 * other sites cannot post with it, Secure whenever the admin is served over HTTPS, and the
 * session's own expiry.
 */
export function sessionCookieOptions(expiresAt: string | Date, url: URL): SessionCookieOptions {
  return { ...cookieScope(url), expires: new Date(expiresAt) };
}

/**
 * Options to delete the session cookie with. They must match the ones it was set with: a
 * browser ignores a Secure deletion sent over plain HTTP and would keep the old cookie.
 */
export function clearedSessionCookieOptions(url: URL): CookieScope {
  return cookieScope(url);
}

/**
 * Where to go after signing in: a path of this app only. `//evil.example` and absolute URLs
 * would send an organizer who followed a crafted link to another site.
 */
export function safeRedirectPath(target: string | null | undefined, fallback = '/'): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  try {
    const base = 'http://admin.invalid';
    const url = new URL(target, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
