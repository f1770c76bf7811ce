import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buyTickets,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../test/smtp.ts';

/**
 * A worker killed (`kill -9`) in the middle of a batch of order confirmations, and another one
 * started after it: every buyer gets the confirmation, and only a message the mail server was
 * accepting at the instant of the kill may arrive twice — with the same Message-ID. The workers
 * are real processes (`cli.ts worker`, as `pnpm start:worker` runs it) sending through a real
 * SMTP server that takes its time to accept each message, so that the kill lands mid-batch.
 */

const API_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const ORDERS = 100;
const MAIL_DOMAIN = 'example.org';

let smtp: TestSmtpServer;
let t: TestApp;
let org: Organizer;
const workers: { child: ChildProcess; output: string[] }[] = [];
/** Order id by the buyer's email (each order has its own buyer). */
const orderOf = new Map<string, string>();

beforeAll(async () => {
  smtp = await startSmtpServer(undefined, { acceptDelayMs: 40 });
  // The API alone: the payments below only queue the confirmations' job, for the workers.
  t = await startTestApp(
    { smtpUrl: smtp.url, runWorker: false, mailFrom: { name: 'Access Plus', address: `tickets@${MAIL_DOMAIN}` } },
    { deliverMail: true },
  );
  org = await signUpOrganizer(t.app);
  const eventId = await publishedEvent(t.app, org.token, {
    tiers: [{ name: { en: 'General' }, price_cents: 2500, quantity: ORDERS }],
  });
  const tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
  for (let i = 0; i < ORDERS; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const email = `buyer-${i + j}@example.org`;
        const { order } = await buyTickets(t.app, org.slug, {
          buyer: { name: `Buyer ${i + j}`, email },
          tickets: [{ tier_id: tierId, quantity: 1 }],
        });
        orderOf.set(email, order.id);
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  for (const { child } of workers) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  await t?.stop();
  await smtp?.stop();
});

/** `node --import tsx src/cli.ts worker` on the test database, one process (no tsx wrapper to outlive a kill). */
function startWorkerProcess() {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], {
    cwd: API_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: t.adminUrl,
      APP_DATABASE_URL: t.appRoleUrl,
      APP_DATABASE_PASSWORD: '',
      REDIS_URL: '',
      SEED_DEMO: 'false',
      SMTP_URL: smtp.url,
      MAIL_FROM: `Access Plus <tickets@${MAIL_DOMAIN}>`,
      WORKER_POLL_INTERVAL_MS: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  workers.push({ child, output });
  return { child, output };
}

/** Says what the worker printed when `work` fails. */
async function withOutputOf<T>(worker: { output: string[] }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`${(error as Error).message}\nThe worker said:\n${worker.output.join('')}`);
  }
}

const confirmations = () => smtp.received.filter((mail) => /^Your tickets from /.test(mail.headers.subject ?? ''));

async function confirmationRows() {
  const { rows } = await t.admin.query<{
    order_id: string;
    outcome: string | null;
    leased: boolean;
    lease_ends_within_a_minute: boolean | null;
  }>(
    `select c.order_id, c.outcome, c.lease_id is not null as leased,
            c.leased_until <= now() + interval '60 seconds' as lease_ends_within_a_minute
     from order_confirmations c join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
     where o.tenant_id = $1`,
    [org.organizerId],
  );
  return rows;
}

describe('a worker killed in the middle of a batch of confirmations', () => {
  it('leaves every buyer one confirmation (two at most for the message in flight), with a fixed Message-ID', async () => {
    const first = startWorkerProcess();
    await withOutputOf(first, () => until(() => confirmations().length >= 30, 60_000, '30 confirmations sent'));
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    const receivedAtKill = confirmations().length;
    expect(receivedAtKill, 'the kill lands in the middle of the batch').toBeLessThan(ORDERS);

    // What the dead worker recorded: each message the server accepted, but the one it was
    // accepting at the instant of the kill, which the worker never heard about.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterKill = await confirmationRows();
    const recorded = afterKill.filter((row) => row.outcome === 'sent').length;
    expect.soft(recorded).toBeGreaterThanOrEqual(receivedAtKill - 1);
    expect.soft(recorded).toBeLessThanOrEqual(confirmations().length);
    // The rest stay claimed by the dead worker for at most a minute, and its job stays locked
    // (graphile-worker frees a dead worker's job only after four hours).
    const unsent = afterKill.filter((row) => row.outcome === null);
    expect.soft(unsent.length).toBeGreaterThan(0);
    expect.soft(unsent.every((row) => !row.leased || row.lease_ends_within_a_minute)).toBe(true);
    const { rows: locked } = await t.admin.query(
      `select 1 from graphile_worker.jobs where task_identifier = 'notifications__send_confirmations' and locked_at is not null`,
    );
    expect.soft(locked).toHaveLength(1);

    // A minute later: the claim has lapsed, and the minutely sweep asks the new worker to send
    // the rest (the clock is moved on instead of waited for).
    smtp.acceptDelayMs = 0;
    await t.admin.query(
      `update order_confirmations
       set next_attempt_at = next_attempt_at - interval '2 minutes',
           leased_until = case when lease_id is null then null else now() - interval '1 second' end
       where tenant_id = $1 and handled_at is null`,
      [org.organizerId],
    );
    const second = startWorkerProcess();
    await t.admin.query(`select graphile_worker.add_job('notifications__sweep_confirmations', '{}'::json)`);
    await withOutputOf(second, () =>
      until(
        async () => (await confirmationRows()).every((row) => row.outcome === 'sent'),
        60_000,
        'every confirmation recorded as sent',
      ),
    );
    // Room for a duplicate to show up, had anything been sent twice more.
    await new Promise((resolve) => setTimeout(resolve, 600));

    const byBuyer = new Map<string, ReceivedMail[]>();
    for (const mail of confirmations()) {
      const to = mail.envelope.to[0] ?? '';
      byBuyer.set(to, [...(byBuyer.get(to) ?? []), mail]);
    }
    expect([...byBuyer.keys()].sort()).toEqual([...orderOf.keys()].sort());
    const duplicates = confirmations().length - byBuyer.size;
    // A message the server accepted in the instant before the kill cannot have been recorded as
    // sent: the worker died before it heard the answer. That one, and only that one, may be sent
    // again.
    expect(duplicates, 'only the message in flight at the kill may be sent twice').toBeLessThanOrEqual(1);
    for (const [buyer, copies] of byBuyer) {
      const expected = `<order-confirmation.${orderOf.get(buyer)}@${MAIL_DOMAIN}>`;
      expect(
        copies.map((copy) => copy.headers['message-id']),
        buyer,
      ).toEqual(copies.map(() => expected));
    }

    // order_confirmations agrees with the mail server: each order's confirmation recorded as sent
    // once, and every one of them arrived.
    const rows = await confirmationRows();
    expect(rows).toHaveLength(ORDERS);
    expect(rows.filter((row) => row.outcome === 'sent' && !row.leased)).toHaveLength(byBuyer.size);
  }, 180_000);
});
