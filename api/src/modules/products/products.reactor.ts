import type { ChangeReactor } from '../changes/changes.service.ts';
import { removeAddOnsOfDeletedEvent } from './products.service.ts';

/** Add-ons belong to their event: a deleted draft's go with it, in the transaction that deletes it. */
export const productsReactor: ChangeReactor = {
  name: 'add-ons',
  types: ['event.deleted'],
  async react(ctx, change) {
    await removeAddOnsOfDeletedEvent(ctx, change.subjectId);
  },
};
