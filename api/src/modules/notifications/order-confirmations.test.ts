import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buyTickets,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import type { BuyerMailRecipient, ConfirmationMail } from './buyer-mail.ts';

let t: TestApp;
let org: Organizer;
let tierId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await signUpOrganizer(t.app);
  const eventId = await publishedEvent(t.app, org.token, {
    tiers: [{ name: { en: 'General' }, price_cents: 2500, quantity: 500, max_per_order: 10 }],
  });
  tierId = (await as(t.app, org.token).get(`/v1/events/${eventId}`)).json().tiers[0].id;
});
afterAll(() => t.stop());

/** Holds one ticket and pays by card; the paid order's number. */
async function buyAndPay(): Promise<string> {
  return (await buyTickets(t.app, org.slug, { tickets: [{ tier_id: tierId, quantity: 1 }] })).order.number;
}

const confirmationsOf = (numbers: string[]) =>
  t.buyerMail.sent.filter((m) => m.kind === 'order_confirmation' && numbers.includes(m.orderNumber));

async function untilConfirmed(numbers: string[], timeoutMs = 10_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
    if (new Set(confirmationsOf(numbers).map((m) => m.orderNumber)).size === numbers.length) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not every order was confirmed: ${confirmationsOf(numbers).length} of ${numbers.length}`);
}

async function confirmationRows(numbers: string[]) {
  const { rows } = await t.admin.query(
    `select o.number, c.outcome, c.attempts, c.last_error, c.next_attempt_at > now() as waiting
     from order_confirmations c join orders o on o.id = c.order_id where o.number = any($1) order by o.number`,
    [numbers],
  );
  return rows as {
    number: string;
    outcome: string | null;
    attempts: number;
    last_error: string | null;
    waiting: boolean;
  }[];
}

async function unsent(numbers: string[]): Promise<number> {
  return (await confirmationRows(numbers)).filter((row) => row.outcome !== 'sent').length;
}

/** Pays for `count` orders whose confirmations are not asked for until `ask` is called. */
async function paidUnasked(count: number) {
  const { confirmations } = t.runtime.services;
  const due = confirmations.due;
  confirmations.due = () => undefined;
  const numbers: string[] = [];
  try {
    for (let i = 0; i < count; i++) numbers.push(await buyAndPay());
  } finally {
    confirmations.due = due;
  }
  return { numbers, ask: () => confirmations.due(org.organizerId) };
}

/** While it runs, sending to the orders in `failing` (or to every order, if `true`) throws. */
async function withFailingMail(failing: string[] | true, work: () => Promise<void>) {
  const mail = t.buyerMail;
  const send = mail.orderConfirmation;
  mail.orderConfirmation = async (to: BuyerMailRecipient, order: ConfirmationMail) => {
    if (failing === true || failing.includes(order.orderNumber)) throw new Error('550 mailbox unavailable');
    return send.call(mail, to, order);
  };
  try {
    await work();
  } finally {
    mail.orderConfirmation = send;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

async function sweepAfterWaits(numbers: string[]) {
  await t.admin.query(
    `update order_confirmations set next_attempt_at = now() - interval '2 minutes'
     where order_id in (select id from orders where number = any($1))`,
    [numbers],
  );
  await t.admin.query(`select graphile_worker.add_job('notifications__sweep_confirmations', '{}'::json)`);
}

describe('order confirmations', () => {
  it('confirms each of 40 orders paid at once exactly once, and records each as sent', async () => {
    const numbers = await Promise.all(Array.from({ length: 40 }, buyAndPay));
    await untilConfirmed(numbers);
    // Room for a duplicate to show up, had a second run sent the batch again.
    await settle();
    expect(confirmationsOf(numbers)).toHaveLength(40);
    expect(await unsent(numbers)).toBe(0);
  });

  it('sends a confirmation whose request was lost with the process at the next minutely check', async () => {
    const { numbers } = await paidUnasked(1);
    await settle();
    expect(confirmationsOf(numbers)).toHaveLength(0);
    expect(await unsent(numbers)).toBe(1);

    await sweepAfterWaits(numbers);
    await untilConfirmed(numbers);
    expect(await unsent(numbers)).toBe(0);
  });

  it("retries a failing message on its own, after a wait, without holding up the organizer's others", async () => {
    const { numbers, ask } = await paidUnasked(3);
    const [first, bad, last] = numbers as [string, string, string];
    await withFailingMail([bad], async () => {
      ask();
      await untilConfirmed([first, last]);
      await settle();
    });
    expect(confirmationsOf(numbers).map((m) => m.orderNumber)).toEqual([first, last]);
    expect(await confirmationRows([bad])).toEqual([
      { number: bad, outcome: null, attempts: 1, last_error: '550 mailbox unavailable', waiting: true },
    ]);

    // Asking again before its wait is over sends nothing more.
    ask();
    await settle();
    expect(confirmationsOf([bad])).toHaveLength(0);

    await sweepAfterWaits([bad]);
    await untilConfirmed([bad]);
    expect(confirmationsOf(numbers)).toHaveLength(3);
    expect(await unsent(numbers)).toBe(0);
  });

  it('gives a message up after its eighth failure', async () => {
    const { numbers } = await paidUnasked(1);
    await t.admin.query(
      `update order_confirmations set attempts = 7 where order_id = (select id from orders where number = $1)`,
      numbers,
    );
    await withFailingMail(numbers, async () => {
      await sweepAfterWaits(numbers);
      for (let waited = 0; waited < 10_000; waited += 50) {
        if ((await confirmationRows(numbers))[0]?.outcome) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    expect(await confirmationRows(numbers)).toEqual([
      { number: numbers[0], outcome: 'failed', attempts: 8, last_error: '550 mailbox unavailable', waiting: true },
    ]);
    await sweepAfterWaits(numbers);
    await settle();
    expect(confirmationsOf(numbers)).toHaveLength(0);
  });

  it('stops after three failures in a row, when the mail server itself is down, and leaves the rest due', async () => {
    const { numbers, ask } = await paidUnasked(5);
    await withFailingMail(true, async () => {
      ask();
      for (let waited = 0; waited < 10_000; waited += 50) {
        if ((await confirmationRows(numbers)).filter((row) => row.attempts > 0).length >= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await settle();
    });
    const rows = await confirmationRows(numbers);
    expect(rows.filter((row) => row.attempts === 1 && row.waiting)).toHaveLength(3);
    expect(rows.filter((row) => row.attempts === 0 && !row.waiting && row.outcome === null)).toHaveLength(2);

    // The server is back: the next run sends what was left, and the waiting ones after their wait.
    ask();
    await settle();
    expect(confirmationsOf(numbers)).toHaveLength(2);
    await sweepAfterWaits(numbers);
    await untilConfirmed(numbers);
    expect(confirmationsOf(numbers)).toHaveLength(5);
  });
});
