import { sql } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { KeptMail } from '../notifications/notifications.mailer.ts';

export async function insertMessage(trx: Tx, message: Omit<KeptMail, 'id' | 'sentAt'>, keep: number): Promise<void> {
  await trx
    .insertInto('dev_mailbox_messages')
    .values({
      to_header: message.to,
      from_header: message.from,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      attachments: JSON.stringify(
        message.attachments.map(({ filename, contentType, size }) => ({ filename, content_type: contentType, size })),
      ),
    })
    .execute();
  // The oldest drop off; `keep` back from the newest is the first to stay.
  await trx
    .deleteFrom('dev_mailbox_messages')
    .where(
      'position',
      '<',
      sql<string>`(select position from dev_mailbox_messages order by position desc offset ${keep - 1} limit 1)`,
    )
    .execute();
}

export async function listMessages(trx: Tx, limit: number): Promise<KeptMail[]> {
  const rows = await trx
    .selectFrom('dev_mailbox_messages')
    .select(['id', 'to_header', 'from_header', 'subject', 'text_body', 'html_body', 'attachments', 'sent_at'])
    .orderBy('position', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    to: row.to_header,
    from: row.from_header,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    attachments: row.attachments.map(({ filename, content_type, size }) => ({
      filename,
      contentType: content_type,
      size,
    })),
    sentAt: row.sent_at,
  }));
}
