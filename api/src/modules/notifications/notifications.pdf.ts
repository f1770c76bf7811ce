import { PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import { PdfText, type TextStyle } from '../../lib/pdf-text.ts';
import { ticketQrPng } from '../tickets/ticket-qr.ts';
import type { BuyerMailRecipient, ConfirmationMail } from './buyer-mail.ts';
import { formatEventTime, mailLocale, ticketWords, venueLines } from './notifications.templates.ts';

// US Letter, in points; the QR code is three inches wide, and its PNG 300 pixels (about six per module).
const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 54;
const QR_SIZE = 216;
const QR_PIXELS = 300;
const COLUMN_GAP = 24;

const INK = rgb(0.11, 0.15, 0.19);
const MUTED = rgb(0.29, 0.33, 0.39);
const RULE = rgb(0.82, 0.84, 0.87);

/**
 * The order's valid tickets as a PDF, a page each, to print or to show on a phone: the event, when
 * (on the event's clock) and where, the ticket's QR code (the same signed code as the order
 * page's), its short code for a door that cannot scan, its tier, attendee and order number.
 * Dated by the payment, so that a message sent again carries the same document.
 */
export async function renderTicketsPdf(to: BuyerMailRecipient, order: ConfirmationMail): Promise<Buffer> {
  const locale = mailLocale(to.locale);
  const words = ticketWords(to.locale);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${order.organizerName} – ${order.orderNumber}`);
  doc.setAuthor(order.organizerName);
  doc.setProducer('Access Plus');
  doc.setCreator('Access Plus');
  doc.setLanguage(locale);
  doc.setCreationDate(order.paidAt);
  doc.setModificationDate(order.paidAt);
  const text = new PdfText(doc);
  const events = new Map(order.events.map((event) => [event.id, event]));
  const width = PAGE_WIDTH - 2 * MARGIN;

  for (const [i, ticket] of order.tickets.entries()) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    const event = events.get(ticket.eventId);
    let y = PAGE_HEIGHT - MARGIN;
    /** Writes `value` wrapped to `maxWidth` from `x`, lowering `top` past it; answers the new top. */
    const write = async (value: string, x: number, top: number, maxWidth: number, style: TextStyle, maxLines = 4) => {
      let baseline = top;
      for (const line of await text.wrap(value, style, maxWidth, maxLines)) {
        baseline -= style.size * 1.3;
        await text.draw(page, line, { x, y: baseline }, style);
      }
      return baseline - style.size * 0.5;
    };

    y = await write(order.organizerName, MARGIN, y, width, { size: 11, color: MUTED }, 2);
    y = await write(event?.title ?? ticket.event, MARGIN, y, width, { size: 22, weight: 'bold', color: INK }, 3);
    if (event) {
      y = await write(formatEventTime(event, locale), MARGIN, y, width, { size: 12, color: INK }, 3);
      for (const line of venueLines(event.venue, locale)) {
        y = await write(line, MARGIN, y + 4, width, { size: 12, color: INK }, 2);
      }
      if (event.onlineUrl) {
        y = await write(`${words.online}: ${event.onlineUrl}`, MARGIN, y + 4, width, { size: 12, color: INK }, 2);
      }
    }
    y -= 8;
    rule(page, y);
    y -= 20;

    const qr = await doc.embedPng(await ticketQrPng(ticket.code, QR_PIXELS));
    page.drawImage(qr, { x: MARGIN, y: y - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
    const x = MARGIN + QR_SIZE + COLUMN_GAP;
    const column = width - QR_SIZE - COLUMN_GAP;
    let facts = y;
    facts = await write(words.ticketOf(i + 1, order.tickets.length), x, facts, column, { size: 11, color: MUTED }, 1);
    for (const [label, value, style] of [
      [words.ticketCode, ticket.shortCode, { size: 24, weight: 'bold', color: INK }],
      [words.tier, ticket.tier, { size: 13, color: INK }],
      [words.attendee, ticket.attendee.trim() || to.name, { size: 13, color: INK }],
      [words.order, order.orderNumber, { size: 13, color: INK }],
    ] as const) {
      facts = await write(label, x, facts - 6, column, { size: 10, color: MUTED }, 1);
      facts = await write(value, x, facts + 2, column, style, 2);
    }
    y = Math.min(y - QR_SIZE, facts) - 20;
    rule(page, y);
    await write(words.atTheDoor, MARGIN, y - 6, width, { size: 10, color: MUTED }, 3);
  }
  return Buffer.from(await doc.save());
}

function rule(page: PDFPage, y: number) {
  page.drawLine({
    start: { x: MARGIN, y },
    end: { x: PAGE_WIDTH - MARGIN, y },
    thickness: 0.75,
    color: RULE,
  });
}
