import { sql } from 'kysely';
import { type InTenant, runInTenantAsSystem, type Services } from '../../context.ts';
import type { Order } from '../../db/schema.ts';
import { withDueConfirmations } from '../../db/tenant.ts';
import type { Tasks } from '../../worker/worker.ts';
import { activeSigningKey } from '../tickets/signing-keys.repository.ts';
import { signOrderAccess } from '../tickets/ticket-codes.ts';
import type { BuyerMailRecipient, OrderMail } from './buyer-mail.ts';
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

async function orderMail(
  ctx: InTenant,
  orderId: string,
): Promise<{ order: Order; to: BuyerMailRecipient; mail: OrderMail } | null> {
  const found = await ordersWithOrganizer(ctx).where('orders.id', '=', orderId).executeTakeFirst();
  return found ? mailAbout(ctx, found) : null;
}

// Confirmations one transaction sends; more are left to the next.
const CONFIRMATION_BATCH = 100;

/**
 * Sends up to a batch of the organizer's due confirmations and marks them handled. They stay
 * locked while being sent, so a second run for the same organizer takes the others. A failed
 * send ends the batch: what went out before it is marked, and the error is rethrown after.
 */
async function sendDueConfirmations(services: Services, tenantId: string) {
  return runInTenantAsSystem(services, tenantId, async (ctx) => {
    const due = await ordersWithOrganizer(ctx)
      .innerJoin('order_confirmations as c', (join) =>
        join.onRef('c.tenant_id', '=', 'orders.tenant_id').onRef('c.order_id', '=', 'orders.id'),
      )
      .where('c.sent_at', 'is', null)
      .orderBy('c.created_at')
      .limit(CONFIRMATION_BATCH)
      .forUpdate('c')
      .skipLocked()
      .execute();
    const handled: string[] = [];
    let failure: unknown = null;
    for (const found of due) {
      try {
        // Refunded or cancelled before its turn came: nothing to confirm any more.
        if (found.status === 'paid') {
          const { to, mail } = await mailAbout(ctx, found);
          await services.buyerMail.orderConfirmation(to, mail);
        }
        handled.push(found.id);
      } catch (error) {
        failure = error;
        break;
      }
    }
    if (handled.length > 0) {
      await ctx.trx
        .updateTable('order_confirmations')
        .set({ sent_at: sql<Date>`now()` })
        .where('tenant_id', '=', tenantId)
        .where('order_id', 'in', handled)
        .execute();
    }
    return { more: due.length === CONFIRMATION_BATCH, failure };
  });
}

/** Each message re-reads the order, so a job that runs late (or twice) says what is true then. */
export const notificationTasks: Tasks = {
  /** Every confirmation the organizer owes, a batch per transaction. */
  async notifications__send_confirmations(payload, { services }) {
    const { tenantId } = payload as { tenantId: string };
    for (;;) {
      const { more, failure } = await sendDueConfirmations(services, tenantId);
      if (failure) throw failure;
      if (!more) return;
    }
  },

  /**
   * Every minute: asks for confirmations left due for a minute, whose process stopped (or failed
   * to ask) after the payment committed.
   */
  async notifications__sweep_confirmations(_payload, { services }) {
    const owing = await withDueConfirmations(services.db, (trx) =>
      trx
        .selectFrom('order_confirmations')
        .select('tenant_id')
        .distinct()
        .where('sent_at', 'is', null)
        .where('created_at', '<', sql<Date>`now() - interval '1 minute'`)
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
    const { tenantId, orderId, amountCents } = payload as OrderJob & { amountCents: number };
    const found = await runInTenantAsSystem(services, tenantId, (ctx) => orderMail(ctx, orderId));
    if (found) {
      await services.buyerMail.orderRefunded(found.to, {
        ...found.mail,
        amountCents,
        currency: found.order.currency.trim(),
      });
    }
  },
};
