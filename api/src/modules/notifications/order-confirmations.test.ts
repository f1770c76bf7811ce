import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Organizer, publishedEvent, signUpOrganizer, startTestApp, type TestApp } from '../../test/app.ts';
import type { BuyerMailRecipient, OrderMail } from './buyer-mail.ts';

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
  const orders = `/v1/public/organizers/${org.slug}/orders`;
  const held = await t.app.inject({
    method: 'POST',
    url: orders,
    payload: {
      buyer: { name: 'Selam Bekele', email: `buyer-${Math.random().toString(36).slice(2)}@example.org` },
      tickets: [{ tier_id: tierId, quantity: 1 }],
    },
  });
  expect(held.statusCode, held.body).toBe(201);
  const { order, access_token } = held.json();
  const paid = await t.app.inject({
    method: 'POST',
    url: `${orders}/${order.id}/pay?token=${encodeURIComponent(access_token)}`,
    payload: { method: 'card', card_number: '4242424242424242' },
  });
  expect(paid.statusCode, paid.body).toBe(200);
  return order.number;
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

async function unsent(numbers: string[]): Promise<number> {
  const { rows } = await t.admin.query(
    `select count(*)::int as n from order_confirmations c join orders o on o.id = c.order_id
     where o.number = any($1) and c.sent_at is null`,
    [numbers],
  );
  return rows[0].n;
}

describe('order confirmations', () => {
  it('confirms each of 40 orders paid at once exactly once, and records each as sent', async () => {
    const numbers = await Promise.all(Array.from({ length: 40 }, buyAndPay));
    await untilConfirmed(numbers);
    // Room for a duplicate to show up, had a second run sent the batch again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(confirmationsOf(numbers)).toHaveLength(40);
    expect(await unsent(numbers)).toBe(0);
  });

  it('sends a confirmation whose request was lost with the process at the next minutely check', async () => {
    const { confirmations } = t.runtime.services;
    const due = confirmations.due;
    confirmations.due = () => undefined;
    let number: string;
    try {
      number = await buyAndPay();
    } finally {
      confirmations.due = due;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(confirmationsOf([number])).toHaveLength(0);
    expect(await unsent([number])).toBe(1);

    await t.admin.query(
      `update order_confirmations set created_at = now() - interval '2 minutes'
       where order_id = (select id from orders where number = $1)`,
      [number],
    );
    await t.admin.query(`select graphile_worker.add_job('notifications__sweep_confirmations', '{}'::json)`);
    await untilConfirmed([number]);
    expect(await unsent([number])).toBe(0);
  });

  it('stops a batch at a failed send, keeps what went out as sent, and sends the rest on the retry', async () => {
    const mail = t.buyerMail;
    const send = mail.orderConfirmation;
    let failing = '';
    mail.orderConfirmation = async (to: BuyerMailRecipient, order: OrderMail) => {
      if (order.orderNumber === failing) throw new Error('the SMTP server hung up');
      return send.call(mail, to, order);
    };
    try {
      const { confirmations } = t.runtime.services;
      const due = confirmations.due;
      // Three payments in a row, asked for together once all have committed.
      confirmations.due = () => undefined;
      const numbers: string[] = [];
      try {
        for (let i = 0; i < 3; i++) numbers.push(await buyAndPay());
      } finally {
        confirmations.due = due;
      }
      failing = numbers[1] as string;
      confirmations.due(org.organizerId);
      await untilConfirmed([numbers[0] as string]);
      expect(confirmationsOf(numbers).map((m) => m.orderNumber)).toEqual([numbers[0]]);
      expect(await unsent(numbers)).toBe(2);

      failing = '';
      // graphile-worker retries a failed job after about e^1 seconds.
      await untilConfirmed(numbers);
      expect(
        confirmationsOf(numbers)
          .map((m) => m.orderNumber)
          .sort(),
      ).toEqual([...numbers].sort());
      expect(await unsent(numbers)).toBe(0);
    } finally {
      mail.orderConfirmation = send;
    }
  });
});
