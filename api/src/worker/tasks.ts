import { authTasks } from '../modules/auth/auth.tasks.ts';
import { changeTasks } from '../modules/changes/changes.tasks.ts';
import { contactTasks } from '../modules/contact/contact.tasks.ts';
import { customerTasks } from '../modules/customers/customers.tasks.ts';
import { domainTasks } from '../modules/domains/domains.tasks.ts';
import { exportTasks } from '../modules/exports/exports.tasks.ts';
import { idempotencyTasks } from '../modules/idempotency/idempotency.tasks.ts';
import { messageTasks } from '../modules/messages/messages.tasks.ts';
import { notificationTasks } from '../modules/notifications/notifications.tasks.ts';
import { orderTasks } from '../modules/orders/orders.tasks.ts';
import { paymentDomainTasks } from '../modules/payments/payment-domains.ts';
import { paymentTasks } from '../modules/payments/stripe-webhooks.ts';
import { payoutTasks } from '../modules/payouts/payouts.tasks.ts';
import { waitlistTasks } from '../modules/waitlist/waitlist.tasks.ts';
import { webhookTasks } from '../modules/webhooks/webhooks.tasks.ts';
import type { Tasks } from './worker.ts';

/**
 * Every background task, registered here and nowhere else. Names are `module__action` (e.g.
 * `orders__sweep_holds`); the work lives in its module, enqueued with `enqueueJob` (queue.ts).
 */
export const tasks: Tasks = {
  ...authTasks,
  ...changeTasks,
  ...orderTasks,
  ...notificationTasks,
  ...messageTasks,
  ...waitlistTasks,
  ...customerTasks,
  ...contactTasks,
  ...paymentTasks,
  ...paymentDomainTasks,
  ...payoutTasks,
  ...idempotencyTasks,
  ...webhookTasks,
  ...domainTasks,
  ...exportTasks,
};

/**
 * Tasks that spend their time waiting on other people's servers: a worker of their own runs
 * them, with its own concurrency, so a slow webhook receiver never takes the slots that emails,
 * holds and payouts need.
 */
export const OUTBOUND_TASKS: ReadonlySet<string> = new Set(['webhooks__deliver']);

// Recurring jobs, in graphile-worker's crontab format (one per line, times in UTC). Every task
// named here must be in `tasks`.
export const crontab = [
  '* * * * * orders__sweep_holds',
  '* * * * * notifications__sweep_confirmations',
  '17 * * * * payouts__schedule',
  '41 4 * * * changes__prune',
  '41 * * * * idempotency__sweep_keys',
  '* * * * * webhooks__sweep',
  '53 4 * * * webhooks__prune',
  '* * * * * domains__sweep',
  '*/15 * * * * messages__send_reminders',
].join('\n');
