import type { Tasks } from '../../worker/worker.ts';
import { pruneChanges } from './changes.service.ts';

export const changeTasks: Tasks = {
  /** Daily: forgets published changes past keeping (the feed answers an older cursor with 410). */
  async changes__prune(_payload, { services, logger }) {
    const pruned = await pruneChanges(services.db);
    if (pruned > 0) logger.info(`pruned ${pruned} changes past keeping`);
  },
};
