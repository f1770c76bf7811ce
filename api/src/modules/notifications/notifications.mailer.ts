import nodemailer from 'nodemailer';
import type { Config, MailAddress } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { RenderedMail } from './notifications.templates.ts';

/** A file sent with a message (the tickets' PDF, a calendar file). */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  /** The MIME type: `application/pdf`, `text/calendar; charset=utf-8`. */
  contentType: string;
}

export interface OutgoingMail extends RenderedMail {
  from: MailAddress;
  to: MailAddress;
  /** Where replies go, when not to `from`: the buyer who wrote to an organizer. */
  replyTo?: MailAddress;
  /** `<…@…>`; nodemailer makes a random one when absent. */
  messageId?: string;
  attachments?: MailAttachment[];
  /** Further headers (`List-Unsubscribe`). */
  headers?: Record<string, string>;
}

/** What the local mail sink keeps of an attachment: enough to show that it came, not the file. */
export interface KeptAttachment {
  filename: string;
  contentType: string;
  /** In bytes. */
  size: number;
}

/** A message the local mail sink kept, as `GET /v1/dev/mailbox` shows it. */
export interface KeptMail {
  id: string;
  /** As in the message's headers: `"Amara Okafor" <amara@example.org>`. */
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: KeptAttachment[];
  sentAt: Date;
}

/** How many messages the sink keeps; older ones drop off. */
export const MAIL_SINK_SIZE = 200;

/**
 * Where messages go on a development machine without an SMTP server: kept (the last
 * `MAIL_SINK_SIZE`) for the mailbox to show, whichever process sent them. They hold sign-in and
 * password links, so there is none in production.
 */
export interface MailSink {
  keep(message: Omit<KeptMail, 'id' | 'sentAt'>): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<KeptMail[]>;
}

export interface Mailer {
  readonly delivery: 'smtp' | 'local_sink';
  /** MAIL_FROM: the address every message is sent from. */
  readonly from: MailAddress;
  /** Where messages are kept instead of sent; null when they go out by SMTP, or in production. */
  readonly sink: MailSink | null;
  /** Resolves once the SMTP server accepted the message (or the sink kept it); rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function formatAddress({ name, address }: MailAddress): string {
  return name ? `"${name.replace(/["\\]/g, '\\$&')}" <${address}>` : address;
}

/**
 * SMTP when `SMTP_URL` is set; otherwise nodemailer's JSON transport into `sink`, the local mail
 * sink, so a machine with only Node.js still gets every message, composed by the same code.
 * Production without SMTP_URL has no sink (it would show everyone's links): nothing is delivered.
 */
export function createMailer(config: Config, logger: Logger, sink: MailSink | null): Mailer {
  const from = config.mailFrom;
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport({
      url: config.smtpUrl,
      // A job waits for the server's answer; a server that never answers fails the job, which retries.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    const server = new URL(config.smtpUrl);
    logger.info({ smtp: `${server.protocol}//${server.host}`, from: formatAddress(from) }, 'mail goes out by SMTP');
    return {
      delivery: 'smtp',
      from,
      sink: null,
      async send(mail) {
        const sent = await transport.sendMail(mail);
        logger.info({ to: mail.to.address, subject: mail.subject, messageId: sent.messageId }, 'mail sent by SMTP');
      },
      close: () => transport.close(),
    };
  }

  const transport = nodemailer.createTransport({ jsonTransport: true, skipEncoding: true });
  const kept = config.env === 'production' ? null : sink;
  if (!kept) {
    logger.warn('SMTP_URL is not set: emails are not delivered to anyone (set SMTP_URL and MAIL_FROM)');
  } else {
    logger.info(
      { adminMailbox: `${config.adminUrl.replace(/\/$/, '')}/dev/mailbox` },
      `SMTP_URL is not set: emails are kept in a local mail sink (the last ${MAIL_SINK_SIZE}), shown by the admin`,
    );
  }
  return {
    delivery: 'local_sink',
    from,
    sink: kept,
    async send(mail) {
      if (!kept) {
        logger.warn({ to: mail.to.address, subject: mail.subject }, 'mail not delivered: SMTP_URL is not set');
        return;
      }
      const composed = (await transport.sendMail(mail)).message as {
        from: MailAddress;
        to: MailAddress[];
        subject: string;
        text: string;
        html: string;
      };
      await kept.keep({
        to: composed.to.map(formatAddress).join(', '),
        from: formatAddress(composed.from),
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        attachments: (mail.attachments ?? []).map(({ filename, contentType, content }) => ({
          filename,
          contentType,
          size: content.length,
        })),
      });
      // Recipient and subject only: the body holds links that sign people in.
      logger.info({ to: mail.to.address, subject: mail.subject }, 'mail kept in the local mail sink');
    },
    close: () => transport.close(),
  };
}
