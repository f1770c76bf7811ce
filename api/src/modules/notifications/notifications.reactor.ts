import { enqueueJob } from '../../worker/queue.ts';
import type { Change, ChangeReactor } from '../changes/changes.service.ts';
import { confirmationDue } from './order-confirmations.ts';

/** Buyers' emails follow what happens to their orders; each is sent by a job enqueued with the change. */
export const notificationsReactor: ChangeReactor = {
  name: 'buyer emails',
  types: ['order.paid', 'order.reserved', 'order.refunded', 'waitlist.offered'],
  async react(ctx, change: Change) {
    switch (change.type) {
      case 'order.paid':
        await confirmationDue(ctx, change.subjectId);
        return;
      case 'order.reserved':
        await enqueueJob(ctx.trx, 'notifications__offline_reserved', {
          tenantId: ctx.tenantId,
          orderId: change.subjectId,
        });
        return;
      case 'order.refunded':
        await enqueueJob(ctx.trx, 'notifications__order_refunded', {
          tenantId: ctx.tenantId,
          orderId: change.subjectId,
          amountCents: (change as Change<'order.refunded'>).data.amount_cents,
        });
        return;
      case 'waitlist.offered': {
        const { id, order_id } = (change as Change<'waitlist.offered'>).data;
        await enqueueJob(ctx.trx, 'notifications__waitlist_offer', {
          tenantId: ctx.tenantId,
          entryId: id,
          orderId: order_id,
        });
        return;
      }
    }
  },
};
