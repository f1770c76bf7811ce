import { type Static, Type } from 'typebox';
import { Nullable, PageQuery, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';

export const ActivityEntry = Type.Object(
  {
    id: Type.String({ description: 'Entries are numbered in the order they were written.' }),
    occurred_at: Timestamp,
    actor: Type.Object({
      kind: StringEnum(['member', 'api_key'] as const),
      user_id: Nullable(Uuid),
      api_key_id: Nullable(Uuid),
      label: Type.String({ description: 'The person’s name and email, or the key’s name, as they were then.' }),
    }),
    operation: Type.String({
      description: 'The API operation, as the reference names it: `updateEvent`, `refundOrder` …',
    }),
    area: Type.String({
      description: 'The part of the API it belongs to, as the reference groups it: Events, Orders …',
    }),
    method: StringEnum(['POST', 'PUT', 'PATCH', 'DELETE'] as const),
    path: Type.String({ description: 'The request’s path, with the ids it named.' }),
    resource_id: Nullable(
      Type.String({ description: 'The record written: the one the path names, or the one created.' }),
    ),
    changes: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'The values the request set. Passwords, secrets, tokens and taxpayer numbers show as "[hidden]"; long texts are cut.',
    }),
    ip_address: Type.String({ description: 'Where the request came from.' }),
    user_agent: Type.String(),
  },
  { $id: 'ActivityEntry', description: 'One write by a member of the team or an API key.' },
);

export const ActivityQuery = Type.Object({
  ...PageQuery,
  area: Type.Optional(Type.String({ maxLength: 40, description: 'Only this part of the API (`Events`, `Orders` …).' })),
  actor_user_id: Type.Optional(Uuid),
  actor_api_key_id: Type.Optional(Uuid),
  resource_id: Type.Optional(Type.String({ maxLength: 100, description: 'Only writes to this record.' })),
  from: Type.Optional(Type.String({ format: 'date', description: 'First day, in the organizer’s time zone.' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day (included), in the organizer’s time zone.' })),
});
export type ActivityQuery = Static<typeof ActivityQuery>;
