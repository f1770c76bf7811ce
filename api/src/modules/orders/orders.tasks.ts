import { sql } from 'kysely';
import { BY_THE_SYSTEM, runInTenantAsSystem } from '../../context.ts';
import { withLapsedHolds } from '../../db/tenant.ts';
import { enqueueJob } from '../../worker/queue.ts';
import type { Tasks } from '../../worker/worker.ts';
import { releaseOrder } from './orders.lifecycle.ts';
import { refundOrderLines } from './orders.service.ts';

const SWEEP_BATCH = 500;

interface OrderJob {
  tenantId: string;
  orderId: string;
}

interface EventJob {
  tenantId: string;
  eventId: string;
}

export const orderTasks: Tasks = {
  /**
   * Every minute: gives back the stock of holds whose time is up (unpaid checkouts, lapsed
   * cash reservations, unclaimed waitlist offers). Availability never counts them meanwhile,
   * and a buyer who runs short releases them at once. Each order is released in its own
   * organizer's transaction; one that fails is logged and tried again next minute.
   */
  async orders__sweep_holds(_payload, { services, logger }) {
    const lapsed = await withLapsedHolds(services.db, (trx) =>
      trx
        .selectFrom('orders')
        .select(['tenant_id', 'id'])
        .where('status', '=', 'pending')
        .where('expires_at', '<=', sql<Date>`now()`)
        .orderBy('expires_at')
        .limit(SWEEP_BATCH)
        .execute(),
    );
    let released = 0;
    for (const order of lapsed) {
      try {
        await runInTenantAsSystem(services, order.tenant_id, (ctx) => releaseOrder(ctx, order.id, 'expired'));
        released += 1;
      } catch (error) {
        logger.error({ err: error, tenantId: order.tenant_id, orderId: order.id }, 'could not release a lapsed hold');
      }
    }
    if (lapsed.length === SWEEP_BATCH && released > 0) {
      // More lapsed than one run takes: carry on now rather than in a minute.
      await withLapsedHolds(services.db, (trx) =>
        enqueueJob(trx, 'orders__sweep_holds', {}, { jobKey: 'sweep-holds' }),
      );
    }
  },

  /** An event was cancelled: one job per order, so one failing refund does not hold up the rest. */
  async orders__settle_cancelled_event(payload, { services }) {
    const { tenantId, eventId } = payload as EventJob;
    await runInTenantAsSystem(services, tenantId, async (ctx) => {
      const orders = await ctx.trx
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', (join) =>
          join.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'),
        )
        .select('o.id')
        .distinct()
        .where('l.tenant_id', '=', tenantId)
        .where('l.event_id', '=', eventId)
        .where('o.status', 'in', ['pending', 'paid', 'partially_refunded'])
        .execute();
      for (const order of orders) {
        await enqueueJob(ctx.trx, 'orders__settle_for_cancelled_event', { tenantId, eventId, orderId: order.id });
      }
    });
  },

  /** Cancels (unpaid) or refunds (paid) one order's part in a cancelled event; twice is harmless. */
  async orders__settle_for_cancelled_event(payload, { services }) {
    const { tenantId, eventId, orderId } = payload as EventJob & OrderJob;
    await runInTenantAsSystem(services, tenantId, async (ctx) => {
      const order = await ctx.trx
        .selectFrom('orders')
        .select('status')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', orderId)
        .executeTakeFirst();
      if (order?.status === 'pending') {
        await releaseOrder(ctx, orderId, 'cancelled');
        return;
      }
      if (order?.status !== 'paid' && order?.status !== 'partially_refunded') return;
      const open = await ctx.trx
        .selectFrom('order_lines')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('order_id', '=', orderId)
        .where('event_id', '=', eventId)
        .whereRef('refunded_quantity', '<', 'quantity')
        .executeTakeFirst();
      if (open) {
        await refundOrderLines(ctx, orderId, {
          ticketIds: null,
          eventId,
          reason: 'event_cancelled',
          recordedBy: BY_THE_SYSTEM,
        });
      }
    });
  },
};
