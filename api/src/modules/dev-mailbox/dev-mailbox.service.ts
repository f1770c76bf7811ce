import type { Services } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { withDevMailbox } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { MAIL_SINK_SIZE, type MailSink } from '../notifications/notifications.mailer.ts';
import { insertMessage, listMessages } from './dev-mailbox.repository.ts';
import type { Mailbox, MailboxQuery } from './dev-mailbox.schemas.ts';

/**
 * The local mail sink in the database, so that the API's mailbox shows what every process sent:
 * the API's own jobs and a worker running apart (`pnpm start:worker`). Never used in production.
 */
export function databaseMailSink(db: Db): MailSink {
  return {
    keep: (message) => withDevMailbox(db, (trx) => insertMessage(trx, message, MAIL_SINK_SIZE)),
    list: (limit) => withDevMailbox(db, (trx) => listMessages(trx, limit)),
  };
}

/**
 * The local mail sink's messages. They hold other people's sign-in and password links, so they
 * are shown only in development, and only while mail is kept here rather than sent by SMTP.
 */
export async function listMailbox(services: Services, query: MailboxQuery): Promise<Mailbox> {
  if (services.config.env === 'production' || !services.mailbox) {
    throw new AppError(
      404,
      'not_found',
      'There is no local mailbox here: it exists only outside production, while SMTP_URL is unset.',
    );
  }
  const messages = await services.mailbox.list(query.limit ?? MAIL_SINK_SIZE);
  return {
    data: messages.map((mail) => ({
      id: mail.id,
      to: mail.to,
      from: mail.from,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments.map(({ filename, contentType, size }) => ({
        filename,
        content_type: contentType,
        size,
      })),
      sent_at: mail.sentAt.toISOString(),
    })),
  };
}
