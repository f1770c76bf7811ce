import { lookup } from 'node:dns/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WebhookVerificationError } from '@accessplus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  putOnPlan,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';

/** What a receiver answers its `n`th request (from 1). */
type Answer = (n: number) => { status: number; body?: string; delayMs?: number; headers?: Record<string, string> };

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A webhook receiver on 127.0.0.1, as an integrator runs one: it keeps what it got, raw. */
class Receiver {
  readonly received: Received[] = [];
  answer: Answer;
  private constructor(
    private readonly server: http.Server,
    answer: Answer,
  ) {
    this.answer = answer;
  }

  static async start(answer: Answer = () => ({ status: 200, body: '{"ok":true}' })): Promise<Receiver> {
    let receiver: Receiver | null = null;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const own = receiver as Receiver;
        own.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        const { status, body = '', delayMs = 0, headers = {} } = own.answer(own.received.length);
        setTimeout(() => {
          response.writeHead(status, { 'content-type': 'text/plain', ...headers });
          response.end(body);
        }, delayMs);
      });
    });
    receiver = new Receiver(server, answer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** What came with this `webhook-id`. */
  of(messageId: string): Received[] {
    return this.received.filter((request) => request.headers['webhook-id'] === messageId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Endpoint {
  id: string;
  url: string;
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  secret?: string;
}

interface Attempt {
  succeeded: boolean;
  status_code: number | null;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number;
  response_excerpt: string;
  redelivery: boolean;
}

interface Delivery {
  id: string;
  message_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempt_count: number;
  failure_reason: string | null;
  attempts: Attempt[];
}

const RETRY_MS = 150;

let t: TestApp;
let owner: Organizer;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startTestApp({ outboundAllowLoopback: true, webhookRetryDelaysMs: Array(5).fill(RETRY_MS) });
  owner = await signUpOrganizer(t.app);
  await putOnPlan(t, owner, 'pro');
});
afterAll(async () => {
  await t?.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function receiver(answer?: Answer) {
  const started = await Receiver.start(answer);
  receivers.push(started);
  return started;
}

async function addEndpoint(app: TestApp, organizer: Organizer, body: Record<string, unknown>): Promise<Endpoint> {
  const created = await as(app.app, organizer.token).post('/v1/webhook-endpoints', body);
  expect(created.statusCode, created.body).toBe(201);
  return created.json();
}

async function deliveries(app: TestApp, organizer: Organizer, endpointId: string, query = ''): Promise<Delivery[]> {
  const listed = await as(app.app, organizer.token).get(`/v1/webhook-endpoints/${endpointId}/deliveries${query}`);
  expect(listed.statusCode, listed.body).toBe(200);
  return listed.json().data;
}

/** The endpoint's delivery of `messageId`, once `done` says it has got far enough. */
function deliveryOf(
  app: TestApp,
  organizer: Organizer,
  endpointId: string,
  messageId: string,
  done: (delivery: Delivery) => boolean,
  timeoutMs = 15_000,
): Promise<Delivery> {
  return until(
    async () => {
      const found = (await deliveries(app, organizer, endpointId, '?limit=100')).find(
        (delivery) => delivery.message_id === messageId,
      );
      return found && done(found) ? found : null;
    },
    timeoutMs,
    `the delivery of ${messageId}`,
  );
}

async function ping(app: TestApp, organizer: Organizer, endpointId: string): Promise<Delivery> {
  const sent = await as(app.app, organizer.token).post(`/v1/webhook-endpoints/${endpointId}/ping`);
  expect(sent.statusCode, sent.body).toBe(202);
  return sent.json();
}

async function endpoint(app: TestApp, organizer: Organizer, endpointId: string): Promise<Endpoint> {
  return (await as(app.app, organizer.token).get(`/v1/webhook-endpoints/${endpointId}`)).json();
}

describe('webhook endpoints', () => {
  it('come with Pro and Enterprise, for owners and admins', async () => {
    const basic = await signUpOrganizer(t.app);
    const refused = await as(t.app, basic.token).post('/v1/webhook-endpoints', { url: 'https://crm.example.org/' });
    expect(expectErrorShape(refused, 403, 'plan_required').message).toMatch(/Pro plan or higher/);
    const staff = await signedInMember(t, owner, 'staff');
    expectErrorShape(await staff.client.get('/v1/webhook-endpoints'), 403, 'forbidden');
    expectErrorShape(await staff.client.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9999/' }), 403);
    const types = await as(t.app, owner.token).get('/v1/webhook-event-types');
    expect(types.json().data).toContainEqual({
      type: 'order.paid',
      description: 'An order was paid and its tickets issued.',
    });
    expect(types.json().data.map((type: { type: string }) => type.type)).not.toContain('order.expired');
  });

  it('deliver a paid order as the changes feed has it, signed so the SDK verifies it; a changed body fails', async () => {
    const crm = await receiver();
    const created = await addEndpoint(t, owner, { url: crm.url, description: 'CRM', event_types: ['order.paid'] });
    expect(created.secret).toMatch(/^whsec_/);
    const eventId = await publishedEvent(t.app, owner.token);
    const tierId = (await as(t.app, owner.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const { order } = await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: tierId, quantity: 2 }] });

    const request = await until(() => crm.received[0], 15_000, 'the webhook');
    const payload = verifyWebhook<{ id: string; type: string; data: { id: string } }>(
      request.body,
      request.headers,
      created.secret as string,
    );
    expect(payload).toMatchObject({ type: 'order.paid', data: { id: order.id, number: order.number } });
    expect(request.headers['webhook-id']).toBe(payload.id);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    // Exactly the envelope the changes feed gives, once the feed shows it: the feed holds a change
    // back while any transaction older than it is still open (other test files share the server).
    const inFeed = await until(
      async () =>
        (await as(t.app, owner.token).get('/v1/changes?type=order.paid'))
          .json()
          .data.find((change: { id: string }) => change.id === payload.id),
      15_000,
      'the change in the feed',
    );
    expect(inFeed).toEqual(JSON.parse(request.body));

    const tampered = request.body.replace(order.id, '00000000-0000-4000-8000-000000000000');
    expect(() => verifyWebhook(tampered, request.headers, created.secret as string)).toThrow(WebhookVerificationError);
    try {
      verifyWebhook(tampered, request.headers, created.secret as string);
    } catch (error) {
      expect((error as WebhookVerificationError).reason).toBe('invalid_signature');
    }

    // Only the type asked for: the event's creation and publication were not sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(crm.received.map((received) => JSON.parse(received.body).type)).toEqual(['order.paid']);
    const [logged] = await deliveries(t, owner, created.id);
    expect(logged).toMatchObject({ message_id: payload.id, event_type: 'order.paid', status: 'succeeded' });
    expect(logged?.attempts).toEqual([
      expect.objectContaining({ succeeded: true, status_code: 200, error_code: null, response_excerpt: '{"ok":true}' }),
    ]);
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('send every type to an endpoint that chose none, and nothing once it is off', async () => {
    const everything = await receiver();
    const created = await addEndpoint(t, owner, { url: everything.url });
    const eventId = await publishedEvent(t.app, owner.token, { title: { en: 'All types' } });
    await until(() => everything.received.length >= 3, 15_000, 'three webhooks');
    // Several are in flight to an endpoint at once, so they may arrive in any order.
    const types = everything.received.map((received) => JSON.parse(received.body));
    expect(types.map((change) => change.type).sort()).toEqual(['event.created', 'event.published', 'tier.created']);
    expect(types.find((change) => change.type === 'event.published').data.id).toBe(eventId);

    const off = await as(t.app, owner.token).patch(`/v1/webhook-endpoints/${created.id}`, { enabled: false });
    expect(off.json()).toMatchObject({ enabled: false, disabled_reason: 'Turned off by a person.' });
    await publishedEvent(t.app, owner.token, { title: { en: 'Not sent' } });
    expectErrorShape(
      await as(t.app, owner.token).post(`/v1/webhook-endpoints/${created.id}/ping`),
      409,
      'webhook_endpoint_disabled',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(everything.received).toHaveLength(3);
    expect(await deliveries(t, owner, created.id)).toHaveLength(3);
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('retry a receiver that answers 500 three times, and the fourth attempt is acknowledged', async () => {
    const flaky = await receiver((n) => (n <= 3 ? { status: 500, body: 'database down' } : { status: 204 }));
    const created = await addEndpoint(t, owner, { url: flaky.url });
    const sent = await ping(t, owner, created.id);
    expect(sent).toMatchObject({ event_type: 'ping', status: 'pending', message_id: `ping_${sent.id}` });
    const done = await deliveryOf(t, owner, created.id, sent.message_id, (delivery) => delivery.status !== 'pending');
    expect(done.status).toBe('succeeded');
    expect(done.attempts.map((attempt) => [attempt.status_code, attempt.error_code])).toEqual([
      [500, 'unexpected_status'],
      [500, 'unexpected_status'],
      [500, 'unexpected_status'],
      [204, null],
    ]);
    expect(done.attempts[0]).toMatchObject({ response_excerpt: 'database down', succeeded: false });
    expect(done.attempts[0]?.error_message).toMatch(/answered 500/);
    // The same message id on every attempt, each attempt signed afresh.
    expect(flaky.of(sent.message_id)).toHaveLength(4);
    for (const request of flaky.of(sent.message_id)) {
      expect(verifyWebhook(request.body, request.headers, created.secret as string)).toMatchObject({
        id: sent.message_id,
        type: 'ping',
      });
    }
    expect((await endpoint(t, owner, created.id)).failing_since).toBeNull();
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('give up on a delivery once the retries run out', async () => {
    const down = await receiver(() => ({ status: 503 }));
    const created = await addEndpoint(t, owner, { url: down.url });
    const sent = await ping(t, owner, created.id);
    const failed = await deliveryOf(t, owner, created.id, sent.message_id, (delivery) => delivery.status === 'failed');
    // The first attempt and the five retries of this server's schedule.
    expect(failed.attempts).toHaveLength(6);
    expect((await endpoint(t, owner, created.id)).failing_since).not.toBeNull();
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('turn an endpoint off at once when it answers 410 Gone, and tell the owners', async () => {
    const gone = await receiver(() => ({ status: 410, body: 'no such hook' }));
    const created = await addEndpoint(t, owner, { url: gone.url });
    const mailsBefore = t.mail.sent.length;
    const sent = await ping(t, owner, created.id);
    const failed = await deliveryOf(t, owner, created.id, sent.message_id, (delivery) => delivery.status === 'failed');
    expect(failed.attempts).toEqual([expect.objectContaining({ status_code: 410, error_code: 'gone' })]);
    const off = await endpoint(t, owner, created.id);
    expect(off.enabled).toBe(false);
    expect(off.disabled_reason).toMatch(/410 Gone/);
    const mail = await t.mail.received('webhook_endpoint_disabled', owner.email, mailsBefore);
    expect(mail.link).toContain(`/settings/webhooks/${created.id}`);
    await publishedEvent(t.app, owner.token, { title: { en: 'After the 410' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gone.received).toHaveLength(1);
  });

  it('turn an endpoint off after five days of failures, and email the owners', async () => {
    const broken = await receiver(() => ({ status: 500 }));
    const created = await addEndpoint(t, owner, { url: broken.url });
    const first = await ping(t, owner, created.id);
    await deliveryOf(t, owner, created.id, first.message_id, (delivery) => delivery.attempt_count >= 1);
    expect((await endpoint(t, owner, created.id)).failing_since).not.toBeNull();
    // Failing four days is not enough.
    await t.admin.query("update webhook_endpoints set failing_since = now() - interval '4 days' where id = $1", [
      created.id,
    ]);
    await deliveryOf(t, owner, created.id, first.message_id, (delivery) => delivery.attempt_count >= 3);
    expect((await endpoint(t, owner, created.id)).enabled).toBe(true);

    await t.admin.query(
      "update webhook_endpoints set failing_since = now() - interval '5 days 1 minute' where id = $1",
      [created.id],
    );
    const mailsBefore = t.mail.sent.length;
    const second = await ping(t, owner, created.id);
    await deliveryOf(t, owner, created.id, second.message_id, (d) => d.status === 'failed');
    const off = await endpoint(t, owner, created.id);
    expect(off.enabled).toBe(false);
    expect(off.disabled_reason).toMatch(/failed for 5 days/);
    const mail = await t.mail.received('webhook_endpoint_disabled', owner.email, mailsBefore);
    expect(mail.link).toContain(`/settings/webhooks/${created.id}`);
    expect(t.mail.notices.at(-1)).toMatchObject({ url: created.url, reason: off.disabled_reason });
    expect((await deliveries(t, owner, created.id)).map((delivery) => delivery.status)).toEqual(['failed', 'failed']);
    // Nothing is sent to it any more.
    expectErrorShape(
      await as(t.app, owner.token).post(`/v1/webhook-endpoints/${created.id}/ping`),
      409,
      'webhook_endpoint_disabled',
    );

    // On again: its run of failures starts over.
    const on = await as(t.app, owner.token).patch(`/v1/webhook-endpoints/${created.id}`, { enabled: true });
    expect(on.json()).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('fail an attempt that is redirected, and follow no redirect (to loopback or anywhere)', async () => {
    const target = await receiver();
    const redirecting = await receiver(() => ({ status: 302, headers: { location: target.url } }));
    const created = await addEndpoint(t, owner, { url: redirecting.url });
    const sent = await ping(t, owner, created.id);
    const tried = await deliveryOf(t, owner, created.id, sent.message_id, (delivery) => delivery.attempt_count >= 1);
    expect(tried.attempts[0]).toMatchObject({
      succeeded: false,
      status_code: 302,
      error_code: 'redirect_not_followed',
    });
    expect(tried.attempts[0]?.error_message).toMatch(/redirects are not followed/);
    expect(target.received).toEqual([]);
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('rotate the secret: both sign for the grace period, then only the new one', async () => {
    const crm = await receiver();
    const created = await addEndpoint(t, owner, { url: crm.url });
    const oldSecret = created.secret as string;
    const rotated = await as(t.app, owner.token).post(`/v1/webhook-endpoints/${created.id}/rotate-secret`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret: newSecret, previous_secret, previous_secret_expires_at } = rotated.json();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(previous_secret).toBe(oldSecret);
    expect(Date.parse(previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const shown = await as(t.app, owner.token).get(`/v1/webhook-endpoints/${created.id}/secret`);
    expect(shown.json()).toEqual(rotated.json());

    const during = await ping(t, owner, created.id);
    const [duringRequest] = await until(() => (crm.of(during.message_id).length ? crm.of(during.message_id) : null));
    const request = duringRequest as Received;
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWebhook(request.body, request.headers, oldSecret)).toMatchObject({ id: during.message_id });
    expect(verifyWebhook(request.body, request.headers, newSecret)).toMatchObject({ id: during.message_id });

    await t.admin.query(
      "update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = $1",
      [created.id],
    );
    const after = await ping(t, owner, created.id);
    const [afterRequest] = await until(() => (crm.of(after.message_id).length ? crm.of(after.message_id) : null));
    const late = afterRequest as Received;
    expect(verifyWebhook(late.body, late.headers, newSecret)).toMatchObject({ id: after.message_id });
    expect(() => verifyWebhook(late.body, late.headers, oldSecret)).toThrow(/matches no signing secret/);
    const now = await as(t.app, owner.token).get(`/v1/webhook-endpoints/${created.id}/secret`);
    expect(now.json()).toEqual({ secret: newSecret, previous_secret: null, previous_secret_expires_at: null });
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('redeliver one delivery and many, as new attempts of the same messages, all in the log', async () => {
    let up = false;
    const crm = await receiver(() => (up ? { status: 200, body: 'thanks' } : { status: 500, body: 'down' }));
    const created = await addEndpoint(t, owner, { url: crm.url });
    const since = new Date(Date.now() - 1000).toISOString();
    const sent = [await ping(t, owner, created.id), await ping(t, owner, created.id), await ping(t, owner, created.id)];
    for (const delivery of sent) {
      await deliveryOf(t, owner, created.id, delivery.message_id, (d) => d.status === 'failed');
    }
    up = true;

    const [one, ...others] = sent as [Delivery, Delivery, Delivery];
    const again = await as(t.app, owner.token).post(
      `/v1/webhook-endpoints/${created.id}/deliveries/${one.id}/redeliver`,
    );
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ id: one.id, status: 'pending', message_id: one.message_id });
    const redelivered = await deliveryOf(t, owner, created.id, one.message_id, (d) => d.status === 'succeeded');
    expect(redelivered.attempts).toHaveLength(7);
    expect(redelivered.attempts.at(-1)).toMatchObject({
      succeeded: true,
      redelivery: true,
      response_excerpt: 'thanks',
    });
    expect(redelivered.attempts.slice(0, 6).every((attempt) => !attempt.redelivery)).toBe(true);

    const many = await as(t.app, owner.token).post(`/v1/webhook-endpoints/${created.id}/redeliveries`, { since });
    expect(many.statusCode, many.body).toBe(202);
    expect(many.json()).toEqual({ redelivered: 2 });
    for (const delivery of others) {
      const done = await deliveryOf(t, owner, created.id, delivery.message_id, (d) => d.status === 'succeeded');
      expect(done.attempts).toHaveLength(7);
      expect(crm.of(delivery.message_id)).toHaveLength(7);
    }
    // Nothing failed is left in the period.
    const none = await as(t.app, owner.token).post(`/v1/webhook-endpoints/${created.id}/redeliveries`, { since });
    expect(none.json()).toEqual({ redelivered: 0 });
    expect(await deliveries(t, owner, created.id, '?status=succeeded')).toHaveLength(3);
    expectErrorShape(
      await as(t.app, owner.token).post(`/v1/webhook-endpoints/${created.id}/redeliveries`, {
        since,
        until: '2000-01-01T00:00:00Z',
      }),
      422,
      'invalid_period',
    );

    // Pages of the log, newest first.
    const first = await as(t.app, owner.token).get(`/v1/webhook-endpoints/${created.id}/deliveries?limit=2`);
    const page = first.json();
    expect(page.data.map((d: Delivery) => d.id)).toEqual([sent[2]?.id, sent[1]?.id]);
    const next = await as(t.app, owner.token).get(
      `/v1/webhook-endpoints/${created.id}/deliveries?limit=2&cursor=${page.next_cursor}`,
    );
    expect(next.json()).toMatchObject({ data: [{ id: one.id }], next_cursor: null });
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('keep sending to other organizers while one endpoint answers slowly', async () => {
    const other = await signUpOrganizer(t.app);
    await putOnPlan(t, other, 'enterprise');
    const slow = await receiver(() => ({ status: 200, delayMs: 1_500 }));
    const fast = await receiver();
    const slowEndpoint = await addEndpoint(t, owner, { url: slow.url });
    const fastEndpoint = await addEndpoint(t, other, { url: fast.url });
    for (let i = 0; i < 30; i++) await ping(t, owner, slowEndpoint.id);
    await until(() => slow.received.length > 0, 10_000, 'the slow receiver');
    const started = Date.now();
    const quick = await ping(t, other, fastEndpoint.id);
    const [arrived] = await until(() => (fast.of(quick.message_id).length ? fast.of(quick.message_id) : null));
    expect((arrived as Received).at - started).toBeLessThan(3_000);
    // The slow one had most of its backlog still to go.
    expect(slow.received.length).toBeLessThan(30);
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${slowEndpoint.id}`);
  });

  it('send what no job was asked for at the next minutely check (a request lost with its process)', async () => {
    const crm = await receiver();
    const created = await addEndpoint(t, owner, { url: crm.url });
    const lost = await t.admin.query<{ id: string }>(
      `insert into webhook_deliveries (tenant_id, endpoint_id, event_type, next_attempt_at)
       values ($1, $2, 'ping', now() - interval '1 minute') returning id`,
      [owner.organizerId, created.id],
    );
    const id = lost.rows[0]?.id as string;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(crm.of(`ping_${id}`)).toEqual([]);
    await t.admin.query("select graphile_worker.add_job('webhooks__sweep', '{}')");
    await deliveryOf(t, owner, created.id, `ping_${id}`, (d) => d.status === 'succeeded');
    expect(crm.of(`ping_${id}`)).toHaveLength(1);
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });

  it('keep the log 30 days', async () => {
    const crm = await receiver();
    const created = await addEndpoint(t, owner, { url: crm.url });
    const old = await ping(t, owner, created.id);
    const recent = await ping(t, owner, created.id);
    await deliveryOf(t, owner, created.id, recent.message_id, (d) => d.status === 'succeeded');
    await deliveryOf(t, owner, created.id, old.message_id, (d) => d.status === 'succeeded');
    await t.admin.query("update webhook_deliveries set created_at = now() - interval '31 days' where id = $1", [
      old.id,
    ]);
    const job = await t.admin.query<{ id: string }>("select (graphile_worker.add_job('webhooks__prune', '{}')).id");
    await until(
      async () =>
        (await t.admin.query('select 1 from graphile_worker.jobs where id = $1', [job.rows[0]?.id])).rowCount === 0,
      15_000,
      'the prune',
    );
    expect((await deliveries(t, owner, created.id)).map((delivery) => delivery.id)).toEqual([recent.id]);
    const attempts = await t.admin.query('select count(*)::int as n from webhook_attempts where delivery_id = $1', [
      old.id,
    ]);
    expect(attempts.rows[0].n).toBe(0);

    // A change pruned from the feed can no longer be sent: sending its delivery again fails, saying so.
    const eventId = await publishedEvent(t.app, owner.token, { title: { en: 'Pruned change' } });
    const [published] = await until(async () => {
      const sent = (await deliveries(t, owner, created.id)).filter(
        (delivery) => delivery.event_type === 'event.published' && delivery.status === 'succeeded',
      );
      return sent.length > 0 ? sent : null;
    });
    await t.admin.query(
      "update changes set occurred_at = now() - interval '31 days' where tenant_id = $1 and subject_id = $2",
      [owner.organizerId, eventId],
    );
    const prune = await t.admin.query<{ id: string }>("select (graphile_worker.add_job('changes__prune', '{}')).id");
    await until(
      async () =>
        (await t.admin.query('select 1 from graphile_worker.jobs where id = $1', [prune.rows[0]?.id])).rowCount === 0,
      15_000,
      'the changes prune',
    );
    const again = await as(t.app, owner.token).post(
      `/v1/webhook-endpoints/${created.id}/deliveries/${(published as Delivery).id}/redeliver`,
    );
    expect(again.statusCode, again.body).toBe(202);
    const failed = await deliveryOf(
      t,
      owner,
      created.id,
      (published as Delivery).message_id,
      (d) => d.status === 'failed',
    );
    expect(failed.failure_reason).toMatch(/no longer kept/);
    await as(t.app, owner.token).delete(`/v1/webhook-endpoints/${created.id}`);
  });
});

describe('addresses that lead into our own network', () => {
  let closed: TestApp;
  let organizer: Organizer;
  /** What crm.example.test resolves to; the system's answer for any other name. */
  let crmAddress = '93.184.215.14';

  beforeAll(async () => {
    closed = await startTestApp(
      { outboundAllowLoopback: false, webhookRetryDelaysMs: [60_000] },
      {
        resolve: async (hostname) =>
          hostname === 'crm.example.test' ? [{ address: crmAddress, family: 4 }] : lookup(hostname, { all: true }),
      },
    );
    organizer = await signUpOrganizer(closed.app);
    await putOnPlan(closed, organizer, 'enterprise');
  });
  afterAll(() => closed?.stop());

  const refused: [string, RegExp][] = [
    ['http://127.0.0.1:8080/hooks', /loopback/],
    ['http://10.0.0.1/hooks', /private network/],
    ['http://169.254.169.254/latest/meta-data', /cloud metadata/],
    ['http://[::1]:8080/hooks', /loopback/],
    ['http://[::ffff:127.0.0.1]:8080/hooks', /127\.0\.0\.1/],
    ['http://localhost:8080/hooks', /localhost resolves to/],
  ];

  it.each(refused)('refuses %s when it is saved, saying why', async (url, why) => {
    const response = await as(closed.app, organizer.token).post('/v1/webhook-endpoints', { url });
    const error = expectErrorShape(response, 422, 'invalid_webhook_url');
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/use a public address\.$/);
    expect(error.details).toEqual([{ field: 'body.url', message: error.message }]);
  });

  it('refuses them when a delivery is attempted, too', async () => {
    const created = await addEndpoint(closed, organizer, { url: 'http://crm.example.test:8080/hooks' });
    expect(created.url).toBe('http://crm.example.test:8080/hooks');
    const refusedAt = async (url: string) => {
      // As if saved before: the address changed under the endpoint.
      await closed.admin.query('update webhook_endpoints set url = $2 where id = $1', [created.id, url]);
      const sent = await ping(closed, organizer, created.id);
      const tried = await deliveryOf(closed, organizer, created.id, sent.message_id, (d) => d.attempt_count >= 1);
      return tried.attempts[0];
    };
    for (const [url, why] of refused) {
      const attempt = await refusedAt(url);
      expect(attempt, url).toMatchObject({ succeeded: false, status_code: null, error_code: 'address_not_allowed' });
      expect(attempt?.error_message, url).toMatch(why);
    }
    // A name that resolved to a public address when saved and to loopback when sending.
    crmAddress = '127.0.0.1';
    const attempt = await refusedAt('http://crm.example.test:8080/hooks');
    expect(attempt).toMatchObject({ error_code: 'address_not_allowed' });
    expect(attempt?.error_message).toMatch(/crm\.example\.test resolves to 127\.0\.0\.1/);
  });
});
