import type { EventPlaceAndTime } from '../../db/schema.ts';
import type { Change, ChangeReactor } from '../changes/changes.service.ts';
import { PLACE_AND_TIME_FIELDS } from '../events/events.service.ts';
import { eventPlaceOrTimeChanged } from './messages.service.ts';

/** Ticket holders hear when the date, times or place of their event change. */
export const messagesReactor: ChangeReactor = {
  name: 'ticket holder messages',
  types: ['event.updated'],
  async react(ctx, change: Change) {
    const { id, changed = [], previous = {} } = (change as Change<'event.updated'>).data;
    const fields: readonly string[] = PLACE_AND_TIME_FIELDS;
    if (!changed.some((field) => fields.includes(field))) return;
    await eventPlaceOrTimeChanged(ctx, id, previous as Partial<EventPlaceAndTime>);
  },
};
