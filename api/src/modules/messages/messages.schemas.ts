import { type Static, Type } from 'typebox';
import { Locale, LocalizedText, Nullable, PageQuery, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';

export const MESSAGE_VARIABLES = ['name', 'event', 'date', 'time', 'venue', 'order_number', 'tickets_link'] as const;
const variableList = MESSAGE_VARIABLES.map((name) => `\`{{${name}}}\``).join(', ');

export const MessageKind = StringEnum(['announcement', 'marketing', 'reminder', 'event_change'] as const, {
  description:
    '`announcement`: news about the event (skips people who unsubscribed). `marketing`: a promotion (skips people who unsubscribed and buyers who gave no marketing consent). `reminder` and `event_change` are sent by themselves, the day before the event and when its date or place changes, to every holder.',
});
const WrittenKind = StringEnum(['announcement', 'marketing'] as const, {
  description:
    '`announcement`: news about the event the person holds a ticket to (skips people who unsubscribed). `marketing`: a promotion (also skips buyers who gave no marketing consent).',
});

export const MessageAudience = Type.Object(
  {
    tier_ids: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 100,
        uniqueItems: true,
        description: 'Only holders of these ticket tiers of the event. Omitted or empty: every tier.',
      }),
    ),
    checked_in: Type.Optional(
      StringEnum(['any', 'yes', 'no'] as const, {
        description:
          'Only holders with a ticket scanned at the door (`yes`), with one not scanned (`no`), or either (`any`, the default).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MessageAudience = Static<typeof MessageAudience>;

const textHelp = `Plain text per language of the organizer (at least its default language). Paragraphs are separated by a blank line. Variables: ${variableList}; each person gets their own values, in their language.`;

export const NewMessage = Type.Object(
  {
    kind: WrittenKind,
    subject: LocalizedText(200, { minProperties: 1, description: `The subject. ${textHelp}` }),
    body: LocalizedText(20_000, { minProperties: 1, description: `The message. ${textHelp}` }),
    audience: Type.Optional(MessageAudience),
  },
  { additionalProperties: false },
);
export type NewMessage = Static<typeof NewMessage>;

export const MessagePreviewRequest = Type.Object(
  {
    ...NewMessage.properties,
    locale: Type.Optional({ ...Locale, description: 'Show the version a person in this language gets.' }),
  },
  { additionalProperties: false },
);
export type MessagePreviewRequest = Static<typeof MessagePreviewRequest>;

const RecipientCounts = Type.Object({
  total: Type.Integer({ description: 'Ticket holders the audience matches, one per email address.' }),
  will_send: Type.Integer({ description: 'Of those, the people the message will go to.' }),
  unsubscribed: Type.Integer({ description: 'Skipped: they unsubscribed from the organizer’s messages.' }),
  no_consent: Type.Integer({ description: 'Skipped (marketing only): their order gave no marketing consent.' }),
});

export const MessagePreview = Type.Object(
  {
    subject: Type.String(),
    html: Type.String({ description: 'The email as the person sees it.' }),
    text: Type.String({ description: 'Its plain-text part.' }),
    recipients: RecipientCounts,
  },
  {
    $id: 'MessagePreview',
    description:
      'The message as the first matching ticket holder will get it (a sample person when none matches), and how many it reaches.',
  },
);

export const Message = Type.Object(
  {
    id: Uuid,
    event_id: Uuid,
    kind: MessageKind,
    subject: LocalizedText(200, { description: 'As written, per language; empty for automatic messages.' }),
    body: LocalizedText(20_000, { description: 'As written, per language; empty for automatic messages.' }),
    audience: MessageAudience,
    status: StringEnum(['sending', 'sent', 'failed'] as const, {
      description: '`sending` until every recipient is sent, skipped or given up; `failed` when none could be sent.',
    }),
    counts: Type.Object({
      total: Type.Integer(),
      pending: Type.Integer(),
      sent: Type.Integer(),
      failed: Type.Integer(),
      skipped: Type.Integer(),
    }),
    created_at: Timestamp,
    created_by: Nullable(Type.String({ description: 'Who wrote it; null for automatic messages.' })),
    finished_at: Nullable(Timestamp),
  },
  { $id: 'Message', description: 'An email to an event’s ticket holders, with its progress.' },
);

export const MessageRecipient = Type.Object(
  {
    email: Type.String(),
    name: Type.String(),
    locale: Type.String({ description: 'The language the person got the message in.' }),
    status: StringEnum(['pending', 'sent', 'failed', 'skipped'] as const),
    skipped_reason: Nullable(StringEnum(['unsubscribed', 'no_consent'] as const)),
    sent_at: Nullable(Timestamp),
    error: Nullable(Type.String({ description: 'Why the last attempt failed.' })),
  },
  { $id: 'MessageRecipient', description: 'A person a message goes to, and what became of it.' },
);

export const EventMessagesParams = Type.Object({ event_id: Uuid });
export const MessageParams = Type.Object({ message_id: Uuid });
export const MessageListQuery = Type.Object(PageQuery);
export type MessageListQuery = Static<typeof MessageListQuery>;
export const RecipientListQuery = Type.Object({
  status: Type.Optional(StringEnum(['pending', 'sent', 'failed', 'skipped'] as const, { description: 'Only these.' })),
  ...PageQuery,
});
export type RecipientListQuery = Static<typeof RecipientListQuery>;

export const UnsubscribeParams = Type.Object({
  token: Type.String({
    minLength: 20,
    maxLength: 200,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'The token of the unsubscribe link in a message.',
  }),
});

export const UnsubscribeRequest = Type.Object(
  {
    subscribe: Type.Optional(Type.Boolean({ description: 'true: receive the organizer’s messages again.' })),
    'List-Unsubscribe': Type.Optional(
      Type.String({ maxLength: 40, description: 'The one-click form mail apps send (RFC 8058): `One-Click`.' }),
    ),
  },
  { additionalProperties: false },
);
export type UnsubscribeRequest = Static<typeof UnsubscribeRequest>;

export const UnsubscribeStatus = Type.Object(
  {
    organizer_name: Type.String(),
    email_masked: Type.String({ description: 'The address, partly hidden: `a•••@example.org`.' }),
    unsubscribed: Type.Boolean(),
  },
  { $id: 'UnsubscribeStatus', description: 'Whether an address receives an organizer’s announcements and promotions.' },
);
