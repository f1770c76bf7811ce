import { type Static, Type } from 'typebox';
import { Ref, Timestamp, Uuid } from '../../lib/schemas.ts';
import { MAIL_SINK_SIZE } from '../notifications/notifications.mailer.ts';

export const MailboxQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAIL_SINK_SIZE,
        default: MAIL_SINK_SIZE,
        description: `How many of the newest messages to return, 1–${MAIL_SINK_SIZE}.`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type MailboxQuery = Static<typeof MailboxQuery>;

export const MailboxAttachment = Type.Object(
  {
    filename: Type.String({ description: 'As the recipient sees it: `tickets-K7QX2M.pdf`.' }),
    content_type: Type.String({ description: 'Its MIME type: `application/pdf`, `text/calendar; charset=utf-8`.' }),
    size: Type.Integer({ minimum: 0, description: 'In bytes.' }),
  },
  {
    $id: 'MailboxAttachment',
    description: 'A file that came with a kept message; the sink keeps its name, type and size, not the file.',
  },
);

export const MailboxMessage = Type.Object(
  {
    id: Uuid,
    to: Type.String({ description: 'The recipient, as in the To header: `"Amara Okafor" <amara@example.org>`.' }),
    from: Type.String({
      description: 'The sender, as in the From header: `"Harlem Griot Society via Access Plus" <tickets@…>`.',
    }),
    subject: Type.String(),
    text: Type.String({ description: 'The plain-text part, links written out.' }),
    html: Type.String({ description: 'The HTML part.' }),
    attachments: Type.Array(Ref(MailboxAttachment), {
      description: 'The files that came with the message, e.g. the tickets of an order confirmation; empty when none.',
    }),
    sent_at: Timestamp,
  },
  { $id: 'MailboxMessage', description: 'An email the API kept in its local mail sink instead of sending it.' },
);

export const Mailbox = Type.Object(
  {
    data: Type.Array(Ref(MailboxMessage), {
      description: 'Newest first.',
    }),
  },
  { $id: 'Mailbox', description: 'The messages of the local mail sink, newest first.' },
);
export type Mailbox = Static<typeof Mailbox>;

export const devMailboxSchemas = [MailboxAttachment, MailboxMessage, Mailbox];
