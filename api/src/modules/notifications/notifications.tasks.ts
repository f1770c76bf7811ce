import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type InTenant, runInTenantAsSystem, type Services } from '../../context.ts';
import type { Order } from '../../db/schema.ts';
import { withDueConfirmations } from '../../db/tenant.ts';
import { textIn } from '../../lib/i18n.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Tasks } from '../../worker/worker.ts';
import { mailBranding } from '../branding/branding.service.ts';
import { storefrontBaseUrl } from '../domains/domains.service.ts';
import { linesOfOrder } from '../orders/orders.service.ts';
import { formatShortCode } from '../tickets/short-codes.ts';
import { activeSigningKey } from '../tickets/signing-keys.repository.ts';
import { type PrivateSigningKey, signOrderAccess, signTicketCode } from '../tickets/ticket-codes.ts';
import { validTicketsOf } from '../tickets/tickets.service.ts';
import type { BuyerMailRecipient, ConfirmationMail, MailEvent, MailTicket, OrderMail } from './buyer-mail.ts';
import { requestConfirmations } from './order-confirmations.ts';

interface OrderJob {
  tenantId: string;
  orderId: string;
}

/**
 * A page of the organizer's storefront that opens with a secret token (never logged), on its
 * verified custom domain when it has one.
 */
export async function storefrontLink(ctx: InTenant, slug: string, path: string, token: string): Promise<string> {
  const base = await storefrontBaseUrl(ctx, slug);
  return `${base}${path}?token=${encodeURIComponent(token)}`;
}

/** The storefront page of an order, opened by its signed access token. */
export function orderLink(ctx: InTenant, slug: string, orderId: string, token: string): Promise<string> {
  return storefrontLink(ctx, slug, `/orders/${orderId}`, token);
}

/** The storefront page of an order with its tickets, signed with the organizer's active key. */
export async function signedOrderLink(ctx: InTenant, slug: string, orderId: string): Promise<string> {
  const key = await activeSigningKey(ctx.trx, ctx.tenantId);
  return orderLink(ctx, slug, orderId, signOrderAccess(key, ctx.tenantId, orderId));
}

function ordersWithOrganizer(ctx: InTenant) {
  return ctx.trx
    .selectFrom('orders')
    .innerJoin('tenants', 'tenants.id', 'orders.tenant_id')
    .selectAll('orders')
    .select([
      'tenants.slug as organizer_slug',
      'tenants.name as organizer_name',
      'tenants.time_zone as organizer_time_zone',
    ])
    .where('orders.tenant_id', '=', ctx.tenantId);
}

type OrderWithOrganizer = Order & { organizer_slug: string; organizer_name: string; organizer_time_zone: string };

async function mailAbout(
  ctx: InTenant,
  found: OrderWithOrganizer,
): Promise<{ order: Order; to: BuyerMailRecipient; mail: OrderMail; key: PrivateSigningKey }> {
  const { organizer_slug: slug, organizer_name: organizerName, organizer_time_zone: timeZone, ...order } = found;
  const key = await activeSigningKey(ctx.trx, ctx.tenantId);
  const token = signOrderAccess(key, ctx.tenantId, order.id);
  const brand = await mailBranding(ctx);
  return {
    order,
    key,
    to: { email: order.buyer_email, name: order.buyer_name, locale: order.buyer_locale },
    mail: {
      organizerName,
      brand,
      orderNumber: order.number,
      link: await orderLink(ctx, slug, order.id, token),
      timeZone,
    },
  };
}

/**
 * What the confirmation tells beyond the order: its valid tickets with their codes, their events,
 * and what was paid, names in the buyer's language.
 */
async function confirmationOf(
  ctx: InTenant,
  order: Order,
  key: PrivateSigningKey,
  locale: string,
): Promise<Omit<ConfirmationMail, keyof OrderMail>> {
  const [valid, lines] = await Promise.all([validTicketsOf(ctx, order.id), linesOfOrder(ctx, order.id)]);
  const tickets: MailTicket[] = valid.map((ticket) => ({
    shortCode: formatShortCode(ticket.short_code),
    code: signTicketCode(key, { tenantId: ctx.tenantId, eventId: ticket.event_id, ticketId: ticket.id }),
    eventId: ticket.event_id,
    event: textIn(ticket.event_title, locale),
    tier: textIn(ticket.tier_name, locale),
    attendee: ticket.attendee_name,
  }));
  const events = new Map<string, MailEvent>();
  for (const { event_id: id, event_title: title, event } of valid) {
    if (events.has(id)) continue;
    events.set(id, {
      id,
      title: textIn(title, locale),
      startsAt: event.starts_at,
      endsAt: event.ends_at,
      timeZone: event.time_zone,
      venue: {
        kind: 'place',
        name: event.venue_name,
        address: event.address_line,
        city: event.city,
        state: event.state,
        postalCode: event.postal_code,
        country: event.country.trim(),
      },
      onlineUrl: event.online_url,
    });
  }
  const eventTitles = new Map(valid.map((ticket) => [ticket.event_id, textIn(ticket.event_title, locale)]));
  return {
    tickets,
    events: [...events.values()],
    payment: {
      currency: order.currency.trim(),
      lines: lines
        .filter((line) => line.kind !== 'donation')
        .map((line) => ({
          description: textIn(line.description, locale),
          event: line.kind === 'ticket' && line.event_id ? (eventTitles.get(line.event_id) ?? null) : null,
          quantity: line.quantity,
          amountCents: line.subtotal_cents,
        })),
      discountCents: order.discount_cents,
      feeCents: order.fee_cents,
      taxCents: order.tax_cents,
      donationCents: order.donation_cents,
      totalCents: order.total_cents,
    },
    paidAt: order.paid_at ?? order.updated_at,
  };
}

async function orderMail(
  ctx: InTenant,
  orderId: string,
): Promise<{ order: Order; to: BuyerMailRecipient; mail: OrderMail } | null> {
  const found = await ordersWithOrganizer(ctx).where('orders.id', '=', orderId).executeTakeFirst();
  return found ? mailAbout(ctx, found) : null;
}

/**
 * An order's confirmation as its buyer is sent it (events, tickets with their codes, what was
 * paid, in the buyer's language unless `locale` names another), for a copy to the organizer or
 * the tickets' PDF; null when there is no such order.
 */
export async function confirmationCopy(
  ctx: InTenant,
  orderId: string,
  locale?: string,
): Promise<{ confirmation: ConfirmationMail & { orderId: string }; buyer: BuyerMailRecipient } | null> {
  const found = await ordersWithOrganizer(ctx).where('orders.id', '=', orderId).executeTakeFirst();
  if (!found) return null;
  const { order, to: recipient, mail, key } = await mailAbout(ctx, found);
  const to = locale ? { ...recipient, locale } : recipient;
  return { confirmation: { ...mail, ...(await confirmationOf(ctx, order, key, to.locale)), orderId }, buyer: to };
}

// Confirmations one run claims at a time; it claims more once these are through.
const CONFIRMATION_BATCH = 100;
// A message failing this many times in a row is given up (after about two hours of waits).
const MAX_SEND_ATTEMPTS = 8;
// Failures in a row after which the mail server itself looks down: the rest wait for later.
const FAILURES_MEANING_OUTAGE = 3;
// A claim lapses this long after it was last renewed; its sender renews it every quarter of
// that, between messages. A sender that died leaves its claim to run out, and the minutely sweep
// then asks for the rest: within two minutes of the crash.
const LEASE_SECONDS = 60;
const RENEW_LEASE_AFTER_MS = 15_000;

interface ClaimedConfirmation {
  orderId: string;
  attempts: number;
  to: BuyerMailRecipient;
  mail: ConfirmationMail;
}

/**
 * Takes up to a batch of the organizer's due confirmations that nobody holds, under a lease of
 * its own, and settles those whose order is no longer paid. The claim is committed before any
 * message goes, so a second run for the same organizer takes others, and a run that dies leaves
 * its claim to lapse instead of its record of what it sent to be rolled back.
 */
function claimDueConfirmations(services: Services, tenantId: string, leaseId: string) {
  return runInTenantAsSystem(services, tenantId, async (ctx) => {
    const due = await ordersWithOrganizer(ctx)
      .innerJoin('order_confirmations as c', (join) =>
        join.onRef('c.tenant_id', '=', 'orders.tenant_id').onRef('c.order_id', '=', 'orders.id'),
      )
      .select('c.attempts')
      .where('c.handled_at', 'is', null)
      .where('c.next_attempt_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('c.leased_until', 'is', null), eb('c.leased_until', '<=', sql<Date>`now()`)]))
      .orderBy('c.next_attempt_at')
      .limit(CONFIRMATION_BATCH)
      .forUpdate('c')
      .skipLocked()
      .execute();
    const claimed: ClaimedConfirmation[] = [];
    // Refunded or cancelled before its turn came: nothing to confirm any more.
    const notPaid: string[] = [];
    for (const { attempts, ...found } of due) {
      if (found.status !== 'paid') {
        notPaid.push(found.id);
        continue;
      }
      const { order, to, mail, key } = await mailAbout(ctx, found);
      claimed.push({
        orderId: found.id,
        attempts,
        to,
        mail: { ...mail, ...(await confirmationOf(ctx, order, key, to.locale)) },
      });
    }
    const confirmations = () => ctx.trx.updateTable('order_confirmations').where('tenant_id', '=', tenantId);
    if (notPaid.length > 0) {
      await confirmations()
        .set({ outcome: 'not_paid', handled_at: sql<Date>`now()`, lease_id: null, leased_until: null })
        .where('order_id', 'in', notPaid)
        .execute();
    }
    if (claimed.length > 0) {
      await confirmations()
        .set({ lease_id: leaseId, leased_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` })
        .where(
          'order_id',
          'in',
          claimed.map((confirmation) => confirmation.orderId),
        )
        .execute();
    }
    return { found: due.length, claimed };
  });
}

/** Extends the claim; answers the confirmations still held under it (another run may have taken a lapsed one). */
function renewLease(services: Services, tenantId: string, leaseId: string): Promise<Set<string>> {
  return runInTenantAsSystem(services, tenantId, async (ctx) => {
    const held = await ctx.trx
      .updateTable('order_confirmations')
      .set({ leased_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where('tenant_id', '=', tenantId)
      .where('lease_id', '=', leaseId)
      .where('handled_at', 'is', null)
      .returning('order_id')
      .execute();
    return new Set(held.map((row) => row.order_id));
  });
}

/**
 * Records that the mail server accepted the message, committed before the next one goes: one
 * statement (`app.record_confirmation_sent` enters the tenant itself), since in a rush each
 * round trip to the database waits behind the buyers' requests.
 */
function recordSent(services: Services, tenantId: string, orderId: string): Promise<unknown> {
  return sql`select app.record_confirmation_sent(${tenantId}::uuid, ${orderId}::uuid)`.execute(services.db);
}

function recordFailure(
  services: Services,
  tenantId: string,
  failure: { orderId: string; error: string; givenUp: boolean },
): Promise<unknown> {
  return runInTenantAsSystem(services, tenantId, (ctx) =>
    ctx.trx
      .updateTable('order_confirmations')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: failure.error.slice(0, 500),
        next_attempt_at: sql<Date>`now() + make_interval(mins => power(2, attempts)::int)`,
        lease_id: null,
        leased_until: null,
        ...(failure.givenUp ? { outcome: 'failed' as const, handled_at: sql<Date>`now()` } : {}),
      }))
      .where('tenant_id', '=', tenantId)
      .where('order_id', '=', failure.orderId)
      .where('handled_at', 'is', null)
      .execute(),
  );
}

/** Gives back what the run claimed and did not send, for the next run to take at once. */
function releaseLease(services: Services, tenantId: string, leaseId: string): Promise<unknown> {
  return runInTenantAsSystem(services, tenantId, (ctx) =>
    ctx.trx
      .updateTable('order_confirmations')
      .set({ lease_id: null, leased_until: null })
      .where('tenant_id', '=', tenantId)
      .where('lease_id', '=', leaseId)
      .execute(),
  );
}

/**
 * Sends up to a batch of the organizer's due confirmations, recording each one as soon as the
 * mail server has accepted it. A message that fails waits (1, 2, 4… minutes) and is tried again
 * on its own, and is given up after its eighth failure; a few failures in a row end the batch,
 * leaving the rest due. A worker asked to stop ends the batch too, and gives the rest back.
 *
 * The batch keeps one connection of the pool for its records: in a rush of sales, waiting for
 * the busy pool before each record held confirmations up far more than the records cost.
 */
function sendDueConfirmations(services: Services, tenantId: string, logger: Logger, signal: AbortSignal) {
  return services.db.connection().execute(async (connection) => {
    const sender: Services = { ...services, db: connection };
    const leaseId = randomUUID();
    const { found, claimed } = await claimDueConfirmations(sender, tenantId, leaseId);
    let held: Set<string> | null = null;
    let renewedAt = Date.now();
    let failuresInARow = 0;
    try {
      for (const { orderId, attempts, to, mail } of claimed) {
        if (signal.aborted) break;
        if (Date.now() - renewedAt >= RENEW_LEASE_AFTER_MS) {
          held = await renewLease(sender, tenantId, leaseId);
          renewedAt = Date.now();
        }
        // Its claim lapsed while this run was held up, and another run took it.
        if (held && !held.has(orderId)) continue;
        try {
          await services.buyerMail.orderConfirmation(to, { ...mail, orderId });
        } catch (error) {
          const givenUp = attempts + 1 >= MAX_SEND_ATTEMPTS;
          const context = { err: error, tenantId, orderId, attempt: attempts + 1 };
          if (givenUp) logger.error(context, 'giving up on an order confirmation after repeated failures');
          else logger.warn(context, 'an order confirmation failed; it will be tried again');
          await recordFailure(sender, tenantId, {
            orderId,
            error: error instanceof Error ? error.message : String(error),
            givenUp,
          });
          failuresInARow += 1;
          if (failuresInARow >= FAILURES_MEANING_OUTAGE) break;
          continue;
        }
        // A crash between the server's acceptance and this line sends this one message again, with
        // the same Message-ID, so that the buyer's mail server may drop the copy.
        await recordSent(sender, tenantId, orderId);
        failuresInARow = 0;
      }
    } finally {
      await releaseLease(sender, tenantId, leaseId);
    }
    return { more: found === CONFIRMATION_BATCH && failuresInARow < FAILURES_MEANING_OUTAGE && !signal.aborted };
  });
}

/** Each message re-reads the order, so a job that runs late (or twice) says what is true then. */
export const notificationTasks: Tasks = {
  /** Every confirmation the organizer owes now, a batch per transaction. */
  async notifications__send_confirmations(payload, { services, logger, signal }) {
    const { tenantId } = payload as { tenantId: string };
    while ((await sendDueConfirmations(services, tenantId, logger, signal)).more);
  },

  /**
   * Every minute: asks for confirmations due for a minute that nobody is sending — retries whose
   * wait is over, any whose process stopped (or failed to ask) after the payment committed, and
   * the rest of a batch whose sender died (once its claim has lapsed; its job stays locked).
   */
  async notifications__sweep_confirmations(_payload, { services }) {
    const owing = await withDueConfirmations(services.db, (trx) =>
      trx
        .selectFrom('order_confirmations')
        .select('tenant_id')
        .distinct()
        .where('handled_at', 'is', null)
        .where('next_attempt_at', '<', sql<Date>`now() - interval '1 minute'`)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', sql<Date>`now()`)]))
        .execute(),
    );
    for (const { tenant_id: tenantId } of owing) await requestConfirmations(services.db, tenantId);
  },

  async notifications__offline_reserved(payload, { services }) {
    const { tenantId, orderId } = payload as OrderJob;
    const found = await runInTenantAsSystem(services, tenantId, (ctx) => orderMail(ctx, orderId));
    if (found?.order.status === 'pending' && found.order.expires_at && found.order.payment_method) {
      await services.buyerMail.offlinePaymentReserved(found.to, {
        ...found.mail,
        payBy: found.order.expires_at,
        method: found.order.payment_partner ?? found.order.payment_method,
      });
    }
  },

  /** Sent only while the offer stands: a late job for a lapsed or claimed offer says nothing. */
  async notifications__waitlist_offer(payload, { services }) {
    const { tenantId, entryId, orderId } = payload as OrderJob & { entryId: string };
    const found = await runInTenantAsSystem(services, tenantId, async (ctx) => {
      const entry = await ctx.trx
        .selectFrom('waitlist_entries as w')
        .innerJoin('events as e', (join) =>
          join.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.event_id'),
        )
        .select(['w.status', 'w.offer_order_id', 'w.offer_expires_at', 'e.title', 'e.time_zone'])
        .where('w.tenant_id', '=', tenantId)
        .where('w.id', '=', entryId)
        .executeTakeFirst();
      if (entry?.status !== 'offered' || entry.offer_order_id !== orderId || !entry.offer_expires_at) return null;
      const mail = await orderMail(ctx, orderId);
      return mail && { ...mail, expiresAt: entry.offer_expires_at, title: entry.title, timeZone: entry.time_zone };
    });
    if (found) {
      const eventTitle = found.title[found.to.locale] ?? found.title.en ?? Object.values(found.title)[0] ?? '';
      await services.buyerMail.waitlistOffer(found.to, {
        ...found.mail,
        // The offer's deadline on the event's clock, where the buyer will be.
        timeZone: found.timeZone,
        eventTitle,
        expiresAt: found.expiresAt,
      });
    }
  },

  async notifications__order_refunded(payload, { services }) {
    const { tenantId, orderId, amountCents, latePayment } = payload as OrderJob & {
      amountCents: number;
      latePayment?: boolean;
    };
    const found = await runInTenantAsSystem(services, tenantId, (ctx) => orderMail(ctx, orderId));
    if (found) {
      await services.buyerMail.orderRefunded(found.to, {
        ...found.mail,
        amountCents,
        currency: found.order.currency.trim(),
        latePayment: latePayment === true,
      });
    }
  },
};
