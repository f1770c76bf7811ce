import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config, MailAddress } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { RenderedMail } from './notifications.templates.ts';

export interface OutgoingMail extends RenderedMail {
  from: MailAddress;
  to: MailAddress;
  /** `<…@…>`; nodemailer makes a random one when absent. */
  messageId?: string;
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
  sentAt: Date;
}

/** How many messages the sink keeps; older ones drop off. */
export const MAIL_SINK_SIZE = 200;

/**
 * The messages of this process, newest last, when there is no SMTP server to send them to.
 * They hold sign-in and password links, so only development may show them.
 */
export class MailSink {
  private readonly kept: KeptMail[] = [];

  keep(message: KeptMail): void {
    this.kept.push(message);
    if (this.kept.length > MAIL_SINK_SIZE) this.kept.splice(0, this.kept.length - MAIL_SINK_SIZE);
  }

  /** Newest first. */
  list(): KeptMail[] {
    return [...this.kept].reverse();
  }
}

export interface Mailer {
  readonly delivery: 'smtp' | 'local_sink';
  /** MAIL_FROM: the address every message is sent from. */
  readonly from: MailAddress;
  /** The messages kept instead of sent; null when they go out by SMTP. */
  readonly sink: MailSink | null;
  /** Resolves once the SMTP server accepted the message (or the sink kept it); rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function formatAddress({ name, address }: MailAddress): string {
  return name ? `"${name.replace(/["\\]/g, '\\$&')}" <${address}>` : address;
}

/**
 * SMTP when `SMTP_URL` is set; otherwise nodemailer's JSON transport into the local mail sink,
 * so a machine with only Node.js still gets every message, composed by the same code.
 */
export function createMailer(config: Config, logger: Logger): Mailer {
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

  const sink = new MailSink();
  const transport = nodemailer.createTransport({ jsonTransport: true, skipEncoding: true });
  if (config.env === 'production') {
    logger.warn(
      'SMTP_URL is not set: emails are not delivered to anyone, only kept in this process (set SMTP_URL and MAIL_FROM)',
    );
  } else {
    logger.info(
      { adminMailbox: `${config.adminUrl.replace(/\/$/, '')}/dev/mailbox` },
      `SMTP_URL is not set: emails are kept in a local mail sink (the last ${MAIL_SINK_SIZE}), shown by the admin`,
    );
  }
  return {
    delivery: 'local_sink',
    from,
    sink,
    async send(mail) {
      const composed = (await transport.sendMail(mail)).message as {
        from: MailAddress;
        to: MailAddress[];
        subject: string;
        text: string;
        html: string;
      };
      sink.keep({
        id: randomUUID(),
        to: composed.to.map(formatAddress).join(', '),
        from: formatAddress(composed.from),
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        sentAt: new Date(),
      });
      // Recipient and subject only: the body holds links that sign people in.
      logger.info({ to: mail.to.address, subject: mail.subject }, 'mail kept in the local mail sink');
    },
    close: () => transport.close(),
  };
}
