import { runInTenantAsSystem } from '../../context.ts';
import { enqueueJob } from '../../worker/queue.ts';
import type { Tasks } from '../../worker/worker.ts';
import { releaseOrder } from './orders.lifecycle.ts';
import { refundOrderLines } from './orders.service.ts';

interface OrderJob {
  tenantId: string;
  orderId: string;
}

interface EventJob {
  tenantId: string;
  eventId: string;
}

export const orderTasks: Tasks = {
  /** A hold's time is up: give its stock back (nothing happens if it was paid or released). */
  async orders__expire_hold(payload, { services }) {
    const { tenantId, orderId } = payload as OrderJob;
    await runInTenantAsSystem(services, tenantId, (ctx) => releaseOrder(ctx, orderId, 'expired'));
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
        await refundOrderLines(ctx, orderId, { ticketIds: null, eventId, reason: 'event_cancelled', recordedBy: null });
      }
    });
  },
};
