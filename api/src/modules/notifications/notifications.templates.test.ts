import { describe, expect, it } from 'vitest';
import type { AccountMailRecipient } from '../auth/account-mail.ts';
import type { BuyerMailRecipient, ConfirmationMail, MailEvent, OrderMail } from './buyer-mail.ts';
import { organizerSender } from './notifications.mail.ts';
import {
  escapeHtml,
  formatEventTime,
  formatMailDate,
  MAIL_LOCALES,
  mailLocale,
  type RenderedMail,
  renderCustomerSignIn,
  renderEmailVerification,
  renderInvitation,
  renderOfflinePaymentReserved,
  renderOrderConfirmation,
  renderOrderRefunded,
  renderPasswordReset,
  renderSignUpAttempt,
  renderSignUpConfirmation,
  renderWaitlistOffer,
  venueLines,
} from './notifications.templates.ts';

const LINK = 'http://harlem-griot.localhost:5173/orders/0b5c?token=abc.def&lang=es';
const HOSTILE = `<img src=x onerror="alert('owned')"> & Sons`;
const buyer = (locale: string, name = 'Amara Okafor'): BuyerMailRecipient => ({
  email: 'amara@example.org',
  name,
  locale,
});
const order = (organizerName = 'Harlem Griot Society'): OrderMail => ({
  organizerName,
  orderNumber: 'K7QX2M',
  link: LINK,
  timeZone: 'America/New_York',
});
const KWANZAA = '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const kwanzaaNight: MailEvent = {
  id: KWANZAA,
  title: 'Kwanzaa Night',
  // 7:00 PM on December 26 in New York.
  startsAt: new Date('2026-12-27T00:00:00Z'),
  endsAt: new Date('2026-12-27T04:00:00Z'),
  timeZone: 'America/New_York',
  venue: {
    kind: 'place',
    name: 'Harlem Stage',
    address: '150 Convent Ave',
    city: 'New York',
    state: 'NY',
    postalCode: '10031',
    country: 'US',
  },
  onlineUrl: null,
};
const confirmation = (organizerName = 'Harlem Griot Society'): ConfirmationMail => ({
  ...order(organizerName),
  tickets: [
    {
      shortCode: '7KQ4-M2XD-9P',
      code: 'AP1.x.y.z',
      eventId: KWANZAA,
      event: 'Kwanzaa Night',
      tier: 'General',
      attendee: 'Amara Okafor',
    },
    {
      shortCode: 'H3ZW-0T6B-RC',
      code: 'AP1.x.y.w',
      eventId: KWANZAA,
      event: 'Kwanzaa Night',
      tier: organizerName,
      attendee: '',
    },
  ],
  events: [kwanzaaNight],
  payment: {
    currency: 'USD',
    lines: [{ description: 'General', event: 'Kwanzaa Night', quantity: 2, amountCents: 5000 }],
    discountCents: 0,
    feeCents: 0,
    taxCents: 0,
    donationCents: 0,
    totalCents: 5000,
  },
  paidAt: new Date('2026-12-01T15:00:00Z'),
});
const person: AccountMailRecipient = { email: 'selam@example.org', displayName: 'Selam Tesfaye', locale: null };
const payBy = new Date('2026-12-05T23:30:00Z');

/** Every message, for a buyer in `locale` and an organizer called `organizer`. */
function everyMessage(locale: string, organizer = 'Harlem Griot Society'): [string, RenderedMail][] {
  const to = buyer(locale);
  const member: AccountMailRecipient = { ...person, locale };
  return [
    ['order confirmation', renderOrderConfirmation(to, confirmation(organizer))],
    ['offline payment', renderOfflinePaymentReserved(to, { ...order(organizer), payBy, method: 'cash' })],
    ['refund', renderOrderRefunded(to, { ...order(organizer), amountCents: 2550, currency: 'USD' })],
    ['waitlist offer', renderWaitlistOffer(to, { ...order(organizer), eventTitle: organizer, expiresAt: payBy })],
    [
      'customer sign-in',
      renderCustomerSignIn(to, { organizerName: organizer, link: LINK, expiresAt: new Date(Date.now() + 1_800_000) }),
    ],
    ['email verification', renderEmailVerification(member, LINK)],
    ['password reset', renderPasswordReset(member, LINK)],
    ['invitation', renderInvitation(member, organizer, LINK)],
    ['sign-up confirmation', renderSignUpConfirmation(member, organizer, LINK, new Date(Date.now() + 86_400_000))],
    ['sign-up attempt', renderSignUpAttempt(member, LINK)],
  ];
}

describe('the mail language', () => {
  it.each([
    ['en', 'en'],
    ['es', 'es'],
    ['es-MX', 'es'],
    ['ES-us', 'es'],
    ['am', 'am'],
    ['yo', 'yo'],
    ['pt', 'pt-BR'],
    ['ar-EG', 'ar'],
    ['ti', 'en'],
    ['', 'en'],
  ])('%s reads as %s', (locale, expected) => {
    expect(mailLocale(locale)).toBe(expected);
  });

  it('writes to each buyer in their language, and in English to a language the emails are not written in', () => {
    const spanish = renderOrderConfirmation(buyer('es-MX'), confirmation());
    expect(spanish.subject).toBe('Sus boletos de Harlem Griot Society – compra K7QX2M');
    expect(spanish.text).toMatch(/^Hola, Amara Okafor:\n/);
    expect(spanish.text).toContain('Ver sus boletos:');
    expect(spanish.html).toContain('<html lang="es" dir="ltr">');

    const english = renderOrderConfirmation(buyer('en'), confirmation());
    for (const [locale, script] of [
      ['am', /\p{Script=Ethiopic}/u],
      ['ar', /\p{Script=Arabic}/u],
      ['ht', /tikè/i],
    ] as const) {
      const mail = renderOrderConfirmation(buyer(locale), confirmation());
      expect(mail.subject).toMatch(script);
      expect(mail.subject).toContain('K7QX2M');
      expect(mail.text).not.toContain('Hello');
      expect(mail.text).not.toContain('View your tickets');
      const dir = locale === 'ar' ? 'rtl' : 'ltr';
      expect(mail.html).toContain(`<html lang="${locale}" dir="${dir}">`);
      expect(mail.html).toContain(`<div dir="${dir}"`);
    }

    const tigrinya = renderOrderConfirmation(buyer('ti'), confirmation());
    expect(tigrinya.subject).toBe(english.subject);
    expect(tigrinya.html).toContain('<html lang="en"');
  });

  it('greets without a name when the buyer gave none', () => {
    expect(renderOrderConfirmation(buyer('en', '  '), confirmation()).text).toMatch(/^Hello,\n/);
    expect(renderOrderConfirmation(buyer('es', ''), confirmation()).text).toMatch(/^Hola:\n/);
  });

  it('tells dates on the given clock and amounts in the currency, in the language', () => {
    const reserved = renderOfflinePaymentReserved(buyer('en'), { ...order(), payBy, method: 'St. Mary Church' });
    expect(reserved.text).toContain(
      `Please pay through St. Mary Church by ${formatMailDate(payBy, 'en', 'America/New_York')}.`,
    );
    expect(formatMailDate(payBy, 'en', 'America/New_York')).toMatch(/^Saturday, December 5 at 6:30\sPM EST$/);
    expect(formatMailDate(payBy, 'es', 'America/Chicago')).toMatch(/^sábado, 5 de diciembre, 5:30\sp\.\s?m\. CST$/);

    const cash = renderOfflinePaymentReserved(buyer('es'), { ...order(), payBy, method: 'cash' });
    expect(cash.text).toContain('Pague en efectivo a más tardar el sábado, 5 de diciembre');

    expect(renderOrderRefunded(buyer('en'), { ...order(), amountCents: 2550, currency: 'USD' }).text).toContain(
      'Harlem Griot Society has refunded $25.50 for your order K7QX2M.',
    );
    expect(renderOrderRefunded(buyer('en'), { ...order(), amountCents: 2550, currency: 'JPY' }).text).toContain(
      '¥2,550',
    );
  });

  it('says how long a sign-in link has left when it is sent', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const signIn = {
      organizerName: 'Harlem Griot Society',
      link: LINK,
      expiresAt: new Date(now.getTime() + 29.6 * 60_000),
    };
    expect(renderCustomerSignIn(buyer('en'), signIn, now).text).toContain('The link works once, within 30 minutes.');
    expect(renderCustomerSignIn(buyer('es'), signIn, now).text).toContain('funciona una sola vez, durante 30 minutos.');
  });
});

describe("the confirmation's tickets", () => {
  it('lists every ticket with its short code, for a door that cannot scan the QR code, in both parts', () => {
    const mail = renderOrderConfirmation(buyer('en'), confirmation());
    expect(mail.text).toContain(
      [
        'If the QR code will not scan at the door, the staff can type the code instead:',
        'Ticket 1 of 2 · General · Amara Okafor: 7KQ4-M2XD-9P',
        'Ticket 2 of 2 · Harlem Griot Society · Amara Okafor: H3ZW-0T6B-RC',
        '',
        'What you paid',
        '2 × General: $50.00',
        'Total paid: $50.00',
        '',
        'View your tickets:',
      ].join('\n'),
    );
    expect(mail.html).toMatch(/Ticket 1 of 2 · General · Amara Okafor<strong [^>]*>7KQ4-M2XD-9P<\/strong>/);
    expect(mail.html).toMatch(
      /Ticket 2 of 2 · Harlem Griot Society · Amara Okafor<strong [^>]*>H3ZW-0T6B-RC<\/strong>/,
    );

    const spanish = renderOrderConfirmation(buyer('es'), confirmation());
    expect(spanish.text).toContain(
      'el personal puede escribir el código:\nBoleto 1 de 2 · General · Amara Okafor: 7KQ4-M2XD-9P',
    );
  });

  it('names the event of each ticket when the order has tickets for several', () => {
    const order = confirmation();
    const [first, second] = order.tickets as [ConfirmationMail['tickets'][number], ConfirmationMail['tickets'][number]];
    const mail = renderOrderConfirmation(buyer('en'), {
      ...order,
      tickets: [first, { ...second, eventId: 'a1b2c3d4-0000-4000-8000-000000000000', event: 'Harvest Dinner' }],
    });
    expect(mail.text).toContain('Ticket 1 of 2 · Kwanzaa Night · General · Amara Okafor: 7KQ4-M2XD-9P');
    expect(mail.text).toContain('Ticket 2 of 2 · Harvest Dinner · Harlem Griot Society · Amara Okafor: H3ZW-0T6B-RC');
  });

  it('says nothing of codes, nor of attachments, when no ticket is valid any more', () => {
    expect(renderOrderConfirmation(buyer('en'), confirmation()).text).toContain(
      'Your tickets are attached to this email as a PDF',
    );
    const mail = renderOrderConfirmation(buyer('en'), { ...confirmation(), tickets: [], events: [] });
    expect(mail.text).not.toContain('type the code');
    expect(mail.text).not.toContain('attached');
    expect(mail.text).toContain('Your tickets and their QR codes are on your order page.');
    expect(mail.html).not.toContain('<ul');
  });
});

describe("the confirmation's events", () => {
  it("tells when on the event's clock, naming its zone, and where, in the buyer's language", () => {
    const mail = renderOrderConfirmation(buyer('en'), confirmation());
    expect(mail.text).toMatch(
      /\n\nKwanzaa Night\nWhen: Saturday, December 26, 2026, 7:00\s–\s11:00\sPM \(Eastern Standard Time\)\nWhere: Harlem Stage, 150 Convent Ave, New York, NY 10031\n\n/,
    );
    expect(mail.html).toMatch(/<td [^>]*>When<\/td><td [^>]*>Saturday, December 26, 2026, 7:00/);
    const spanish = renderOrderConfirmation(buyer('es'), confirmation());
    expect(spanish.text).toMatch(
      /Cuándo: sábado, 26 de diciembre de 2026, 7:00\s?–\s?11:00\sp\.\s?m\. \(hora estándar oriental\)\nDónde: Harlem Stage/,
    );
  });

  it('tells the same instant on the clock of an event elsewhere, and across midnight', () => {
    const order = confirmation();
    const inLosAngeles = { ...kwanzaaNight, timeZone: 'America/Los_Angeles' };
    expect(renderOrderConfirmation(buyer('en'), { ...order, events: [inLosAngeles] }).text).toMatch(
      /When: Saturday, December 26, 2026, 4:00\s–\s8:00\sPM \(Pacific Standard Time\)/,
    );
    const inAddis = { ...kwanzaaNight, timeZone: 'Africa/Addis_Ababa' };
    expect(formatEventTime(inAddis, 'en')).toMatch(
      /^Sunday, December 27, 2026, 3:00\s–\s7:00\sAM \(East Africa Time\)$/,
    );
    const overnight = { ...kwanzaaNight, endsAt: new Date('2026-12-27T09:00:00Z') };
    expect(formatEventTime(overnight, 'en')).toMatch(
      /^Saturday, December 26, 2026 at 7:00\sPM\s–\sSunday, December 27, 2026 at 4:00\sAM \(Eastern Standard Time\)$/,
    );
  });

  it('leaves out the parts of a place the organizer left empty, and names a country other than the US', () => {
    expect(venueLines({ ...kwanzaaNight.venue, address: '', postalCode: '' }, 'en')).toEqual([
      'Harlem Stage',
      'New York, NY',
    ]);
    expect(
      venueLines(
        {
          kind: 'place',
          name: 'Ghion Hotel',
          address: 'Ras Desta Damtew St',
          city: 'Addis Ababa',
          state: '',
          postalCode: '',
          country: 'ET',
        },
        'es',
      ),
    ).toEqual(['Ghion Hotel', 'Ras Desta Damtew St', 'Addis Ababa', 'Etiopía']);
    const nowhere = {
      ...kwanzaaNight,
      venue: { ...kwanzaaNight.venue, name: '', address: '', city: '', state: '', postalCode: '' },
    };
    const mail = renderOrderConfirmation(buyer('en'), { ...confirmation(), events: [nowhere] });
    expect(mail.text).toContain('When: ');
    expect(mail.text).not.toContain('Where:');
  });

  it("gives an online event's link to its ticket holders, as a link", () => {
    const stream = 'https://stream.example.org/kwanzaa?pass=umoja&x=<1>';
    const online = { ...kwanzaaNight, onlineUrl: stream };
    const mail = renderOrderConfirmation(buyer('en'), { ...confirmation(), events: [online] });
    expect(mail.text).toContain(`Where: Harlem Stage, 150 Convent Ave, New York, NY 10031\nJoin online: ${stream}\n`);
    expect(mail.html).toContain(
      '<a href="https://stream.example.org/kwanzaa?pass=umoja&amp;x=&lt;1&gt;">https://stream.example.org/kwanzaa?pass=umoja&amp;x=&lt;1&gt;</a>',
    );
    expect(renderOrderConfirmation(buyer('es'), { ...confirmation(), events: [online] }).text).toContain(
      `Unirse en línea: ${stream}`,
    );
    expect(renderOrderConfirmation(buyer('en'), confirmation()).text).not.toContain('Join online');
  });
});

describe('what the confirmation says was paid', () => {
  it('lists what was bought, then discount, fee, tax and donation where the order has them, and the total', () => {
    const order = confirmation();
    const mail = renderOrderConfirmation(buyer('en'), {
      ...order,
      payment: {
        currency: 'USD',
        lines: [
          { description: 'General', event: 'Kwanzaa Night', quantity: 2, amountCents: 5000 },
          { description: 'Kente scarf', event: null, quantity: 1, amountCents: 1800 },
        ],
        discountCents: 500,
        feeCents: 348,
        taxCents: 474,
        donationCents: 1000,
        totalCents: 8122,
      },
    });
    expect(mail.text).toContain(
      [
        'What you paid',
        '2 × General: $50.00',
        '1 × Kente scarf: $18.00',
        'Discount: −$5.00',
        'Service fee: $3.48',
        'Sales tax: $4.74',
        'Donation: $10.00',
        'Total paid: $81.22',
      ].join('\n'),
    );
    expect(mail.html).toMatch(/<td [^>]*>Total paid<\/td><td [^>]*text-align:right[^>]*>\$81\.22<\/td>/);
    const spanish = renderOrderConfirmation(buyer('es'), order);
    expect(spanish.text).toContain('Lo que pagó\n2 × General: $50.00\nTotal pagado: $50.00');
  });

  it('names the event of each ticket line when the order is for several', () => {
    const order = confirmation();
    const harvest: MailEvent = { ...kwanzaaNight, id: 'a1b2c3d4-0000-4000-8000-000000000000', title: 'Harvest Dinner' };
    const mail = renderOrderConfirmation(buyer('en'), {
      ...order,
      events: [kwanzaaNight, harvest],
      payment: {
        ...order.payment,
        lines: [
          { description: 'General', event: 'Kwanzaa Night', quantity: 2, amountCents: 5000 },
          { description: 'General', event: 'Harvest Dinner', quantity: 1, amountCents: 4000 },
        ],
      },
    });
    expect(mail.text).toContain('2 × General · Kwanzaa Night: $50.00\n1 × General · Harvest Dinner: $40.00');
    expect(mail.text).toContain('\n\nHarvest Dinner\nWhen: ');
  });
});

describe.each(MAIL_LOCALES)('every message in %s', (locale) => {
  it.each(everyMessage(locale))('%s carries its link as a button and as text', (_name, mail) => {
    expect(mail.subject.length).toBeGreaterThan(10);
    expect(mail.text).toContain(`:\n${LINK}\n`);
    const href = `href="${escapeHtml(LINK)}"`;
    expect(mail.html.split(href)).toHaveLength(3);
    expect(mail.html).toContain(`>${escapeHtml(LINK)}</a>`);
    // The raw `&` of the query string never appears unescaped in the HTML part.
    expect(mail.html).not.toContain('abc.def&lang');
  });

  const naming = everyMessage(locale, HOSTILE).filter(
    ([name]) => !['email verification', 'password reset', 'sign-up attempt'].includes(name),
  );
  it.each(naming)("%s escapes the organizer's words in the HTML part", (_name, mail) => {
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain(`onerror="alert`);
    expect(mail.html).toContain('&lt;img src=x onerror=&quot;alert(&#39;owned&#39;)&quot;&gt; &amp; Sons');
  });
});

describe('the sign-up emails', () => {
  it('say how long the link has left, and tell a known address how to get in', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const confirmation = renderSignUpConfirmation(
      person,
      'Harlem Griot Society',
      LINK,
      new Date(now.getTime() + 23.7 * 3_600_000),
      now,
    );
    expect(confirmation.subject).toBe('Finish creating your Access Plus account');
    expect(confirmation.text).toContain('Thank you for signing Harlem Griot Society up to Access Plus.');
    expect(confirmation.text).toContain('The link works for 24 hours.');
    const attempt = renderSignUpAttempt(person, 'http://localhost:5174/sign-in');
    expect(attempt.subject).toBe('Someone tried to sign up with your email address');
    expect(attempt.text).toContain('choose "Forgot your password?" on the sign-in page');
    expect(attempt.text).toContain('Sign in:\nhttp://localhost:5174/sign-in\n');
  });
});

describe('escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  it("escapes the buyer's name, which the buyer typed", () => {
    const mail = renderOrderConfirmation(buyer('en', '<b>Amara</b>'), confirmation());
    expect(mail.html).toContain('Hello &lt;b&gt;Amara&lt;/b&gt;,');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text).toContain('Hello <b>Amara</b>,');
  });
});

describe('the sender', () => {
  it('speaks as the organizer, through the MAIL_FROM address', () => {
    const from = { name: 'Access Plus', address: 'tickets@example.org' };
    expect(organizerSender(from, 'Harlem Griot Society')).toEqual({
      name: 'Harlem Griot Society via Access Plus',
      address: 'tickets@example.org',
    });
    expect(organizerSender({ name: '', address: 'tickets@example.org' }, 'Harlem Griot Society')).toEqual({
      name: 'Harlem Griot Society',
      address: 'tickets@example.org',
    });
    expect(organizerSender(from, ' ')).toEqual(from);
  });
});

describe("the organizer's brand", () => {
  const brand = {
    logoUrl: 'https://api.accessplus.example/v1/images/abc.webp',
    buttonColor: '#7a1f3d',
    buttonTextColor: '#ffffff',
    linkColor: '#7a1f3d',
  };
  const to = buyer('en');
  const branded: [string, RenderedMail][] = [
    ['order confirmation', renderOrderConfirmation(to, { ...confirmation(HOSTILE), brand })],
    ['offline payment', renderOfflinePaymentReserved(to, { ...order(HOSTILE), brand, payBy, method: 'cash' })],
    ['refund', renderOrderRefunded(to, { ...order(HOSTILE), brand, amountCents: 2550, currency: 'USD' })],
    ['waitlist offer', renderWaitlistOffer(to, { ...order(HOSTILE), brand, eventTitle: 'Gala', expiresAt: payBy })],
    [
      'customer sign-in',
      renderCustomerSignIn(to, {
        organizerName: HOSTILE,
        brand,
        link: LINK,
        expiresAt: new Date(Date.now() + 1_800_000),
      }),
    ],
  ];

  it.each(branded)('%s shows the logo, named by the organizer, and the brand color on its button', (_, mail) => {
    expect(mail.html).toContain(`<img src="${brand.logoUrl}" alt="${escapeHtml(HOSTILE)}"`);
    expect(mail.html).not.toContain(HOSTILE);
    expect(mail.html).toMatch(/style="[^"]*background:#7a1f3d;color:#ffffff;"/);
    expect(mail.html).toMatch(/style="[^"]*color:#7a1f3d;"[^>]*>http/);
    expect(mail.text).not.toContain(brand.logoUrl);
  });

  it('keeps its own colors where the organizer chose none or the link color would not read on white', () => {
    const plain = renderOrderRefunded(to, { ...order(), amountCents: 100, currency: 'USD' });
    const light = renderOrderRefunded(to, {
      ...order(),
      brand: { logoUrl: null, buttonColor: '#f4c430', buttonTextColor: '#111827', linkColor: null },
      amountCents: 100,
      currency: 'USD',
    });
    expect(plain.html).not.toContain('<img');
    expect(plain.html).toContain('background:#0f5132;color:#ffffff;');
    expect(light.html).not.toContain('<img');
    expect(light.html).toContain('background:#f4c430;color:#111827;');
    expect(light.html).toMatch(/style="color:#0f5132;word-break:break-all;">http/);
  });
});
