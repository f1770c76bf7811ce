import { type Static, Type } from 'typebox';
import {
  Locale,
  Nullable,
  OrganizerSlugParams,
  PageQuery,
  StringEnum,
  SyncQuery,
  Timestamp,
  Uuid,
} from '../../lib/schemas.ts';

export const WAITLIST_STATUSES = ['waiting', 'offered', 'claimed', 'expired', 'removed'] as const;

const status = StringEnum(WAITLIST_STATUSES, {
  description:
    '`waiting` in line; `offered` returned tickets are held for them in a pending order; `claimed` they paid it; `expired` the offer lapsed unpaid; `removed` by the organizer.',
});
const positionInLine = Nullable(
  Type.Integer({
    minimum: 1,
    description: 'Place in line among the people still waiting for this tier (1 = next); null unless waiting.',
  }),
);

export const JoinWaitlistParams = OrganizerSlugParams;

export const JoinWaitlist = Type.Object(
  {
    tier_id: Uuid,
    email: Type.String({ format: 'email', maxLength: 254, description: 'Where the offer is sent.' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    quantity: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: "Tickets wanted, within the tier's per-order limits. An offer holds exactly this many.",
    }),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type JoinWaitlist = Static<typeof JoinWaitlist>;

export const WaitlistPlace = Type.Object(
  {
    id: Uuid,
    tier_id: Uuid,
    status,
    position_in_line: positionInLine,
    quantity: Type.Integer(),
    created_at: Timestamp,
  },
  { $id: 'WaitlistPlace', description: "A buyer's place on a tier's waitlist." },
);

export const WaitlistEntry = Type.Object(
  {
    id: Uuid,
    event_id: Uuid,
    tier_id: Uuid,
    name: Type.String(),
    email: Type.String(),
    locale: Type.String(),
    quantity: Type.Integer(),
    status,
    position_in_line: positionInLine,
    offer: Nullable(
      Type.Object(
        {
          order_id: Nullable(Uuid),
          offered_at: Timestamp,
          expires_at: Timestamp,
        },
        { description: 'The latest offer: the pending order holding the tickets and when it lapses.' },
      ),
    ),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'WaitlistEntry',
    description:
      'A person waiting for a sold-out tier, as the organizer sees them. Entries are never removed: one taken off the line (or whose tier was deleted) is `removed`. `position_in_line` is as of the read: it moves as people ahead leave, without the entry changing.',
  },
);

export const WaitlistListQuery = Type.Object(
  {
    tier_id: Type.Optional(Uuid),
    status: Type.Optional(StringEnum(WAITLIST_STATUSES)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type WaitlistListQuery = Static<typeof WaitlistListQuery>;

export const AllWaitlistListQuery = Type.Object(
  {
    event_id: Type.Optional(
      Type.String({ format: 'uuid', maxLength: 36, description: "Only this event's waitlists." }),
    ),
    tier_id: Type.Optional(Uuid),
    status: Type.Optional(StringEnum(WAITLIST_STATUSES)),
    ...SyncQuery,
  },
  { additionalProperties: false },
);
export type AllWaitlistListQuery = Static<typeof AllWaitlistListQuery>;

export const WaitlistEntryParams = Type.Object({ entry_id: Uuid });

export const MoveWaitlistEntry = Type.Union(
  [
    Type.Object(
      { before_entry_id: Uuid },
      { additionalProperties: false, description: 'Put the entry just ahead of this waiting entry.' },
    ),
    Type.Object(
      { after_entry_id: Uuid },
      { additionalProperties: false, description: 'Put the entry just behind this waiting entry.' },
    ),
  ],
  { description: 'Where to move a waiting entry: next to another waiting entry of the same tier.' },
);
export type MoveWaitlistEntry = Static<typeof MoveWaitlistEntry>;
