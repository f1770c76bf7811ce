import type { Tasks } from '../../worker/worker.ts';
import { sweepExpiredKeys } from './idempotency.service.ts';

export const idempotencyTasks: Tasks = {
  /**
   * Every hour: deletes idempotency keys past their 24 hours. A lookup already treats an expired
   * key as absent, so this only keeps the table to about a day of writes.
   */
  async idempotency__sweep_keys(_payload, { services, logger }) {
    const deleted = await sweepExpiredKeys(services);
    if (deleted > 0) logger.info({ deleted }, 'deleted expired idempotency keys');
  },
};
