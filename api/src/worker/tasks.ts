import { notificationTasks } from '../modules/notifications/notifications.tasks.ts';
import { orderTasks } from '../modules/orders/orders.tasks.ts';
import { waitlistTasks } from '../modules/waitlist/waitlist.tasks.ts';
import type { Tasks } from './worker.ts';

/**
 * Every background task, registered here and nowhere else. Names are `module__action` (e.g.
 * `orders__expire_hold`); the work lives in its module, enqueued with `enqueueJob` (queue.ts).
 */
export const tasks: Tasks = {
  ...orderTasks,
  ...notificationTasks,
  ...waitlistTasks,
};

// Recurring jobs, in graphile-worker's crontab format (one per line, times in UTC), e.g.
// `*/5 * * * * orders__sweep_holds ?max=3`. Every task named here must be in `tasks`.
export const crontab = '';
