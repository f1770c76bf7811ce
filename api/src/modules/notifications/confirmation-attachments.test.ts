import { inflateSync } from 'node:zlib';
import ICAL from 'ical.js';
import jsQRModule from 'jsqr';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type BoughtTicket,
  buyTickets,
  type Organizer,
  publishedEvent,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { pdfPageTexts } from '../../test/pdf.ts';
import { type ReceivedAttachment, type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../test/smtp.ts';

// jsqr is CommonJS with its function on `default`, which is where its types put it.
const jsQR = jsQRModule.default;

/**
 * The order confirmation stands on its own: a real order is bought, its message received by a
 * real SMTP server, and what a buyer would do with it is done — the PDF's QR codes are read from
 * its images and scanned at the door, a short code is typed from its text, the calendar file is
 * read by a calendar parser. The machine's clock is UTC; the events are not.
 */
process.env.TZ = 'UTC';

let smtp: TestSmtpServer;
let t: TestApp;
let org: Organizer;
const year = new Date().getUTCFullYear() + 1;
const gala = {
  id: '',
  tierId: '',
  title: 'Enkutatash Gala',
  // 7:00 to 11:00 PM on July 3 in Los Angeles (PDT, UTC−7).
  startsAt: `${year}-07-04T02:00:00.000Z`,
  endsAt: `${year}-07-04T06:00:00.000Z`,
};
const picnic = {
  id: '',
  tierId: '',
  title: 'Harlem Family Picnic',
  // 7:00 to 10:00 PM on July 4 in New York (EDT, UTC−4).
  startsAt: `${year}-07-04T23:00:00.000Z`,
  endsAt: `${year}-07-05T02:00:00.000Z`,
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp(
    {
      smtpUrl: smtp.url,
      mailFrom: { name: 'Access Plus', address: 'tickets@example.org' },
      storefrontUrl: 'http://{slug}.shop.example:5173',
    },
    { deliverMail: true },
  );
  org = await signUpOrganizer(t.app);
  gala.id = await publishedEvent(t.app, org.token, {
    title: { en: gala.title },
    time_zone: 'America/Los_Angeles',
    starts_at: gala.startsAt,
    ends_at: gala.endsAt,
    venue_name: 'Los Angeles Convention Center',
    address_line: '1201 S Figueroa St',
    city: 'Los Angeles',
    state: 'CA',
    postal_code: '90015',
  });
  picnic.id = await publishedEvent(t.app, org.token, {
    title: { en: picnic.title },
    time_zone: 'America/New_York',
    starts_at: picnic.startsAt,
    ends_at: picnic.endsAt,
    venue_name: 'Marcus Garvey Park',
    address_line: '',
    city: 'New York',
    state: 'NY',
    postal_code: '',
  });
  for (const event of [gala, picnic]) {
    event.tierId = (await as(t.app, org.token).get(`/v1/events/${event.id}`)).json().tiers[0].id;
  }
  const owner = as(t.app, org.token);
  const settings = await owner.patch('/v1/organizer/checkout-settings', {
    service_fee_percent_bp: 300,
    service_fee_flat_cents: 99,
  });
  expect(settings.statusCode, settings.body).toBe(200);
  const rate = await owner.post('/v1/tax-rates', { state: 'CA', city: 'Los Angeles', rate_ppm: 95_000 });
  expect(rate.statusCode, rate.body).toBe(201);
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

async function arrived(match: (mail: ReceivedMail) => boolean, after = 0): Promise<ReceivedMail> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const mail = smtp.received.slice(after).find(match);
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the confirmation did not arrive');
}

function attachment(mail: ReceivedMail, type: string): ReceivedAttachment {
  const found = mail.attachments.find((candidate) => candidate.contentType.startsWith(type));
  if (!found) throw new Error(`no ${type} attachment in ${mail.attachments.map((a) => a.contentType).join(', ')}`);
  return found;
}

/** What the QR codes of each page say: every image on the page, decoded to pixels, read by jsQR. */
async function qrCodesByPage(pdf: Buffer): Promise<string[][]> {
  const doc = await PDFDocument.load(pdf);
  return doc.getPages().map((page) => {
    const images = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    const codes: string[] = [];
    for (const [, ref] of images?.entries() ?? []) {
      const image = doc.context.lookup(ref);
      if (!(image instanceof PDFRawStream) || image.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
      // pdf-lib keeps an embedded PNG's pixels Flate-compressed, one byte per channel, no row filters.
      expect(image.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
      const width = image.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
      const height = image.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
      const channels = image.dict.get(PDFName.of('ColorSpace')) === PDFName.of('DeviceGray') ? 1 : 3;
      const pixels = inflateSync(image.contents);
      expect(pixels.length).toBe(width * height * channels);
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * channels + (channels === 1 ? 0 : c)] as number;
        rgba[i * 4 + 3] = 255;
      }
      // Large enough to scan: at least two inches on the page.
      expect(width).toBeGreaterThanOrEqual(200);
      const read = jsQR(rgba, width, height);
      if (read) codes.push(read.data);
    }
    return codes;
  });
}

function scan(eventId: string, code: string) {
  return as(t.app, org.token).post(`/v1/events/${eventId}/scans`, { code, device_id: 'Main door – iPad' });
}

interface PaidOrder {
  id: string;
  number: string;
  tickets: (BoughtTicket & { event_id: string })[];
  fee_cents: number;
  tax_cents: number;
  total_cents: number;
}

describe('the order confirmation', () => {
  let order: PaidOrder;
  let mail: ReceivedMail;
  let accessToken: string;
  const email = 'selam.tesfaye@example.org';

  beforeAll(async () => {
    const bought = await buyTickets(t.app, org.slug, {
      buyer: { name: 'Selam Tesfaye', email, locale: 'en' },
      tickets: [
        { tier_id: gala.tierId, quantity: 2, attendee_names: ['ሰላም ተስፋዬ', 'Amara Okafor'] },
        { tier_id: picnic.tierId, quantity: 1 },
      ],
    });
    order = bought.order as unknown as PaidOrder;
    accessToken = bought.accessToken;
    mail = await arrived((m) => m.envelope.to.includes(email));
  });

  it("tells each event's date and time on the event's own clock, with the zone named, and where it is", () => {
    // This process tells time in UTC, where the gala starts at 2:00 AM on July 4.
    expect(new Date(gala.startsAt).getHours()).toBe(2);
    expect(mail.text).toMatch(
      new RegExp(
        [
          gala.title,
          `When: \\w+, July 3, ${year}, 7:00\\s–\\s11:00\\sPM \\(Pacific Daylight Time\\)`,
          'Where: Los Angeles Convention Center, 1201 S Figueroa St, Los Angeles, CA 90015',
        ].join('\\n'),
      ),
    );
    expect(mail.text).toMatch(
      new RegExp(
        `${picnic.title}\\nWhen: \\w+, July 4, ${year}, 7:00\\s–\\s10:00\\sPM \\(Eastern Daylight Time\\)\\nWhere: Marcus Garvey Park, New York, NY\\n`,
      ),
    );
    // The UTC clock of the machine is nowhere.
    expect(mail.text).not.toMatch(/2:00\sAM|Coordinated Universal Time|UTC/);
    expect(mail.html).toContain('(Pacific Daylight Time)');
    expect(mail.html).toContain('Los Angeles Convention Center, 1201 S Figueroa St, Los Angeles, CA 90015');
  });

  it('lists each ticket with its short code, and what was paid', () => {
    for (const ticket of order.tickets) expect(mail.text).toContain(ticket.short_code);
    // Fee: 3% + 99¢ a ticket = 150 + 198 (gala) and 75 + 99 (picnic); tax: 9.5% of the gala's 5000, in Los Angeles.
    expect(order).toMatchObject({ fee_cents: 522, tax_cents: 475, total_cents: 8497 });
    expect(mail.text).toContain(
      [
        'What you paid',
        `2 × General · ${gala.title}: $50.00`,
        `1 × General · ${picnic.title}: $25.00`,
        'Service fee: $5.22',
        'Sales tax: $4.75',
        'Total paid: $84.97',
      ].join('\n'),
    );
    expect(mail.text).toContain('Your tickets are attached to this email as a PDF');
    expect(mail.text).toMatch(
      new RegExp(`View your tickets:\\nhttp://${org.slug}\\.shop\\.example:5173/orders/${order.id}\\?token=`),
    );
  });

  it('attaches the tickets as a PDF, a page each, whose QR codes the door admits, as it does a short code typed from it', async () => {
    expect(mail.attachments.map(({ filename, contentType }) => [filename, contentType])).toEqual([
      [`tickets-${order.number}.pdf`, `application/pdf; name=tickets-${order.number}.pdf`],
      [`event-${order.number}.ics`, `text/calendar; charset=utf-8; method=PUBLISH; name=event-${order.number}.ics`],
    ]);
    const pdf = attachment(mail, 'application/pdf').content;
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(3);
    const texts = await pdfPageTexts(pdf);
    const codes = await qrCodesByPage(pdf);
    expect(codes.map((page) => page.length)).toEqual([1, 1, 1]);

    const byCode = new Map(order.tickets.map((ticket) => [ticket.code, ticket]));
    const pages = codes.map(([code], i) => {
      const ticket = byCode.get(code as string);
      if (!ticket) throw new Error(`page ${i + 1}'s QR code is no ticket of the order: ${code}`);
      return { ticket, text: texts[i] as string };
    });
    expect(new Set(pages.map(({ ticket }) => ticket.id)).size).toBe(3);
    for (const { ticket, text } of pages) {
      const event = ticket.event_id === gala.id ? gala : picnic;
      expect(text).toContain(event.title);
      expect(text).toContain(ticket.short_code);
      expect(text).toContain(order.number);
      expect(text).toContain('General');
      expect(text).toContain(
        event === gala ? '7:00 – 11:00 PM (Pacific Daylight Time)' : '7:00 – 10:00 PM (Eastern Daylight Time)',
      );
      // Amharic and Latin names as written, from the embedded Unicode fonts.
      expect(text).toContain(ticket.attendee_name || 'Selam Tesfaye');
    }
    expect(pages.map(({ ticket }) => ticket.attendee_name).sort()).toEqual(['', 'Amara Okafor', 'ሰላም ተስፋዬ']);

    // At the door: the gala's first ticket and the picnic's by their QR codes, the gala's second
    // by the short code a person reads off its page.
    const [first, second] = pages.filter(({ ticket }) => ticket.event_id === gala.id) as [
      (typeof pages)[number],
      (typeof pages)[number],
    ];
    const picnicPage = pages.find(({ ticket }) => ticket.event_id === picnic.id) as (typeof pages)[number];
    for (const [eventId, code] of [
      [gala.id, codes[pages.indexOf(first)]?.[0] as string],
      [picnic.id, codes[pages.indexOf(picnicPage)]?.[0] as string],
    ] as const) {
      const admitted = await scan(eventId, code);
      expect(admitted.statusCode, admitted.body).toBe(200);
      expect(admitted.json()).toMatchObject({ outcome: 'admitted', reason: null });
    }
    const typed = /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b/.exec(second.text)?.[0] as string;
    expect(typed).toBe(second.ticket.short_code);
    const admitted = await scan(gala.id, typed);
    expect(admitted.statusCode, admitted.body).toBe(200);
    expect(admitted.json()).toMatchObject({ outcome: 'admitted', ticket: { id: second.ticket.id } });
    expect((await scan(gala.id, codes[pages.indexOf(first)]?.[0] as string)).json().outcome).toBe('already_checked_in');
  });

  it('gives the buyer the same tickets as a PDF from the order, in the language of the page they are on', async () => {
    const tickets = (query: string) =>
      t.app.inject({
        method: 'GET',
        url: `/v1/public/organizers/${org.slug}/orders/${order.id}/tickets.pdf?token=${encodeURIComponent(accessToken)}${query}`,
      });
    const english = await tickets('');
    expect(english.statusCode, english.body).toBe(200);
    expect(english.headers['content-type']).toBe('application/pdf');
    expect(english.headers['content-disposition']).toBe(`inline; filename="tickets-${order.number}.pdf"`);
    expect(english.headers['cache-control']).toBe('private, no-store');
    const emailed = attachment(mail, 'application/pdf').content;
    expect(english.rawPayload.equals(emailed)).toBe(true);

    const amharic = await tickets('&locale=am');
    expect(amharic.statusCode, amharic.body).toBe(200);
    expect(amharic.headers['content-disposition']).toMatch(/^inline; filename="[a-z-]+-[0-9A-Z]+\.pdf"$/);
    const texts = await pdfPageTexts(amharic.rawPayload);
    expect(texts).toHaveLength(3);
    for (const text of texts) {
      expect(text).toContain(order.number);
      expect(text).toMatch(/ትኬት/);
      expect(text).not.toContain('Ticket code');
      expect(text).not.toContain('Show this page at the door');
    }
    expect((await qrCodesByPage(amharic.rawPayload)).flat().sort()).toEqual(
      (await qrCodesByPage(emailed)).flat().sort(),
    );

    const wrongToken = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${order.id}/tickets.pdf?token=${'x'.repeat(40)}`,
    });
    expect(wrongToken.statusCode).toBe(404);
    const unpaid = await buyTickets(t.app, org.slug, {
      tickets: [{ tier_id: picnic.tierId, quantity: 1 }],
      pay: false,
    });
    const none = await t.app.inject({
      method: 'GET',
      url: `/v1/public/organizers/${org.slug}/orders/${unpaid.order.id}/tickets.pdf?token=${encodeURIComponent(unpaid.accessToken)}`,
    });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('no_valid_tickets');
  });

  it('attaches a calendar file with one entry per event, at the right instants, named and placed', () => {
    const ics = attachment(mail, 'text/calendar').content.toString('utf8');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const entries = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    expect(entries).toHaveLength(2);
    const link = /https?:\/\/\S+\/orders\/\S+/.exec(mail.text)?.[0] as string;
    for (const [event, location] of [
      [gala, 'Los Angeles Convention Center, 1201 S Figueroa St, Los Angeles, CA 90015'],
      [picnic, 'Marcus Garvey Park, New York, NY'],
    ] as const) {
      const entry = entries.find((candidate) => candidate.summary === event.title);
      if (!entry) throw new Error(`no calendar entry for ${event.title}`);
      expect(entry.uid).toBe(`order-${order.id}.event-${event.id}@example.org`);
      expect(entry.startDate.toJSDate().toISOString()).toBe(event.startsAt);
      expect(entry.endDate.toJSDate().toISOString()).toBe(event.endsAt);
      expect(entry.location).toBe(location);
      expect(entry.component.getFirstPropertyValue('url')).toBe(link);
      expect(entry.description).toContain(`Order ${order.number}`);
      for (const ticket of order.tickets.filter((candidate) => candidate.event_id === event.id)) {
        expect(entry.description).toContain(ticket.short_code);
      }
    }
  });

  it('sends the same message again when it is sent again: Message-ID, PDF and calendar alike', async () => {
    const before = smtp.received.length;
    await t.admin.query(
      `update order_confirmations set handled_at = null, outcome = null, next_attempt_at = now() - interval '2 minutes'
       where order_id = $1`,
      [order.id],
    );
    await t.admin.query(`select graphile_worker.add_job('notifications__sweep_confirmations', '{}'::json)`);
    const again = await arrived((m) => m.envelope.to.includes(email), before);
    expect(again.headers['message-id']).toBe(mail.headers['message-id']);
    expect(again.headers['message-id']).toBe(`<order-confirmation.${order.id}@example.org>`);
    expect(again.attachments.map((a) => a.filename)).toEqual(mail.attachments.map((a) => a.filename));
    for (const type of ['application/pdf', 'text/calendar']) {
      expect(attachment(again, type).content.equals(attachment(mail, type).content)).toBe(true);
    }
  });
});
