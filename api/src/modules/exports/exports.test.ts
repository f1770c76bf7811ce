import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyOf,
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

let t: TestApp;
let organizer: Organizer;
let owner: ReturnType<typeof as>;
let eventId: string;
let tierId: string;

beforeAll(async () => {
  t = await startTestApp();
  organizer = await signUpOrganizer(t.app);
  owner = as(t.app, organizer.token);
  eventId = await publishedEvent(t.app, organizer.token, { title: { en: 'Spring Gala', es: 'Gala de primavera' } });
  tierId = (await owner.get(`/v1/events/${eventId}`)).json().tiers[0].id;
});
afterAll(async () => {
  await t?.stop();
});

interface ExportBody {
  id: string;
  status: string;
  total_rows: number | null;
  done_rows: number;
  file_name: string;
  byte_size: number | null;
  expires_at: string | null;
  requested_by: string;
}

async function exported(body: Record<string, unknown>, client = owner): Promise<ExportBody> {
  const requested = await client.post('/v1/exports', body);
  expect(requested.statusCode, requested.body).toBe(202);
  expect(requested.json().status).toBe('queued');
  const id = requested.json().id as string;
  return until(
    async () => {
      const current = (await client.get(`/v1/exports/${id}`)).json() as ExportBody;
      return current.status === 'done' ? current : null;
    },
    20_000,
    'the export to be written',
  );
}

async function download(id: string) {
  const response = await owner.get(`/v1/exports/${id}/file`);
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

describe('attendee and order exports', () => {
  it("writes the attendee list with each buyer's marketing answer, as the database has it", async () => {
    await buyTickets(t.app, organizer.slug, {
      tickets: [{ tier_id: tierId, quantity: 2, attendee_names: ['Ahmed Ali', 'Şule Öztürk, MD'] }],
      buyer: { name: 'Ahmed Ali', email: 'ahmed@example.org', locale: 'ar', marketing_consent: true },
    });
    const declined = await buyTickets(t.app, organizer.slug, {
      tickets: [{ tier_id: tierId, quantity: 1, attendee_names: ['ሀና ተስፋዬ'] }],
      buyer: { name: 'ሀና ተስፋዬ', email: 'hana@example.org', locale: 'am' },
    });
    await t.admin.query(
      `update tickets set checked_in_at = '2026-03-05T00:32:00Z', checked_in_device = 'Door 1' where id = $1`,
      [declined.order.tickets[0]?.id],
    );

    const done = await exported({ kind: 'attendees', format: 'csv', event_id: eventId });
    expect(done.total_rows).toBe(3);
    expect(done.done_rows).toBe(3);
    expect(done.file_name).toMatch(/^attendees-spring-gala-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(done.requested_by).toContain(organizer.email);
    expect(Date.parse(done.expires_at ?? '') - Date.now()).toBeGreaterThan(23 * 3600_000);

    const file = await download(done.id);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${done.file_name}"`);
    expect(file.body.startsWith('\uFEFF')).toBe(true);
    const [headings, ...rows] = parse(file.body.slice(1)) as string[][];
    expect(headings).toEqual([
      'Attendee',
      'Ticket type',
      'Ticket code',
      'Ticket status',
      'Checked in',
      'Buyer',
      'Email',
      'Language',
      'Order',
      'Agreed to news',
    ]);
    const { rows: inDatabase } = await t.admin.query(
      `select t.attendee_name, t.checked_in_at, o.buyer_email, o.buyer_locale, o.number, o.marketing_consent
         from tickets t join orders o on o.id = t.order_id
        where t.event_id = $1 order by lower(t.attendee_name)`,
      [eventId],
    );
    expect(rows.map((row) => [row[0], row[6], row[7], row[8], row[9]])).toEqual(
      inDatabase.map((row) => [
        row.attendee_name,
        row.buyer_email,
        row.buyer_locale,
        row.number,
        row.marketing_consent ? 'Yes' : 'No',
      ]),
    );
    // A name with a comma stays one field; the check-in is on the organizer's clock (New York).
    expect(rows.find((row) => row[0] === 'Şule Öztürk, MD')?.[9]).toBe('Yes');
    expect(rows.find((row) => row[0] === 'ሀና ተስፋዬ')?.[4]).toBe('2026-03-04 19:32');
  });

  it('narrows the attendee list by its search, and writes in the language asked for', async () => {
    const done = await exported({ kind: 'attendees', format: 'csv', event_id: eventId, q: 'ahmed@', locale: 'es' });
    expect(done.total_rows).toBe(2);
    const [headings, ...rows] = parse((await download(done.id)).body.slice(1)) as string[][];
    expect(headings?.[0]).toBe('Asistente');
    expect(headings?.[9]).toBe('Acepta noticias');
    expect(rows.map((row) => row[9])).toEqual(['Sí', 'Sí']);
    expect(done.file_name).toMatch(/^attendees-gala-de-primavera-/);
  });

  it('writes orders to an Excel workbook with sums as numbers', async () => {
    const done = await exported({ kind: 'orders', format: 'xlsx', event_id: eventId });
    const file = await download(done.id);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [sheet] = await readXlsxFile(file.rawPayload);
    expect(sheet?.sheet).toBe('Orders');
    const [headings, ...rows] = sheet?.data ?? [];
    expect(headings?.slice(0, 8)).toEqual([
      'Order',
      'Placed',
      'Paid',
      'Status',
      'Buyer',
      'Email',
      'Language',
      'Agreed to news',
    ]);
    const { rows: orders } = await t.admin.query(
      `select number, total_cents, buyer_email, marketing_consent from orders
        where tenant_id = $1 order by created_at, id`,
      [organizer.organizerId],
    );
    expect(rows).toHaveLength(orders.length);
    const totalColumn = headings?.indexOf('Total') ?? -1;
    expect(rows.map((row) => [row[0], row[5], row[7], row[totalColumn]])).toEqual(
      orders.map((order) => [
        order.number,
        order.buyer_email,
        order.marketing_consent ? 'Yes' : 'No',
        order.total_cents / 100,
      ]),
    );
    expect(rows[0]?.[3]).toBe('Paid');
  });

  it('keeps every export as a record, newest first, and enters it in the activity log', async () => {
    const listed = await owner.get('/v1/exports?limit=2');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().data.map((row: ExportBody) => row.file_name)).toEqual([
      expect.stringMatching(/^orders-spring-gala-.*\.xlsx$/),
      expect.stringMatching(/^attendees-gala-de-primavera-.*\.csv$/),
    ]);
    const next = await owner.get(`/v1/exports?limit=2&cursor=${encodeURIComponent(listed.json().next_cursor)}`);
    expect(next.json().data).toHaveLength(1);
    const activity = (await owner.get('/v1/activity?limit=100')).json().data as { operation: string }[];
    expect(activity.filter((entry) => entry.operation === 'createExport')).toHaveLength(3);
  });

  it('deletes the file when its day is up, and says so to whoever still has the link', async () => {
    const done = await exported({ kind: 'orders', format: 'csv' });
    await t.admin.query(`update exports set expires_at = now() - interval '1 second' where id = $1`, [done.id]);
    expectErrorShape(await owner.get(`/v1/exports/${done.id}/file`), 410, 'export_expired');
    await t.admin.query(
      `update graphile_worker._private_jobs set run_at = now()
        where task_id = (select id from graphile_worker._private_tasks where identifier = 'exports__expire')
          and payload->>'exportId' = $1`,
      [done.id],
    );
    await until(
      async () => (await owner.get(`/v1/exports/${done.id}`)).json().status === 'expired',
      20_000,
      'the file to be deleted',
    );
    expect(await t.runtime.services.files.get(`exports/${organizer.organizerId}/${done.id}.csv`)).toBeNull();
    expectErrorShape(await owner.get(`/v1/exports/${done.id}/file`), 410, 'export_expired');
  });

  it('refuses what cannot be exported, with a sentence', async () => {
    expectErrorShape(await owner.post('/v1/exports', { kind: 'attendees', format: 'csv' }), 422, 'event_required');
    expectErrorShape(
      await owner.post('/v1/exports', { kind: 'orders', format: 'csv', q: 'ahmed' }),
      422,
      'search_not_supported',
    );
    expectErrorShape(
      await owner.post('/v1/exports', { kind: 'attendees', format: 'pdf', event_id: eventId }),
      400,
      'invalid_request',
    );
    expectErrorShape(
      await owner.post('/v1/exports', {
        kind: 'attendees',
        format: 'csv',
        event_id: '00000000-0000-4000-8000-000000000000',
      }),
      404,
    );
    expectErrorShape(await owner.get('/v1/exports/00000000-0000-4000-8000-000000000000/file'), 404);
  });

  it('is for owners, admins and staff, signed in: not check-in staff, not API keys', async () => {
    const door = await signedInMember(t, organizer, 'check_in');
    expectErrorShape(await door.client.post('/v1/exports', { kind: 'orders', format: 'csv' }), 403, 'forbidden');
    expectErrorShape(await door.client.get('/v1/exports'), 403, 'forbidden');
    const staff = await signedInMember(t, organizer, 'staff');
    const byStaff = await exported({ kind: 'orders', format: 'csv' }, staff.client);
    expect(byStaff.requested_by).toContain('staff-');
    await putOnPlan(t, organizer, 'pro');
    const key = await apiKeyOf(t.app, organizer, ['orders:read'], 'CRM sync');
    expect((await as(t.app, key.secret).post('/v1/exports', { kind: 'orders', format: 'csv' })).statusCode).toBe(403);
  });
});

describe('an export the worker has not written yet', () => {
  let quiet: TestApp;
  afterAll(async () => {
    await quiet?.stop();
  });

  it('is not ready (409) until it is written, and its progress counts its rows', async () => {
    quiet = await startTestApp({ runWorker: false });
    const org = await signUpOrganizer(quiet.app);
    const client = as(quiet.app, org.token);
    const event = await publishedEvent(quiet.app, org.token);
    const tier = (await client.get(`/v1/events/${event}`)).json().tiers[0].id;
    await buyTickets(quiet.app, org.slug, { tickets: [{ tier_id: tier, quantity: 3 }] });
    await quiet.runQueuedJobs();
    const requested = (await client.post('/v1/exports', { kind: 'attendees', format: 'xlsx', event_id: event })).json();
    expectErrorShape(await client.get(`/v1/exports/${requested.id}/file`), 409, 'export_not_ready');
    expect((await client.get(`/v1/exports/${requested.id}`)).json()).toMatchObject({ total_rows: null, done_rows: 0 });
    await quiet.runQueuedJobs();
    expect((await client.get(`/v1/exports/${requested.id}`)).json()).toMatchObject({
      status: 'done',
      total_rows: 3,
      done_rows: 3,
    });
    const file = await client.get(`/v1/exports/${requested.id}/file`);
    const [sheet] = await readXlsxFile(file.rawPayload);
    expect(sheet?.data).toHaveLength(4);
  });
});
