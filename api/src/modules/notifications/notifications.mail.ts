import { createHash } from 'node:crypto';
import type { MailAddress } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { AccountMail, AccountMailRecipient } from '../auth/account-mail.ts';
import type { BuyerMail, BuyerMailRecipient } from './buyer-mail.ts';
import { renderOrderCalendar } from './notifications.calendar.ts';
import type { MailAttachment, Mailer } from './notifications.mailer.ts';
import { renderTicketsPdf } from './notifications.pdf.ts';
import {
  type RenderedMail,
  renderContactMessage,
  renderCustomDomainCertificate,
  renderCustomerSignIn,
  renderDisputeOpened,
  renderEmailVerification,
  renderEventMessage,
  renderInvitation,
  renderOfflinePaymentReserved,
  renderOrderConfirmation,
  renderOrderRefunded,
  renderPasswordReset,
  renderPayoutFailed,
  renderSignUpAttempt,
  renderSignUpConfirmation,
  renderWaitlistOffer,
  renderWebhookEndpointDisabled,
  ticketWords,
} from './notifications.templates.ts';

/** Buyer emails speak as the organizer: `"Harlem Griot Society via Access Plus" <MAIL_FROM>`. */
export function organizerSender(from: MailAddress, organizerName: string): MailAddress {
  const organizer = organizerName.trim();
  if (!organizer) return from;
  return { name: from.name ? `${organizer} via ${from.name}` : organizer, address: from.address };
}

/** The account flows' messages (to organizers and their teams), rendered and sent by `mailer`. */
export function accountMailVia(mailer: Mailer): AccountMail {
  const send = (to: AccountMailRecipient, rendered: RenderedMail) =>
    mailer.send({ ...rendered, from: mailer.from, to: { name: to.displayName, address: to.email } });
  return {
    emailVerification: (to, link) => send(to, renderEmailVerification(to, link)),
    passwordReset: (to, link) => send(to, renderPasswordReset(to, link)),
    invitation: (to, organizerName, link) => send(to, renderInvitation(to, organizerName, link)),
    signUpConfirmation: (to, organizerName, link, expiresAt) =>
      send(to, renderSignUpConfirmation(to, organizerName, link, expiresAt)),
    signUpAttempt: (to, link) => send(to, renderSignUpAttempt(to, link)),
    disputeOpened: (to, notice, link) => send(to, renderDisputeOpened(to, notice, link)),
    payoutFailed: (to, notice, link) => send(to, renderPayoutFailed(to, notice, link)),
    webhookEndpointDisabled: (to, notice, link) => send(to, renderWebhookEndpointDisabled(to, notice, link)),
    customDomainCertificate: (to, notice, link) => send(to, renderCustomDomainCertificate(to, notice, link)),
  };
}

/**
 * An order confirmation's Message-ID: made from the order alone, so that a copy sent again (a
 * sender that died between the mail server's acceptance and recording it) carries the same one,
 * and mail servers and clients that drop duplicates drop it.
 */
export function confirmationMessageId(orderId: string, from: MailAddress): string {
  return `<order-confirmation.${orderId}@${mailDomain(from)}>`;
}

/** A message to a ticket holder's Message-ID: the same on every attempt, so a copy sent again may be dropped. */
export function eventMessageId(messageId: string, email: string, from: MailAddress): string {
  return `<event-message.${messageId}.${createHash('sha256').update(email).digest('hex').slice(0, 16)}@${mailDomain(from)}>`;
}

function mailDomain(from: MailAddress): string {
  return from.address.slice(from.address.lastIndexOf('@') + 1);
}

/**
 * The tickets as a PDF and the events as a calendar file; none when no ticket is valid any more.
 * Made here, by the job that sends the message, never in the buyer's checkout request.
 */
async function confirmationAttachments(
  to: BuyerMailRecipient,
  order: Parameters<BuyerMail['orderConfirmation']>[1],
  from: MailAddress,
): Promise<MailAttachment[]> {
  if (order.tickets.length === 0) return [];
  const words = ticketWords(to.locale);
  return [
    {
      filename: words.pdfFilename(order.orderNumber),
      content: await renderTicketsPdf(to, order),
      contentType: 'application/pdf',
    },
    {
      filename: words.calendarFilename(order.orderNumber),
      content: Buffer.from(renderOrderCalendar(to, order, mailDomain(from)), 'utf8'),
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    },
  ];
}

/** The buyers' messages, in their language, from the organizer, rendered and sent by `mailer`. */
export function buyerMailVia(mailer: Mailer, logger: Logger): BuyerMail {
  const send = (
    to: BuyerMailRecipient,
    organizerName: string,
    rendered: RenderedMail,
    extra: { messageId?: string; attachments?: MailAttachment[]; replyTo?: MailAddress } = {},
  ) =>
    mailer.send({
      ...rendered,
      from: organizerSender(mailer.from, organizerName),
      to: { name: to.name, address: to.email },
      ...extra,
    });
  return {
    async orderConfirmation(to, order) {
      let attachments: MailAttachment[] = [];
      try {
        attachments = await confirmationAttachments(to, order, mailer.from);
      } catch (error) {
        // The message still has the order link and every short code, which get the buyer in:
        // it goes without the files rather than not at all.
        logger.error(
          { err: error, orderId: order.orderId },
          'could not make the tickets PDF or the calendar file; the order confirmation goes without them',
        );
      }
      return send(to, order.organizerName, renderOrderConfirmation(to, order, attachments.length > 0), {
        messageId: confirmationMessageId(order.orderId, mailer.from),
        attachments,
      });
    },
    offlinePaymentReserved: (to, order) => send(to, order.organizerName, renderOfflinePaymentReserved(to, order)),
    orderRefunded: (to, order) => send(to, order.organizerName, renderOrderRefunded(to, order)),
    waitlistOffer: (to, offer) => send(to, offer.organizerName, renderWaitlistOffer(to, offer)),
    customerSignIn: (to, signIn) => send(to, signIn.organizerName, renderCustomerSignIn(to, signIn)),
    eventMessage: (to, mail, delivery) =>
      mailer.send({
        ...renderEventMessage(to, mail),
        from: organizerSender(mailer.from, mail.organizerName),
        to: { name: to.name, address: to.email },
        messageId: delivery.messageId,
        ...(delivery.oneClickUnsubscribe
          ? {
              headers: {
                'List-Unsubscribe': `<${delivery.oneClickUnsubscribe}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              },
            }
          : {}),
      }),
    async contactMessage(to, contact) {
      let attachments: MailAttachment[] = [];
      if (contact.order) {
        try {
          attachments = await confirmationAttachments(contact.order.buyer, contact.order.confirmation, mailer.from);
        } catch (error) {
          logger.error(
            { err: error, orderId: contact.order.confirmation.orderId },
            "could not make the order's tickets PDF or calendar file; the buyer's message goes without them",
          );
        }
      }
      return mailer.send({
        ...renderContactMessage(to, contact, attachments.length > 0),
        from: organizerSender(mailer.from, contact.organizerName),
        to: { name: to.name, address: to.email },
        replyTo: { name: contact.sender.name, address: contact.sender.email },
        attachments,
      });
    },
  };
}
