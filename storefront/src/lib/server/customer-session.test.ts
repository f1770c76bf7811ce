import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_COOKIE,
  clearedCustomerCookieOptions,
  customerCookieOptions,
  readCustomerToken,
} from './customer-session';

describe('customerCookieOptions', () => {
  it('keeps the token from scripts and other sites until the session expires, on this host only', () => {
    const options = customerCookieOptions(
      '2026-12-21T18:00:00.000Z',
      new URL('https://tickets.addis-cultural-center.org/account/sign-in'),
    );
    expect(options).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      expires: new Date('2026-12-21T18:00:00.000Z'),
    });
    expect(options).not.toHaveProperty('domain');
  });

  it('is not Secure on plain-HTTP local development, where the browser would drop it', () => {
    const url = new URL('http://addis-cultural-center.localhost:5173/account/sign-in');
    expect(customerCookieOptions(new Date(), url).secure).toBe(false);
    expect(clearedCustomerCookieOptions(url)).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure: false });
  });
});

describe('readCustomerToken', () => {
  const cookies = (value: string | undefined) =>
    ({ get: (name: string) => (name === CUSTOMER_COOKIE ? value : undefined) }) as unknown as Cookies;

  it('reads a session token of the shape the API issues', () => {
    const token = `apc_${'x'.repeat(43)}`;
    expect(readCustomerToken(cookies(token))).toBe(token);
  });

  it('ignores anything else', () => {
    expect(readCustomerToken(cookies(undefined))).toBeUndefined();
    expect(readCustomerToken(cookies('aps_staff-session-token-xxxxxxxxxxxx'))).toBeUndefined();
    expect(readCustomerToken(cookies('apc_short'))).toBeUndefined();
    expect(readCustomerToken(cookies(`apc_${'x'.repeat(40)}\r\nX-Injected: 1`))).toBeUndefined();
  });
});
