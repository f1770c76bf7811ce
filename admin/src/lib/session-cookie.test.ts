import { describe, expect, it } from 'vitest';
import { clearedSessionCookieOptions, SESSION_COOKIE, safeRedirectPath, sessionCookieOptions } from './session-cookie';

describe('sessionCookieOptions', () => {
  it('keeps the token away from scripts and other sites, until the session expires', () => {
    const options = sessionCookieOptions(
      '2026-12-05T18:00:00.000Z',
      new URL('https://admin.accessplus.example/sign-in'),
    );
    expect(options).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      expires: new Date('2026-12-05T18:00:00.000Z'),
    });
  });

  it('is not Secure on plain-HTTP local development, where the browser would drop it', () => {
    expect(sessionCookieOptions(new Date(), new URL('http://localhost:5174/sign-in')).secure).toBe(false);
  });

  it("has the admin's own name, not the API's", () => {
    expect(SESSION_COOKIE).toBe('ap_admin_session');
  });
});

describe('safeRedirectPath', () => {
  it.each([
    ['/', '/'],
    ['/?cursor=abc', '/?cursor=abc'],
    ['/events/123#tiers', '/events/123#tiers'],
  ])('follows the app path %s', (target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
  });

  it.each([['https://evil.example/'], ['//evil.example/'], ['/\\evil.example'], ['javascript:alert(1)'], [''], [null]])(
    'refuses %s',
    (target) => {
      expect(safeRedirectPath(target)).toBe('/');
    },
  );
});

describe('clearedSessionCookieOptions', () => {
  it('deletes the cookie with the scope it was set with', () => {
    const url = new URL('http://127.0.0.1:5174/sign-out');
    const { expires: _expires, ...scope } = sessionCookieOptions(new Date(), url);
    expect(clearedSessionCookieOptions(url)).toEqual(scope);
    expect(clearedSessionCookieOptions(new URL('https://admin.accessplus.example/')).secure).toBe(true);
  });
});
