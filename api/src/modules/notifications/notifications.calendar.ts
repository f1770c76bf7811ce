import { createEvents, type EventAttributes } from 'ics';
import type { BuyerMailRecipient, ConfirmationMail } from './buyer-mail.ts';
import { mailLocale, ticketWords, venueLines } from './notifications.templates.ts';

const PRODUCT_ID = '-//Access Plus//Tickets//EN';

/**
 * The order's events as an iCalendar file (RFC 5545), one VEVENT each, for the buyer's calendar.
 * Times are UTC instants, so every calendar shows them on its own clock. Each event's UID is made
 * from the order and the event, and DTSTAMP is the payment's time, so that a message sent again
 * updates the same entries instead of adding others. METHOD:PUBLISH: an entry, not an invitation
 * to answer.
 */
export function renderOrderCalendar(
  to: BuyerMailRecipient,
  order: ConfirmationMail & { orderId: string },
  domain: string,
): string {
  const locale = mailLocale(to.locale);
  const words = ticketWords(to.locale);
  const events = order.events.map((event): EventAttributes & { timestamp: number } => ({
    uid: `order-${order.orderId}.event-${event.id}@${domain}`,
    timestamp: order.paidAt.getTime(),
    start: event.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: event.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: event.title,
    location: venueLines(event.venue, locale).join(', ') || (event.onlineUrl ?? ''),
    url: order.link,
    description: `${words.calendarDescription(
      order.organizerName,
      order.orderNumber,
      order.tickets
        .filter((ticket) => ticket.eventId === event.id)
        .map((ticket) => `${ticket.tier} · ${ticket.attendee.trim() || to.name}: ${ticket.shortCode}`),
    )}${event.onlineUrl ? `\n${words.online}: ${event.onlineUrl}` : ''}\n${order.link}`,
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    productId: PRODUCT_ID,
  }));
  const { error, value } = createEvents(events, { productId: PRODUCT_ID, method: 'PUBLISH' });
  if (error || !value) throw error ?? new Error('the calendar file came out empty');
  return value;
}
