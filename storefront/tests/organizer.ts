/**
 * Signing an organizer up through an API started for the browser tests, as a person does: the
 * sign-up answers 202, and the emailed link, read from the API's local mail sink (it runs as under
 * `pnpm start`, without SMTP_URL), creates the account.
 */

import { inject } from 'vitest';

interface SignUp {
  email: string;
  password: string;
  display_name: string;
  organizer: Record<string, unknown>;
}

async function call(apiUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Signs up and follows the emailed link; returns the new session's bearer token. */
export async function signUpOrganizer(apiUrl: string, signUp: SignUp): Promise<{ token: string }> {
  const asked = await call(apiUrl, 'POST', '/v1/auth/sign-up', signUp);
  if (asked.status !== 202) throw new Error(`sign-up answered ${asked.status}: ${await asked.text()}`);
  for (let waited = 0; ; waited += 100) {
    const mailbox = (await (await call(apiUrl, 'GET', '/v1/dev/mailbox?limit=200')).json()) as {
      data: { to: string; text: string }[];
    };
    const link = mailbox.data
      .filter((mail) => mail.to.includes(`<${signUp.email}>`) || mail.to === signUp.email)
      .flatMap((mail) => [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([href]) => new URL(href)))
      .find((url) => url.pathname === '/confirm-sign-up');
    if (link) {
      const confirmed = await call(apiUrl, 'POST', '/v1/auth/sign-up/confirm', {
        token: link.searchParams.get('token'),
      });
      if (confirmed.status !== 201)
        throw new Error(`confirming answered ${confirmed.status}: ${await confirmed.text()}`);
      return (await confirmed.json()) as { token: string };
    }
    if (waited > 30_000) throw new Error(`no sign-up link reached ${signUp.email}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Calls an API started for the browser tests and answers its JSON; any answer but a success throws, saying what it was. */
export function apiAt(apiUrl: string) {
  return async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** The API that the storefront under test calls. */
export function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  return apiAt(inject('apiUrl'))<T>(method, path, body, token);
}
