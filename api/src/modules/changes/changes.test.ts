import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTenantAsSystem } from '../../context.ts';
import { encodeCursor } from '../../lib/cursor.ts';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { recordChange } from './changes.service.ts';

let t: TestApp;
let a: Organizer;
let b: Organizer;

interface FeedChange {
  id: string;
  type: string;
  api_version: string;
  timestamp: string;
  data: Record<string, unknown>;
}

interface FeedPage {
  data: FeedChange[];
  next_cursor: string;
  has_more: boolean;
}

beforeAll(async () => {
  t = await startTestApp();
  a = await signUpOrganizer(t.app);
  b = await signUpOrganizer(t.app);
});
afterAll(() => t?.stop());

async function feed(organizer: Organizer, query = ''): Promise<FeedPage> {
  const response = await as(t.app, organizer.token).get(`/v1/changes${query ? `?${query}` : ''}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Follows the feed from `cursor` until it has nothing more now; returns what it saw and where to go on. */
async function follow(organizer: Organizer, cursor: string | null, limit = 100) {
  const seen: FeedChange[] = [];
  let after = cursor;
  for (;;) {
    const page = await feed(organizer, `limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    seen.push(...page.data);
    after = page.next_cursor;
    if (!page.has_more) return { seen, cursor: after };
  }
}

describe('the changes feed', () => {
  it('replays what happened to events, orders, tickets and refunds, in order, each once', async () => {
    const start = (await follow(a, null)).cursor;
    const eventId = await publishedEvent(t.app, a.token, { title: { en: 'Habesha night' } }, 5);
    const tierId = (await as(t.app, a.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const { order } = await buyTickets(t.app, a.slug, { tickets: [{ tier_id: tierId, quantity: 2 }] });
    const [first, second] = order.tickets;
    const scan = await as(t.app, a.token).post(`/v1/events/${eventId}/scans`, {
      code: first?.code,
      device_id: 'door-1',
    });
    expect(scan.json().outcome, scan.body).toBe('admitted');
    const refund = await as(t.app, a.token).post(`/v1/orders/${order.id}/refunds`, { ticket_ids: [second?.id] });
    expect(refund.statusCode, refund.body).toBe(200);

    const { seen } = await follow(a, start, 2);
    expect(seen.map((change) => change.type)).toEqual([
      'event.created',
      'tier.created',
      'event.published',
      'order.paid',
      'ticket.checked_in',
      'order.refunded',
    ]);
    expect(new Set(seen.map((change) => change.id)).size).toBe(seen.length);
    const paid = seen[3];
    expect(paid).toMatchObject({
      type: 'order.paid',
      api_version: expect.any(String),
      data: { id: order.id, number: order.number, event_ids: [eventId], currency: 'USD' },
    });
    expect(paid?.data.ticket_ids).toEqual(expect.arrayContaining([first?.id, second?.id]));
    expect(seen[4]?.data).toMatchObject({ id: first?.id, event_id: eventId, order_id: order.id });
    expect(seen[5]?.data).toMatchObject({
      id: order.id,
      status: 'partially_refunded',
      ticket_ids: [second?.id],
      reason: 'refunded',
    });
    // Another organizer's feed never shows them.
    const theirs = (await follow(b, null)).seen;
    expect(theirs.filter((change) => JSON.stringify(change).includes(order.id))).toEqual([]);
  });

  it('filters by type', async () => {
    const { seen } = await follow(a, null);
    const paid = await feed(a, 'type=order.paid,order.refunded');
    expect(paid.data.map((change) => change.id)).toEqual(
      seen.filter((change) => ['order.paid', 'order.refunded'].includes(change.type)).map((change) => change.id),
    );
  });

  it('never lets a change committed late fall behind the cursor', async () => {
    const { cursor: start } = await follow(a, null);
    // A long transaction records a change and stays open while another change commits.
    let recorded!: () => void;
    const recordedNow = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const late = runInTenantAsSystem(t.runtime.services, a.organizerId, async (ctx) => {
      await recordChange(ctx, {
        type: 'event.updated',
        subjectId: a.organizerId,
        data: { id: a.organizerId, status: 'draft' },
      });
      recorded();
      await committing;
    });
    await recordedNow;
    const onTime = await publishedEvent(t.app, a.token, { title: { en: 'Committed first' } });

    // While the long one is open, neither shows, and the cursor does not pass the long one.
    const during = await follow(a, start);
    expect(during.seen).toEqual([]);
    commit();
    await late;

    const after = await follow(a, during.cursor);
    expect(after.seen.map((change) => [change.type, change.data.id])).toEqual([
      ['event.updated', a.organizerId],
      ['event.created', onTime],
      ['tier.created', expect.any(String)],
      ['event.published', onTime],
    ]);
    expect((await follow(a, after.cursor)).seen).toEqual([]);
  });

  it('keeps up with writers committing while it polls: none missed, none twice', async () => {
    const { cursor: start } = await follow(a, null);
    const writers = Array.from({ length: 4 }, (_, writer) =>
      (async () => {
        for (let i = 0; i < 10; i++) {
          await runInTenantAsSystem(t.runtime.services, a.organizerId, async (ctx) => {
            await recordChange(ctx, {
              type: 'event.updated',
              subjectId: a.organizerId,
              data: { id: `${writer}-${i}`, status: 'draft' },
            });
            // Some transactions stay open a little, so commits interleave with polls.
            if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 15));
          });
        }
      })(),
    );
    const seen: string[] = [];
    let cursor = start;
    let done = false;
    const writing = Promise.all(writers).then(() => {
      done = true;
    });
    while (!done) {
      const page = await follow(a, cursor, 7);
      seen.push(...page.seen.map((change) => String(change.data.id)));
      cursor = page.cursor;
    }
    await writing;
    await until(
      async () => {
        const page = await follow(a, cursor, 7);
        seen.push(...page.seen.map((change) => String(change.data.id)));
        cursor = page.cursor;
        return seen.length >= 40;
      },
      5000,
      'the last changes',
    );
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    // Each writer's changes arrive in the order it made them.
    for (let writer = 0; writer < 4; writer++) {
      const own = seen.filter((id) => id.startsWith(`${writer}-`));
      expect(own).toEqual(Array.from({ length: 10 }, (_, i) => `${writer}-${i}`));
    }
  });

  it('answers a cursor older than the 30 days changes are kept with 410', async () => {
    const old = encodeCursor(['1', '1', Date.now() - 31 * 86_400_000]);
    const response = await as(t.app, a.token).get(`/v1/changes?after=${encodeURIComponent(old)}`);
    expect(expectErrorShape(response, 410, 'cursor_expired').message).toMatch(/30 days/);
    expectErrorShape(await as(t.app, a.token).get('/v1/changes?after=bm90LWEtY3Vyc29y'), 400, 'invalid_cursor');
  });

  it('is for owners and admins', async () => {
    const door = await signedInMember(t, a, 'check_in');
    expectErrorShape(await as(t.app, door.token).get('/v1/changes'), 403, 'forbidden');
    expectErrorShape(await as(t.app, null).get('/v1/changes'), 401);
  });

  it('forgets changes past keeping in the daily prune', async () => {
    await t.admin.query(
      "update changes set occurred_at = now() - interval '31 days' where tenant_id = $1 and type = 'order.paid'",
      [a.organizerId],
    );
    const job = await t.admin.query<{ id: string }>("select (graphile_worker.add_job('changes__prune', '{}')).id");
    await until(
      async () =>
        (await t.admin.query('select 1 from graphile_worker.jobs where id = $1', [job.rows[0]?.id])).rowCount === 0,
      15_000,
      'the prune',
    );
    const kept = await t.admin.query<{ type: string }>('select type from changes where tenant_id = $1', [
      a.organizerId,
    ]);
    expect(kept.rows.map((row) => row.type)).not.toContain('order.paid');
    expect(kept.rows.map((row) => row.type)).toContain('order.refunded');
  });
});
