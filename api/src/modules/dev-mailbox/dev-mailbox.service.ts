import type { Services } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import type { Mailbox, MailboxQuery } from './dev-mailbox.schemas.ts';

/**
 * The local mail sink's messages. They hold other people's sign-in and password links, so they
 * are shown only in development, and only while mail is kept here rather than sent by SMTP.
 */
export function listMailbox(services: Services, query: MailboxQuery): Mailbox {
  if (services.config.env === 'production' || !services.mailbox) {
    throw new AppError(
      404,
      'not_found',
      'There is no local mailbox here: it exists only outside production, while SMTP_URL is unset.',
    );
  }
  return {
    data: services.mailbox
      .list()
      .slice(0, query.limit)
      .map((mail) => ({
        id: mail.id,
        to: mail.to,
        from: mail.from,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        sent_at: mail.sentAt.toISOString(),
      })),
  };
}
