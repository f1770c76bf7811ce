import { sql } from 'kysely';
import { type InTenant, runInTenantAsSystem, type Services } from '../../context.ts';
import type { ConfirmationOutcome, LocalizedText, Order } from '../../db/schema.ts';
import { withDueConfirmations } from '../../db/tenant.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Tasks } from '../../worker/worker.ts';
import { formatShortCode } from '../tickets/short-codes.ts';
import { activeSigningKey } from '../tickets/signing-keys.repository.ts';
import { signOrderAccess } from '../tickets/ticket-codes.ts';
import { validTicketsOf } from '../tickets/tickets.service.ts';
import type { BuyerMailRecipient, MailTicket, OrderMail } from './buyer-mail.ts';
import { requestConfirmations } from './order-confirmations.ts';

interface OrderJob {
  tenantId: string;
  orderId: string;
}

/** A page of the organizer's storefront that opens with a secret token (never logged). */
export function storefrontLink(services: Services, slug: string, path: string, token: string): string {
  const base = services.config.storefrontUrl.replace('{slug}', slug).replace(/\/$/, '');
  return `${base}${path}?token=${encodeURIComponent(token)}`;
}

/** The storefront page of an order, opened by its signed access token. */
export function orderLink(services: Services, slug: string, orderId: string, token: string): string {
  return storefrontLink(services, slug, `/orders/${orderId}`, token);
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
): Promise<{ order: Order; to: BuyerMailRecipient; mail: OrderMail }> {
  const { organizer_slug: slug, organizer_name: organizerName, organizer_time_zone: timeZone, ...order } = found;
  const token = signOrderAccess(await activeSigningKey(ctx.trx, ctx.tenantId), ctx.tenantId, order.id);
  return {
    order,
    to: { email: order.buyer_email, name: order.buyer_name, locale: order.buyer_locale },
    mail: {
      organizerName,
      orderNumber: order.number,
      link: orderLink(ctx.services, slug, order.id, token),
      timeZone,
    },
  };
}

/** Organizer text in the buyer's language when it is written in it, else English, else any. */
function inLanguageOf(text: LocalizedText, locale: string): string {
  const language = locale.split('-')[0] ?? '';
  return text[locale] ?? text[language] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** The order's valid tickets with their short codes, for the confirmation. */
async function mailTickets(ctx: InTenant, orderId: string, locale: string): Promise<MailTicket[]> {
  return (await validTicketsOf(ctx, orderId)).map((ticket) => ({
    shortCode: formatShortCode(ticket.short_code),
    event: inLanguageOf(ticket.event_title, locale),
    tier: inLanguageOf(ticket.tier_name, locale),
    attendee: ticket.attendee_name,
  }));
}

async function orderMail(
  ctx: InTenant,
  orderId: string,
): Promise<{ order: Order; to: BuyerMailRecipient; mail: OrderMail } | null> {
  const found = await ordersWithOrganizer(ctx).where('orders.id', '=', orderId).executeTakeFirst();
  return found ? mailAbout(ctx, found) : null;
}

// Confirmations one transaction sends; more are left to the next.
const CONFIRMATION_BATCH = 100;
// A message failing this many times in a row is given up (after about two hours of waits).
const MAX_SEND_ATTEMPTS = 8;
// Failures in a row after which the mail server itself looks down: the rest wait for later.
const FAILURES_MEANING_OUTAGE = 3;

/**
 * Sends up to a batch of the organizer's due confirmations and records what became of each.
 * They stay locked while being sent, so a second run for the same organizer takes the others.
 * A message that fails waits (1, 2, 4… minutes) and is tried again on its own, and is given up
 * after its eighth failure; a few failures in a row end the batch, leaving the rest due.
 */
async function sendDueConfirmations(services: Services, tenantId: string, logger: Logger) {
  return runInTenantAsSystem(services, tenantId, async (ctx) => {
    const due = await ordersWithOrganizer(ctx)
      .innerJoin('order_confirmations as c', (join) =>
        join.onRef('c.tenant_id', '=', 'orders.tenant_id').onRef('c.order_id', '=', 'orders.id'),
      )
      .select('c.attempts')
      .where('c.handled_at', 'is', null)
      .where('c.next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('c.next_attempt_at')
      .limit(CONFIRMATION_BATCH)
      .forUpdate('c')
      .skipLocked()
      .execute();
    const handled: Record<'sent' | 'not_paid', string[]> = { sent: [], not_paid: [] };
    const failures: { orderId: string; error: string; givenUp: boolean }[] = [];
    let failuresInARow = 0;
    for (const { attempts, ...found } of due) {
      // Refunded or cancelled before its turn came: nothing to confirm any more.
      if (found.status !== 'paid') {
        handled.not_paid.push(found.id);
        continue;
      }
      try {
        const { to, mail } = await mailAbout(ctx, found);
        const tickets = await mailTickets(ctx, found.id, to.locale);
        await services.buyerMail.orderConfirmation(to, { ...mail, tickets });
        handled.sent.push(found.id);
        failuresInARow = 0;
      } catch (error) {
        const givenUp = attempts + 1 >= MAX_SEND_ATTEMPTS;
        const context = { err: error, tenantId, orderId: found.id, attempt: attempts + 1 };
        if (givenUp) logger.error(context, 'giving up on an order confirmation after repeated failures');
        else logger.warn(context, 'an order confirmation failed; it will be tried again');
        failures.push({ orderId: found.id, error: error instanceof Error ? error.message : String(error), givenUp });
        failuresInARow += 1;
        if (failuresInARow >= FAILURES_MEANING_OUTAGE) break;
      }
    }
    for (const failure of failures) {
      await ctx.trx
        .updateTable('order_confirmations')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: failure.error.slice(0, 500),
          next_attempt_at: sql<Date>`now() + make_interval(mins => power(2, attempts)::int)`,
          ...(failure.givenUp ? { outcome: 'failed' as const, handled_at: sql<Date>`now()` } : {}),
        }))
        .where('tenant_id', '=', tenantId)
        .where('order_id', '=', failure.orderId)
        .execute();
    }
    for (const [outcome, orderIds] of Object.entries(handled) as [ConfirmationOutcome, string[]][]) {
      if (orderIds.length === 0) continue;
      await ctx.trx
        .updateTable('order_confirmations')
        .set({ outcome, handled_at: sql<Date>`now()` })
        .where('tenant_id', '=', tenantId)
        .where('order_id', 'in', orderIds)
        .execute();
    }
    return { more: due.length === CONFIRMATION_BATCH && failuresInARow < FAILURES_MEANING_OUTAGE };
  });
}

/** Each message re-reads the order, so a job that runs late (or twice) says what is true then. */
export const notificationTasks: Tasks = {
  /** Every confirmation the organizer owes now, a batch per transaction. */
  async notifications__send_confirmations(payload, { services, logger }) {
    const { tenantId } = payload as { tenantId: string };
    while ((await sendDueConfirmations(services, tenantId, logger)).more);
  },

  /**
   * Every minute: asks for confirmations due for a minute that nobody is sending — retries whose
   * wait is over, and any whose process stopped (or failed to ask) after the payment committed.
   */
  async notifications__sweep_confirmations(_payload, { services }) {
    const owing = await withDueConfirmations(services.db, (trx) =>
      trx
        .selectFrom('order_confirmations')
        .select('tenant_id')
        .distinct()
        .where('handled_at', 'is', null)
        .where('next_attempt_at', '<', sql<Date>`now() - interval '1 minute'`)
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
