import { type Static, Type } from 'typebox';
import { StringEnum, Timestamp } from '../../lib/schemas.ts';
import { CHANGE_CATALOG, PUBLISHED_CHANGE_TYPES } from './changes.catalog.ts';

const typeList = PUBLISHED_CHANGE_TYPES.map((type) => `- \`${type}\`: ${CHANGE_CATALOG[type].description}`).join('\n');

export const Change = Type.Object(
  {
    id: Type.String({ description: 'Unique to this change; the `webhook-id` of its webhook deliveries.' }),
    type: StringEnum(PUBLISHED_CHANGE_TYPES, { description: `What happened:\n\n${typeList}` }),
    api_version: Type.String({ description: 'The version of this envelope and of the `data` it carries.' }),
    timestamp: Timestamp,
    data: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'The record that changed, by id, with the fields that matter to the change (e.g. `order.paid`: the order’s number, total, events and ticket ids). Fetch the record for everything else.',
    }),
  },
  { $id: 'Change', description: 'Something that changed for the organizer, as the changes feed and webhooks send it.' },
);

export const ChangeListQuery = Type.Object({
  after: Type.Optional(
    Type.String({
      maxLength: 256,
      description:
        'The `next_cursor` of your previous call. Leave it out to start from the oldest change kept (changes are kept 30 days).',
    }),
  ),
  type: Type.Optional(
    Type.String({
      maxLength: 1000,
      pattern: '^[a-z_]+\\.[a-z_]+(,[a-z_]+\\.[a-z_]+)*$',
      description: 'Only these types, comma-separated, e.g. `order.paid,order.refunded`.',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Page size, 1–500.' })),
});
export type ChangeListQuery = Static<typeof ChangeListQuery>;

export const ChangeList = Type.Object({
  data: Type.Array(Type.Unsafe<Static<typeof Change>>({ $ref: 'Change' })),
  next_cursor: Type.String({
    description:
      'Always given: store it and pass it as `after` next time, whether or not this page had changes. Polling with it never misses a change and never repeats one.',
  }),
  has_more: Type.Boolean({ description: 'More changes are ready now: call again at once with `next_cursor`.' }),
});
