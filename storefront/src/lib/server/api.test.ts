import { AccessPlusError } from '@accessplus/sdk';
import { describe, expect, it } from 'vitest';
import { ApiUnavailableError, storefrontApi } from './api';

/** A request event whose fetch answers as `answer` says, and keeps what the storefront sent. */
function requestEvent(answer: (request: Request) => Response | Promise<Response>) {
  const sent: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push(request);
    return answer(request);
  };
  return { event: { fetch, getClientAddress: () => '203.0.113.7' }, sent };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const organizer = { slug: 'addis-cultural-center', name: 'Addis Cultural Center' };

describe('storefrontApi', () => {
  it("sends the visitor's address with every call, and a customer's token only when given one", async () => {
    const { event, sent } = requestEvent(() => json(200, organizer));

    await storefrontApi(event).getPublicOrganizer({ params: { path: { slug: organizer.slug } } });
    await storefrontApi(event, `apc_${'x'.repeat(43)}`).getCustomer({ params: { path: { slug: organizer.slug } } });

    const [visitor, customer] = sent;
    expect(new URL(visitor?.url ?? '').pathname).toBe('/v1/public/organizers/addis-cultural-center');
    expect(visitor?.headers.get('x-forwarded-for')).toBe('203.0.113.7');
    expect(visitor?.headers.get('accept')).toBe('application/json');
    expect(visitor?.headers.has('authorization')).toBe(false);
    expect(customer?.headers.get('x-forwarded-for')).toBe('203.0.113.7');
    expect(customer?.headers.get('authorization')).toBe(`Bearer apc_${'x'.repeat(43)}`);
  });

  it('sends the buy form its own Idempotency-Key and makes up none for other writes', async () => {
    const { event, sent } = requestEvent(() => json(201, {}));
    const api = storefrontApi(event);

    await api.createOrder({
      params: { path: { slug: organizer.slug }, header: { 'Idempotency-Key': 'form-key-1' } },
      body: { buyer: { name: 'Amara Okafor', email: 'amara@example.org' } },
    });
    await api.joinWaitlist({
      params: { path: { slug: organizer.slug } },
      body: { tier_id: '00000000-0000-4000-8000-000000000000', name: 'Amara', email: 'amara@example.org', quantity: 1 },
    });

    expect(sent.map((request) => request.headers.get('idempotency-key'))).toEqual(['form-key-1', null]);
    await expect(sent[0]?.json()).resolves.toEqual({ buyer: { name: 'Amara Okafor', email: 'amara@example.org' } });
  });

  it("throws the API's error with its code, sentence, field details and wait, and tries once", async () => {
    const { event, sent } = requestEvent(() =>
      json(
        429,
        {
          error: {
            code: 'rate_limited',
            message: 'Too many requests. Try again in 30 seconds.',
            details: [],
            request_id: 'req-1',
          },
        },
        { 'retry-after': '30' },
      ),
    );

    const call = storefrontApi(event).quoteCart({ params: { path: { slug: organizer.slug } }, body: {} });

    await expect(call).rejects.toBeInstanceOf(AccessPlusError);
    await expect(call).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'Too many requests. Try again in 30 seconds.',
      retryAfterMs: 30_000,
    });
    expect(sent).toHaveLength(1);
  });

  it('throws ApiUnavailableError when the API cannot be reached, or breaks off its answer', async () => {
    const refused = requestEvent(() => Promise.reject(new TypeError('fetch failed')));
    const brokenOff = requestEvent(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"slug":'));
              controller.error(new Error('other side closed'));
            },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
    );

    for (const { event } of [refused, brokenOff]) {
      const call = storefrontApi(event).getPublicOrganizer({ params: { path: { slug: organizer.slug } } });
      await expect(call).rejects.toBeInstanceOf(ApiUnavailableError);
      await expect(call).rejects.toThrow('The API at http://127.0.0.1:3000 cannot be reached.');
    }
  });

  it('stops waiting for an API that does not answer after ten seconds, and says it cannot be reached', async () => {
    const { event } = requestEvent(
      (request) =>
        new Promise((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    const started = Date.now();

    const call = storefrontApi(event).getPublicOrganizer({ params: { path: { slug: organizer.slug } } });

    await expect(call).rejects.toBeInstanceOf(ApiUnavailableError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_900);
  });

  it("keeps a call's own signal beside the time limit", async () => {
    const { event } = requestEvent(
      (request) =>
        new Promise((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    const mine = new AbortController();

    const call = storefrontApi(event).getPublicOrganizer({
      params: { path: { slug: organizer.slug } },
      signal: mine.signal,
    });
    mine.abort();

    await expect(call).rejects.toBeInstanceOf(ApiUnavailableError);
  });
});
