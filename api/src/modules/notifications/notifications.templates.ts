import { DateFormat, intlLocale, matchLocale, regionalLocale, textDirection } from '@accessplus/i18n';
import { m } from '../../paraglide/messages.js';
import { locales } from '../../paraglide/runtime.js';
import type {
  AccountMailRecipient,
  CustomDomainCertificateNotice,
  PayoutFailureNotice,
  WebhookDisabledNotice,
} from '../auth/account-mail.ts';
import type {
  BuyerMailRecipient,
  ConfirmationMail,
  ContactMail,
  EventMessageMail,
  MailBrand,
  MailEvent,
  MailEventTime,
  MailVenue,
  OrderMail,
  SignInMail,
} from './buyer-mail.ts';

/** An email's subject and both of its parts. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Languages the emails and tickets are written in: the interface languages. */
export const MAIL_LOCALES = locales;
export type MailLocale = (typeof locales)[number];

/** The mail language for a recipient's locale: the same tag or language (`es-MX` → `es`), else English. */
export function mailLocale(locale: string | undefined): MailLocale {
  return (locale && matchLocale(locale, locales)) || 'en';
}

/**
 * What one message says. Every value is plain text: organizer names and event titles are
 * tenant-supplied, so the HTML part escapes all of it and no tenant HTML ever reaches an email.
 */
interface MailContent {
  subject: string;
  /** The organizer's own words open the message, greeting and all: no "Hello …," before them. */
  ownGreeting?: boolean;
  paragraphs: string[];
  /** The button's label; the link itself is also written out, for mail apps without buttons. */
  action: string;
  notes: string[];
  /** Facts under a heading each, before the tickets: the events, when and where. */
  events?: FactBlock[];
  /** Tickets listed with their short codes, under a heading that says what the codes are for. */
  tickets?: { heading: string; lines: { label: string; code: string }[] };
  /** What was paid, line by line, after the tickets; the last row is the total. */
  payment?: FactBlock;
  /** Small print after the signature, ending with a link: why the message came and how to stop such messages. */
  footer?: { text: string; linkLabel: string; href: string };
}

interface FactBlock {
  heading: string;
  /** A row with `href` shows its value as a link. */
  rows: { label: string; value: string; href?: string }[];
}

/** The words of the tickets' PDF and the calendar file, in one mail language. */
export interface TicketWords {
  ticketOf(n: number, count: number): string;
  /** Beside an online event's link. */
  online: string;
  tier: string;
  attendee: string;
  order: string;
  ticketCode: string;
  atTheDoor: string;
  pdfFilename(number: string): string;
  calendarFilename(number: string): string;
  /** The calendar entry's description: the order and where its tickets are. */
  calendarDescription(organizer: string, number: string, tickets: string[]): string;
}

interface Catalog {
  hello(name: string): string;
  copyLink: string;
  accountSignature: string;
  ticketCodes: string;
  ticketOf(n: number, count: number): string;
  when: string;
  where: string;
  online: string;
  paid: string;
  discount: string;
  serviceFee: string;
  salesTax: string;
  donation: string;
  totalPaid: string;
  tickets: TicketWords;
  /** `attached`: the tickets' PDF and the calendar file come with the message. */
  orderConfirmation(organizer: string, number: string, attached: boolean): MailContent;
  /** `method`: `cash`, `partner`, or the name of another way to pay. */
  offlinePaymentReserved(organizer: string, number: string, method: string, payBy: string): MailContent;
  orderRefunded(organizer: string, number: string, amount: string): MailContent;
  latePaymentRefunded(organizer: string, number: string, amount: string): MailContent;
  waitlistOffer(organizer: string, eventTitle: string, until: string): MailContent;
  customerSignIn(organizer: string, minutes: number): MailContent;
  emailVerification(): MailContent;
  passwordReset(): MailContent;
  invitation(organizer: string): MailContent;
  signUpConfirmation(organizer: string, hours: number): MailContent;
  signUpAttempt(): MailContent;
  disputeOpened(organizer: string, number: string, amount: string): MailContent;
  payoutFailed(organizer: string, event: string, amount: string, reason: string): MailContent;
  webhookEndpointDisabled(organizer: string, url: string, reason: string): MailContent;
  customDomainCertificateFailed(organizer: string, hostname: string, failure: string | null): MailContent;
  customDomainCertificateExpiring(organizer: string, hostname: string, day: string | null): MailContent;
  /** The action of every message about an event the buyer holds tickets to. */
  eventMessageAction: string;
  eventMessageWhy(organizer: string, event: string): string;
  unsubscribeText(organizer: string): string;
  unsubscribeLink: string;
  eventReminder(organizer: string, event: string): MailContent;
  eventChange(organizer: string, event: string): MailContent;
  eventChangeBefore: string;
  eventChangeNow: string;
}

/** One language's words, from the catalogues in `api/messages/` (compiled by Paraglide). */
function catalogueIn(locale: MailLocale): Catalog {
  const o = { locale };
  return {
    hello: (name) => (name ? m.helloName({ name }, o) : m.hello({}, o)),
    copyLink: m.copyLink({}, o),
    accountSignature: m.accountSignature({}, o),
    ticketCodes: m.ticketCodes({}, o),
    ticketOf: (n, count) => m.ticketOf({ n, count }, o),
    when: m.when({}, o),
    where: m.where({}, o),
    online: m.online({}, o),
    paid: m.paid({}, o),
    discount: m.discount({}, o),
    serviceFee: m.serviceFee({}, o),
    salesTax: m.salesTax({}, o),
    donation: m.donation({}, o),
    totalPaid: m.totalPaid({}, o),
    tickets: {
      ticketOf: (n, count) => m.ticketOf({ n, count }, o),
      online: m.pdf_online({}, o),
      tier: m.pdf_tier({}, o),
      attendee: m.pdf_attendee({}, o),
      order: m.pdf_order({}, o),
      ticketCode: m.pdf_ticketCode({}, o),
      atTheDoor: m.pdf_atTheDoor({}, o),
      pdfFilename: (number) => m.pdf_filename({ number }, o),
      calendarFilename: (number) => m.calendar_filename({ number }, o),
      calendarDescription: (organizer, number, tickets) =>
        [m.calendar_order({ organizer, number }, o), ...tickets, m.calendar_tickets({}, o)].join('\n'),
    },
    orderConfirmation: (organizer, number, attached) => ({
      subject: m.orderConfirmation_subject({ organizer, number }, o),
      paragraphs: [
        m.orderConfirmation_paragraph1({ organizer, number }, o),
        attached ? m.orderConfirmation_paragraph2({}, o) : m.orderConfirmation_paragraph2NotAttached({}, o),
      ],
      action: m.orderConfirmation_action({}, o),
      notes: [m.orderConfirmation_note({}, o)],
    }),
    offlinePaymentReserved: (organizer, number, method, payBy) => ({
      subject: m.offlinePaymentReserved_subject({ organizer, number }, o),
      paragraphs: [
        m.offlinePaymentReserved_paragraph1({ organizer, number }, o),
        method === 'cash'
          ? m.offlinePaymentReserved_payInCash({ payBy }, o)
          : method === 'partner'
            ? m.offlinePaymentReserved_payAtPartner({ payBy }, o)
            : m.offlinePaymentReserved_payThrough({ method, payBy }, o),
      ],
      action: m.offlinePaymentReserved_action({}, o),
      notes: [m.offlinePaymentReserved_note({}, o)],
    }),
    orderRefunded: (organizer, number, amount) => ({
      subject: m.orderRefunded_subject({ organizer, number }, o),
      paragraphs: [m.orderRefunded_paragraph1({ organizer, number, amount }, o), m.orderRefunded_paragraph2({}, o)],
      action: m.orderRefunded_action({}, o),
      notes: [],
    }),
    latePaymentRefunded: (organizer, number, amount) => ({
      subject: m.latePaymentRefunded_subject({ organizer, number }, o),
      paragraphs: [m.latePaymentRefunded_paragraph1({ number, amount }, o), m.latePaymentRefunded_paragraph2({}, o)],
      action: m.latePaymentRefunded_action({}, o),
      notes: [],
    }),
    waitlistOffer: (organizer, eventTitle, until) => ({
      subject: m.waitlistOffer_subject({ eventTitle }, o),
      paragraphs: [m.waitlistOffer_paragraph1({ organizer, eventTitle }, o), m.waitlistOffer_paragraph2({ until }, o)],
      action: m.waitlistOffer_action({}, o),
      notes: [],
    }),
    customerSignIn: (organizer, minutes) => ({
      subject: m.customerSignIn_subject({ organizer }, o),
      paragraphs: [m.customerSignIn_paragraph1({ organizer }, o)],
      action: m.customerSignIn_action({}, o),
      notes: [m.customerSignIn_note({ count: minutes }, o)],
    }),
    emailVerification: () => ({
      subject: m.emailVerification_subject({}, o),
      paragraphs: [m.emailVerification_paragraph1({}, o)],
      action: m.emailVerification_action({}, o),
      notes: [m.emailVerification_note({}, o)],
    }),
    passwordReset: () => ({
      subject: m.passwordReset_subject({}, o),
      paragraphs: [m.passwordReset_paragraph1({}, o)],
      action: m.passwordReset_action({}, o),
      notes: [m.passwordReset_note({}, o)],
    }),
    invitation: (organizer) => ({
      subject: m.invitation_subject({ organizer }, o),
      paragraphs: [m.invitation_paragraph1({ organizer }, o), m.invitation_paragraph2({}, o)],
      action: m.invitation_action({}, o),
      notes: [m.invitation_note({}, o)],
    }),
    signUpConfirmation: (organizer, hours) => ({
      subject: m.signUpConfirmation_subject({}, o),
      paragraphs: [m.signUpConfirmation_paragraph1({ organizer }, o)],
      action: m.signUpConfirmation_action({}, o),
      notes: [m.signUpConfirmation_note({ count: hours }, o)],
    }),
    signUpAttempt: () => ({
      subject: m.signUpAttempt_subject({}, o),
      paragraphs: [m.signUpAttempt_paragraph1({}, o), m.signUpAttempt_paragraph2({}, o)],
      action: m.signUpAttempt_action({}, o),
      notes: [m.signUpAttempt_note({}, o)],
    }),
    disputeOpened: (organizer, number, amount) => ({
      subject: m.disputeOpened_subject({ organizer, number }, o),
      paragraphs: [m.disputeOpened_paragraph1({ number, amount }, o), m.disputeOpened_paragraph2({}, o)],
      action: m.disputeOpened_action({}, o),
      notes: [],
    }),
    payoutFailed: (organizer, event, amount, reason) => ({
      subject: m.payoutFailed_subject({ organizer, amount }, o),
      paragraphs: [m.payoutFailed_paragraph1({ event, amount, reason }, o), m.payoutFailed_paragraph2({}, o)],
      action: m.payoutFailed_action({}, o),
      notes: [],
    }),
    webhookEndpointDisabled: (organizer, url, reason) => ({
      subject: m.webhookEndpointDisabled_subject({ organizer, url }, o),
      paragraphs: [
        m.webhookEndpointDisabled_paragraph1({ url, reason }, o),
        m.webhookEndpointDisabled_paragraph2({}, o),
      ],
      action: m.webhookEndpointDisabled_action({}, o),
      notes: [],
    }),
    customDomainCertificateFailed: (organizer, hostname, failure) => {
      const reason = failure ?? m.customDomainCertificate_noReason({}, o);
      return {
        subject: m.customDomainCertificateFailed_subject({ organizer, hostname }, o),
        paragraphs: [
          m.customDomainCertificateFailed_paragraph1({ hostname, failure: reason }, o),
          m.customDomainCertificateFailed_paragraph2({}, o),
        ],
        action: m.customDomainCertificateFailed_action({}, o),
        notes: [],
      };
    },
    customDomainCertificateExpiring: (organizer, hostname, ends) => {
      const day = ends ?? m.customDomainCertificate_soon({}, o);
      return {
        subject: m.customDomainCertificateExpiring_subject({ organizer, hostname, day }, o),
        paragraphs: [
          m.customDomainCertificateExpiring_paragraph1({ hostname, day }, o),
          m.customDomainCertificateExpiring_paragraph2({}, o),
        ],
        action: m.customDomainCertificateExpiring_action({}, o),
        notes: [],
      };
    },
    eventMessageAction: m.eventMessage_action({}, o),
    eventMessageWhy: (organizer, event) => m.eventMessage_why({ organizer, event }, o),
    unsubscribeText: (organizer) => m.eventMessage_unsubscribeText({ organizer }, o),
    unsubscribeLink: m.eventMessage_unsubscribeLink({}, o),
    eventReminder: (organizer, event) => ({
      subject: m.eventReminder_subject({ event }, o),
      paragraphs: [m.eventReminder_paragraph1({ organizer, event }, o)],
      action: m.eventMessage_action({}, o),
      notes: [m.eventReminder_note({}, o)],
    }),
    eventChange: (organizer, event) => ({
      subject: m.eventChange_subject({ event }, o),
      paragraphs: [m.eventChange_paragraph1({ organizer, event }, o)],
      action: m.eventMessage_action({}, o),
      notes: [m.eventChange_note({ organizer }, o)],
    }),
    eventChangeBefore: m.eventChange_before({}, o),
    eventChangeNow: m.eventChange_now({}, o),
  };
}

const catalogues = new Map<MailLocale, Catalog>();

function wordsIn(locale: MailLocale): Catalog {
  let catalogue = catalogues.get(locale);
  if (!catalogue) {
    catalogue = catalogueIn(locale);
    catalogues.set(locale, catalogue);
  }
  return catalogue;
}

/** The mail language with the US for its region where it has none: `en-US`, `es-US`, `pt-BR`. */
const usLocale = (locale: MailLocale) => regionalLocale(locale, 'US');

export function formatMailDate(at: Date, locale: MailLocale, timeZone: string): string {
  return new DateFormat(usLocale(locale), {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}

/** An event's day (`Saturday, July 6, 2030`) and clock time (`7:00 PM`) on its own clock, in a mail language. */
export function formatEventDayAndTime(at: Date, locale: MailLocale, timeZone: string): { date: string; time: string } {
  const date = new DateFormat(usLocale(locale), {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone,
  }).format(at);
  const time = new DateFormat(usLocale(locale), { hour: 'numeric', minute: '2-digit', timeZone }).format(at);
  return { date, time };
}

/** An amount in the currency's minor unit (`amountCents`), e.g. `$25.00`. */
export function formatMailMoney(cents: number, currency: string, locale: MailLocale): string {
  try {
    const format = new Intl.NumberFormat(usLocale(locale), { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(cents / 10 ** digits);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * When an event takes place, on its own clock, the zone named in full so that nobody wonders whose
 * time it is: `Wednesday, July 3, 2030, 7:00 – 11:00 PM (Pacific Daylight Time)`.
 */
export function formatEventTime(
  event: Pick<MailEvent, 'startsAt' | 'endsAt' | 'timeZone'>,
  locale: MailLocale,
): string {
  const { when: format, zone: zoneFormat } = eventTimeFormats(locale, event.timeZone);
  const when =
    event.endsAt > event.startsAt ? format.formatRange(event.startsAt, event.endsAt) : format.format(event.startsAt);
  const zone = zoneFormat.formatToParts(event.startsAt).find((part) => part.type === 'timeZoneName')?.value;
  return zone ? `${when} (${zone})` : when;
}

// Making a DateTimeFormat costs more than using it many times; zones and languages are few.
const eventTimeFormatCache = new Map<string, { when: DateFormat; zone: Intl.DateTimeFormat }>();

function eventTimeFormats(locale: MailLocale, timeZone: string) {
  const key = `${locale} ${timeZone}`;
  let formats = eventTimeFormatCache.get(key);
  if (!formats) {
    formats = {
      when: new DateFormat(usLocale(locale), {
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
      }),
      zone: new Intl.DateTimeFormat(intlLocale(usLocale(locale)), { timeZone, timeZoneName: 'long' }),
    };
    eventTimeFormatCache.set(key, formats);
  }
  return formats;
}

/** Where an event takes place, a line per part, parts the organizer left empty left out. */
export function venueLines(venue: MailVenue, locale: MailLocale): string[] {
  switch (venue.kind) {
    case 'place': {
      const region = [venue.state, venue.postalCode].map((part) => part.trim()).filter(Boolean);
      const locality = [venue.city.trim(), region.join(' ')].filter(Boolean).join(', ');
      const country =
        venue.country && venue.country !== 'US'
          ? (new Intl.DisplayNames([intlLocale(usLocale(locale))], { type: 'region' }).of(venue.country) ??
            venue.country)
          : '';
      return [venue.name.trim(), venue.address.trim(), locality, country].filter(Boolean);
    }
  }
}

/** The words of the tickets' PDF and the calendar file for a recipient's locale. */
export function ticketWords(locale: string | undefined): TicketWords {
  return wordsIn(mailLocale(locale)).tickets;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

const STYLE = {
  body: 'margin:0;padding:24px 12px;background:#f3f4f2;font-family:Arial,Helvetica,sans-serif;color:#1c2530;',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;',
  paragraph: 'margin:0 0 16px;font-size:16px;line-height:1.5;',
  button:
    'display:inline-block;background:#0f5132;color:#ffffff;text-decoration:none;font-weight:bold;font-size:16px;padding:12px 20px;border-radius:6px;',
  small: 'margin:0 0 12px;font-size:14px;line-height:1.5;color:#4b5563;',
  link: 'color:#0f5132;word-break:break-all;',
  tickets: 'margin:0 0 16px;padding:0;list-style:none;',
  ticket: 'margin:0 0 8px;padding:10px 12px;border:1px solid #d0d5dd;border-radius:6px;font-size:14px;line-height:1.4;',
  code: 'display:block;margin-top:4px;font-family:Menlo,Consolas,monospace;font-size:20px;font-weight:bold;letter-spacing:2px;color:#1c2530;',
  heading: 'margin:0 0 6px;font-size:17px;line-height:1.4;font-weight:bold;',
  facts: 'margin:0 0 16px;border-collapse:collapse;font-size:14px;line-height:1.5;',
  factValue: 'padding:2px 0;vertical-align:top;',
  amount: 'padding:2px 0;vertical-align:top;white-space:nowrap;',
  logoRow: 'margin:0 0 20px;',
  logo: 'display:block;height:48px;width:auto;max-width:240px;border:0;',
};

function render(
  locale: MailLocale,
  greetingName: string,
  content: MailContent,
  link: string,
  signature: string,
  brand?: MailBrand & { organizerName: string },
): RenderedMail {
  const words = wordsIn(locale);
  const dir = textDirection(locale);
  // Mail apps drop attributes of <html>, and some know only `left` and `right`: the card carries
  // the direction, and labels and amounts change sides with it.
  const [start, end] = dir === 'rtl' ? ['right', 'left'] : ['left', 'right'];
  const factLabel = `padding:2px 0;padding-${end}:12px;vertical-align:top;color:#4b5563;text-align:${start};`;
  const buttonStyle =
    brand?.buttonColor && brand.buttonTextColor
      ? `${STYLE.button}background:${brand.buttonColor};color:${brand.buttonTextColor};`
      : STYLE.button;
  const linkStyle = brand?.linkColor ? `${STYLE.link}color:${brand.linkColor};` : STYLE.link;
  const greeting = content.ownGreeting ? null : words.hello(greetingName.trim());
  const tickets = content.tickets;
  const events = content.events ?? [];
  const payment = content.payment;
  const factsText = ({ heading, rows }: FactBlock) =>
    [heading, ...rows.map(({ label, value }) => `${label}: ${value}`)].join('\n');
  const text = [
    ...(greeting ? [greeting] : []),
    ...content.paragraphs,
    ...events.map(factsText),
    ...(tickets ? [[tickets.heading, ...tickets.lines.map(({ label, code }) => `${label}: ${code}`)].join('\n')] : []),
    ...(payment ? [factsText(payment)] : []),
    `${content.action}:\n${link}`,
    ...content.notes,
    signature,
    ...(content.footer ? [`${content.footer.text} ${content.footer.linkLabel}: ${content.footer.href}`] : []),
  ].join('\n\n');
  const paragraph = (value: string, style = STYLE.paragraph) => `<p style="${style}">${escapeHtml(value)}</p>`;
  const factsHtml = ({ heading, rows }: FactBlock, valueStyle: string) => [
    paragraph(heading, STYLE.heading),
    `<table role="presentation" style="${STYLE.facts}">`,
    ...rows.map(
      ({ label, value, href }) =>
        `<tr><td style="${factLabel}">${escapeHtml(label)}</td><td style="${valueStyle}">${
          href ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>` : escapeHtml(value)
        }</td></tr>`,
    ),
    '</table>',
  ];
  const href = escapeHtml(link);
  const html = [
    '<!doctype html>',
    `<html lang="${locale}" dir="${dir}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<div dir="${dir}" style="${STYLE.card}text-align:${start};">`,
    ...(brand?.logoUrl
      ? [
          `<p style="${STYLE.logoRow}"><img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.organizerName)}" height="48" style="${STYLE.logo}"></p>`,
        ]
      : []),
    ...(greeting ? [paragraph(greeting)] : []),
    ...content.paragraphs.map((value) => paragraph(value)),
    ...events.flatMap((block) => factsHtml(block, STYLE.factValue)),
    ...(tickets
      ? [
          paragraph(tickets.heading),
          `<ul style="${STYLE.tickets}">`,
          ...tickets.lines.map(
            ({ label, code }) =>
              `<li style="${STYLE.ticket}">${escapeHtml(label)}<strong style="${STYLE.code}">${escapeHtml(code)}</strong></li>`,
          ),
          '</ul>',
        ]
      : []),
    ...(payment ? factsHtml(payment, `${STYLE.amount}text-align:${end};`) : []),
    `<p style="margin:24px 0;"><a href="${href}" style="${buttonStyle}">${escapeHtml(content.action)}</a></p>`,
    `<p style="${STYLE.small}">${escapeHtml(words.copyLink)}<br><a href="${href}" style="${linkStyle}">${href}</a></p>`,
    ...content.notes.map((value) => paragraph(value, STYLE.small)),
    paragraph(signature),
    ...(content.footer
      ? [
          `<p style="${STYLE.small}border-top:1px solid #e5e7eb;padding-top:12px;">${escapeHtml(content.footer.text)} <a href="${escapeHtml(content.footer.href)}" style="${linkStyle}">${escapeHtml(content.footer.linkLabel)}</a></p>`,
        ]
      : []),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
  return { subject: content.subject, text: `${text}\n`, html: `${html}\n` };
}

function buyerMail(
  to: BuyerMailRecipient,
  from: { organizerName: string; link: string; brand?: MailBrand },
  content: (words: Catalog) => MailContent,
) {
  const locale = mailLocale(to.locale);
  return render(
    locale,
    to.name,
    content(wordsIn(locale)),
    from.link,
    from.organizerName,
    from.brand && {
      ...from.brand,
      organizerName: from.organizerName,
    },
  );
}

function accountMail(
  to: AccountMailRecipient,
  link: string,
  content: (words: Catalog, locale: MailLocale) => MailContent,
) {
  const locale = mailLocale(to.locale ?? undefined);
  return render(locale, to.displayName, content(wordsIn(locale), locale), link, wordsIn(locale).accountSignature);
}

/** What was paid, as rows: what was bought, then discount, fee, tax and donation where the order has them, and the total. */
function paymentRows(payment: ConfirmationMail['payment'], words: Catalog, locale: MailLocale, severalEvents: boolean) {
  const money = (cents: number) => formatMailMoney(cents, payment.currency, locale);
  return [
    ...payment.lines.map((line) => ({
      label: [`${line.quantity} × ${line.description}`, ...(severalEvents && line.event ? [line.event] : [])].join(
        ' · ',
      ),
      value: money(line.amountCents),
    })),
    ...(payment.discountCents > 0 ? [{ label: words.discount, value: `−${money(payment.discountCents)}` }] : []),
    ...(payment.feeCents > 0 ? [{ label: words.serviceFee, value: money(payment.feeCents) }] : []),
    ...(payment.taxCents > 0 ? [{ label: words.salesTax, value: money(payment.taxCents) }] : []),
    ...(payment.donationCents > 0 ? [{ label: words.donation, value: money(payment.donationCents) }] : []),
    { label: words.totalPaid, value: money(payment.totalCents) },
  ];
}

/** `attached`: whether the tickets' PDF and the calendar file come with it (they do whenever there are tickets, unless they could not be made). */
export function renderOrderConfirmation(
  to: BuyerMailRecipient,
  order: ConfirmationMail,
  attached = order.tickets.length > 0,
): RenderedMail {
  const locale = mailLocale(to.locale);
  const severalEvents = new Set(order.tickets.map((ticket) => ticket.eventId)).size > 1 || order.events.length > 1;
  return buyerMail(to, order, (words) => ({
    ...words.orderConfirmation(order.organizerName, order.orderNumber, attached),
    events: order.events.map((event) => ({
      heading: event.title,
      rows: [
        { label: words.when, value: formatEventTime(event, locale) },
        ...(venueLines(event.venue, locale).length > 0
          ? [{ label: words.where, value: venueLines(event.venue, locale).join(', ') }]
          : []),
        ...(event.onlineUrl ? [{ label: words.online, value: event.onlineUrl, href: event.onlineUrl }] : []),
      ],
    })),
    payment: { heading: words.paid, rows: paymentRows(order.payment, words, locale, severalEvents) },
    ...(order.tickets.length > 0
      ? {
          tickets: {
            heading: words.ticketCodes,
            lines: order.tickets.map((ticket, i) => ({
              label: [
                words.ticketOf(i + 1, order.tickets.length),
                ...(severalEvents ? [ticket.event] : []),
                ticket.tier,
                ticket.attendee.trim() || to.name,
              ]
                .filter(Boolean)
                .join(' · '),
              code: ticket.shortCode,
            })),
          },
        }
      : {}),
  }));
}

export function renderOfflinePaymentReserved(
  to: BuyerMailRecipient,
  order: OrderMail & { payBy: Date; method: string },
): RenderedMail {
  const locale = mailLocale(to.locale);
  return buyerMail(to, order, (words) =>
    words.offlinePaymentReserved(
      order.organizerName,
      order.orderNumber,
      order.method,
      formatMailDate(order.payBy, locale, order.timeZone),
    ),
  );
}

export function renderOrderRefunded(
  to: BuyerMailRecipient,
  order: OrderMail & { amountCents: number; currency: string; latePayment?: boolean },
): RenderedMail {
  const locale = mailLocale(to.locale);
  return buyerMail(to, order, (words) =>
    (order.latePayment ? words.latePaymentRefunded : words.orderRefunded)(
      order.organizerName,
      order.orderNumber,
      formatMailMoney(order.amountCents, order.currency, locale),
    ),
  );
}

export function renderWaitlistOffer(
  to: BuyerMailRecipient,
  offer: OrderMail & { eventTitle: string; expiresAt: Date },
): RenderedMail {
  const locale = mailLocale(to.locale);
  return buyerMail(to, offer, (words) =>
    words.waitlistOffer(offer.organizerName, offer.eventTitle, formatMailDate(offer.expiresAt, locale, offer.timeZone)),
  );
}

export function renderCustomerSignIn(to: BuyerMailRecipient, signIn: SignInMail, now = new Date()): RenderedMail {
  // How long the link has left when the job sends it, not when it was asked for.
  const minutes = Math.max(1, Math.round((signIn.expiresAt.getTime() - now.getTime()) / 60_000));
  return buyerMail(to, signIn, (words) => words.customerSignIn(signIn.organizerName, minutes));
}

export function renderEmailVerification(to: AccountMailRecipient, link: string): RenderedMail {
  return accountMail(to, link, (words) => words.emailVerification());
}

export function renderPasswordReset(to: AccountMailRecipient, link: string): RenderedMail {
  return accountMail(to, link, (words) => words.passwordReset());
}

export function renderDisputeOpened(
  to: AccountMailRecipient,
  notice: { organizerName: string; orderNumber: string; amountCents: number; currency: string },
  link: string,
): RenderedMail {
  return accountMail(to, link, (words, locale) =>
    words.disputeOpened(
      notice.organizerName,
      notice.orderNumber,
      formatMailMoney(notice.amountCents, notice.currency, locale),
    ),
  );
}

export function renderPayoutFailed(to: AccountMailRecipient, notice: PayoutFailureNotice, link: string): RenderedMail {
  return accountMail(to, link, (words, locale) =>
    words.payoutFailed(
      notice.organizerName,
      notice.eventTitle,
      formatMailMoney(notice.amountCents, notice.currency, locale),
      notice.reason,
    ),
  );
}

export function renderWebhookEndpointDisabled(
  to: AccountMailRecipient,
  notice: WebhookDisabledNotice,
  link: string,
): RenderedMail {
  return accountMail(to, link, (words) =>
    words.webhookEndpointDisabled(notice.organizerName, notice.url, notice.reason),
  );
}

export function renderCustomDomainCertificate(
  to: AccountMailRecipient,
  notice: CustomDomainCertificateNotice,
  link: string,
): RenderedMail {
  return accountMail(to, link, (words) =>
    notice.problem === 'failed'
      ? words.customDomainCertificateFailed(notice.organizerName, notice.hostname, notice.failure ?? null)
      : words.customDomainCertificateExpiring(
          notice.organizerName,
          notice.hostname,
          notice.notAfter ? notice.notAfter.toISOString().slice(0, 10) : null,
        ),
  );
}

export function renderInvitation(to: AccountMailRecipient, organizerName: string, link: string): RenderedMail {
  return accountMail(to, link, (words) => words.invitation(organizerName));
}

export function renderSignUpConfirmation(
  to: AccountMailRecipient,
  organizerName: string,
  link: string,
  expiresAt: Date,
  now = new Date(),
): RenderedMail {
  // How long the link has left when the job sends it.
  const hours = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 3_600_000));
  return accountMail(to, link, (words) => words.signUpConfirmation(organizerName, hours));
}

export function renderSignUpAttempt(to: AccountMailRecipient, link: string): RenderedMail {
  return accountMail(to, link, (words) => words.signUpAttempt());
}

/**
 * A buyer's message from the storefront, to the organizer, in English as the admin is. The
 * buyer's words are plain text (escaped in the HTML part), a blank line starting a paragraph; a
 * matched order is summarized as its confirmation tells it.
 */
export function renderContactMessage(to: { name: string }, contact: ContactMail, attached: boolean): RenderedMail {
  const locale: MailLocale = 'en';
  const o = { locale };
  const words = wordsIn(locale);
  const { sender, orderReference: reference, order } = contact;
  const who = sender.name.trim() || sender.email;
  const number = order?.confirmation.orderNumber ?? '';
  const about = order
    ? [attached ? m.contact_orderAttached({ number }, o) : m.contact_order({ number }, o)]
    : reference
      ? [m.contact_unknownReference({ reference, organizer: contact.organizerName }, o)]
      : [];
  const paragraphs = contact.message
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const content: MailContent = {
    subject: m.contact_subject({ sender: who }, o),
    paragraphs: [
      m.contact_intro({ sender: who, email: sender.email, organizer: contact.organizerName }, o),
      ...about,
      m.contact_message({}, o),
      ...paragraphs,
    ],
    action: order ? m.contact_openOrder({ number }, o) : m.contact_openOrders({}, o),
    notes: [],
  };
  if (order) {
    const { confirmation } = order;
    const severalEvents = confirmation.events.length > 1;
    content.events = confirmation.events.map((event) => ({
      heading: event.title,
      rows: [
        { label: words.when, value: formatEventTime(event, locale) },
        ...(venueLines(event.venue, locale).length > 0
          ? [{ label: words.where, value: venueLines(event.venue, locale).join(', ') }]
          : []),
      ],
    }));
    if (confirmation.tickets.length > 0) {
      content.tickets = {
        heading: m.contact_tickets({}, o),
        lines: confirmation.tickets.map((ticket, i) => ({
          label: [words.ticketOf(i + 1, confirmation.tickets.length), ticket.tier, ticket.attendee.trim()]
            .filter(Boolean)
            .join(' · '),
          code: ticket.shortCode,
        })),
      };
    }
    content.payment = { heading: words.paid, rows: paymentRows(confirmation.payment, words, locale, severalEvents) };
  }
  return render(locale, to.name, content, contact.adminLink, words.accountSignature);
}

/** When and where an event takes place, as rows under a heading. */
function eventRows(event: MailEventTime, words: Catalog, locale: MailLocale) {
  const where = venueLines(event.venue, locale);
  return [
    { label: words.when, value: formatEventTime(event, locale) },
    ...(where.length > 0 ? [{ label: words.where, value: where.join(', ') }] : []),
    ...(event.onlineUrl ? [{ label: words.online, value: event.onlineUrl, href: event.onlineUrl }] : []),
  ];
}

/** A message to an event's ticket holder, in the recipient's language, with the link to their tickets. */
export function renderEventMessage(to: BuyerMailRecipient, mail: EventMessageMail): RenderedMail {
  const locale = mailLocale(to.locale);
  return buyerMail(to, mail, (words) => {
    const why = words.eventMessageWhy(mail.organizerName, mail.event.title);
    switch (mail.kind) {
      case 'written':
        return {
          subject: mail.subject,
          ownGreeting: true,
          paragraphs: mail.paragraphs,
          action: words.eventMessageAction,
          notes: [],
          footer: {
            text: `${why} ${words.unsubscribeText(mail.organizerName)}`,
            linkLabel: words.unsubscribeLink,
            href: mail.unsubscribeLink,
          },
        };
      case 'reminder': {
        const content = words.eventReminder(mail.organizerName, mail.event.title);
        return {
          ...content,
          events: [{ heading: mail.event.title, rows: eventRows(mail.event, words, locale) }],
          notes: [...content.notes, why],
        };
      }
      case 'event_change': {
        const content = words.eventChange(mail.organizerName, mail.event.title);
        return {
          ...content,
          events: [
            { heading: words.eventChangeNow, rows: eventRows(mail.event, words, locale) },
            { heading: words.eventChangeBefore, rows: eventRows(mail.before, words, locale) },
          ],
          notes: [...content.notes, why],
        };
      }
    }
  });
}
