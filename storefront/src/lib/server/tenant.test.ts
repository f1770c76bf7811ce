import { isHttpError } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messagesFor } from '../messages';
import { storefrontApi } from './api';
import { formProblem } from './problems';
import { catalogFailure, resolveTenant, tenantCache } from './tenant';

/** The API client of a request whose API answers as `answer` says. */
function apiAnswering(answer: () => Response | Promise<Response>) {
  return storefrontApi({ fetch: async () => answer(), getClientAddress: () => '203.0.113.7' });
}

const unreachable = () => apiAnswering(() => Promise.reject(new TypeError('fetch failed')));

function errorAnswer(status: number, code: string, message: string, details: { field: string; message: string }[]) {
  return new Response(JSON.stringify({ error: { code, message, details, request_id: 'req-1' } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** What a call that ends in SvelteKit's error() shows: its status and sentence. */
async function shownError(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (thrown) {
    if (isHttpError(thrown)) return { status: thrown.status, message: thrown.body.message };
    throw thrown;
  }
  throw new Error('The call showed no error page.');
}

afterEach(() => {
  vi.restoreAllMocks();
  tenantCache().hosts.clear();
  tenantCache().organizers.clear();
});

describe('an API that cannot be reached', () => {
  it("is the storefront's try-again-later page, never a failure of its own", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const english = messagesFor('en');

    await expect(resolveTenant(unreachable, 'addis-cultural-center.localhost')).resolves.toEqual({
      status: 'unavailable',
    });
    const event = unreachable().getCatalogEvent({ params: { path: { event_id: 'e1' } } });
    await expect(
      shownError(() => event.catch((cause) => catalogFailure(cause, 'en', 'No such event.'))),
    ).resolves.toEqual({ status: 503, message: english.unavailable });
    const quote = await unreachable()
      .quoteCart({ params: { path: { slug: 'addis-cultural-center' } }, body: {} })
      .catch((cause: unknown) => cause);
    expect(formProblem(quote, english)).toEqual({
      status: 503,
      code: 'api_unavailable',
      message: english.tryAgainLater,
      details: [],
      lang: undefined,
    });
  });
});

describe("the API's answers", () => {
  it('find the organizer of the host, or none', async () => {
    const organizer = { slug: 'addis-cultural-center', name: 'Addis Cultural Center' };
    const found = apiAnswering(() => Response.json(organizer));
    const unknown = apiAnswering(() => errorAnswer(404, 'organizer_not_found', 'No organizer has this address.', []));

    await expect(resolveTenant(() => found, 'addis-cultural-center.localhost')).resolves.toEqual({
      status: 'found',
      organizer,
    });
    // Asked again once the kept answer is gone.
    tenantCache().hosts.clear();
    tenantCache().organizers.clear();
    await expect(resolveTenant(() => unknown, 'addis-cultural-center.localhost')).resolves.toEqual({
      status: 'unknown',
    });
  });

  it('are kept a moment per host, and each host keeps its own organizer', async () => {
    const asked: string[] = [];
    const api = storefrontApi({
      fetch: async (input: RequestInfo | URL) => {
        const path = new URL(input instanceof Request ? input.url : input).pathname;
        asked.push(path);
        const slug = path.startsWith('/v1/public/hosts/')
          ? decodeURIComponent(path.split('/').at(-1) ?? '').split('.')[0]
          : path.split('/').at(-1);
        if (path.startsWith('/v1/public/hosts/')) {
          return Response.json({ host: 'x', slug, kind: 'platform_subdomain', custom_domain: null });
        }
        return Response.json({ slug, name: `Organizer ${slug}` });
      },
      getClientAddress: () => '203.0.113.7',
    });
    const addis = await resolveTenant(() => api, 'addis-cultural-center.localhost:5173');
    const casa = await resolveTenant(() => api, 'casa-latina-houston.localhost:5173');
    expect(addis).toEqual({
      status: 'found',
      organizer: { slug: 'addis-cultural-center', name: 'Organizer addis-cultural-center' },
    });
    expect(casa).toEqual({
      status: 'found',
      organizer: { slug: 'casa-latina-houston', name: 'Organizer casa-latina-houston' },
    });
    expect(asked).toHaveLength(4);
    // The same host again, in another case and on another port: answered without the API.
    const again = await resolveTenant(() => {
      throw new Error('no API client is made for a kept answer');
    }, 'ADDIS-cultural-center.localhost');
    expect(again).toEqual(addis);
    expect(asked).toHaveLength(4);
    tenantCache().hosts.clear();
    tenantCache().organizers.clear();
    await resolveTenant(() => api, 'addis-cultural-center.localhost:5173');
    expect(asked).toHaveLength(6);
  });

  it("show the buyer's own mistakes as the API words them, with their fields", async () => {
    const soldOut = apiAnswering(() =>
      errorAnswer(409, 'sold_out', 'Only 2 tickets are left of General admission.', [
        { field: 'body.tickets.0.quantity', message: 'at most 2' },
      ]),
    );

    const cause = await soldOut
      .quoteCart({ params: { path: { slug: 'addis-cultural-center' } }, body: {} })
      .catch((thrown: unknown) => thrown);

    expect(formProblem(cause, messagesFor('am'))).toEqual({
      status: 409,
      code: 'sold_out',
      message: 'Only 2 tickets are left of General admission.',
      details: [{ field: 'body.tickets.0.quantity', message: 'at most 2' }],
      lang: 'en',
    });
  });
});
