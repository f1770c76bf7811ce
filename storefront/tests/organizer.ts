/**
 * Signing an organizer up through an API started for the browser tests, as a person does: the
 * sign-up answers 202, and the emailed link, read from the API's local mail sink (it runs as under
 * `pnpm start`, without SMTP_URL), creates the account.
 */

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
