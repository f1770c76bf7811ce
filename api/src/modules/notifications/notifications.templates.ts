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
  MailBrand,
  MailEvent,
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

/** Languages the emails are written in; any other reads English until someone translates it. */
export const MAIL_LOCALES = ['en', 'es'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/** The mail language for a recipient's locale: the same language (`es-MX` → `es`), else English. */
export function mailLocale(locale: string | undefined): MailLocale {
  const language = (locale ?? '').split('-')[0]?.toLowerCase() ?? '';
  return MAIL_LOCALES.find((candidate) => candidate === language) ?? 'en';
}

/**
 * What one message says. Every value is plain text: organizer names and event titles are
 * tenant-supplied, so the HTML part escapes all of it and no tenant HTML ever reaches an email.
 */
interface MailContent {
  subject: string;
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
  minutes(count: number): string;
  hours(count: number): string;
  offlineMethod(method: string): string;
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
  offlinePaymentReserved(organizer: string, number: string, how: string, payBy: string): MailContent;
  orderRefunded(organizer: string, number: string, amount: string): MailContent;
  latePaymentRefunded(organizer: string, number: string, amount: string): MailContent;
  waitlistOffer(organizer: string, eventTitle: string, until: string): MailContent;
  customerSignIn(organizer: string, within: string): MailContent;
  emailVerification(): MailContent;
  passwordReset(): MailContent;
  invitation(organizer: string): MailContent;
  signUpConfirmation(organizer: string, within: string): MailContent;
  signUpAttempt(): MailContent;
  disputeOpened(organizer: string, number: string, amount: string): MailContent;
  payoutFailed(organizer: string, event: string, amount: string, reason: string): MailContent;
  webhookEndpointDisabled(organizer: string, url: string, reason: string): MailContent;
  customDomainCertificateFailed(organizer: string, hostname: string, failure: string): MailContent;
  customDomainCertificateExpiring(organizer: string, hostname: string, day: string): MailContent;
}

const en: Catalog = {
  hello: (name) => (name ? `Hello ${name},` : 'Hello,'),
  copyLink: 'If the button does not work, copy this link into your browser:',
  accountSignature: 'The Access Plus team',
  minutes: (count) => (count === 1 ? '1 minute' : `${count} minutes`),
  hours: (count) => (count === 1 ? '1 hour' : `${count} hours`),
  offlineMethod: (method) =>
    method === 'cash'
      ? 'in cash'
      : method === 'partner'
        ? 'through the community partner you chose'
        : `through ${method}`,
  ticketCodes:
    "Each ticket's code is printed under its QR code. If the QR code will not scan at the door, the staff can type the code instead:",
  ticketOf: (n, count) => `Ticket ${n} of ${count}`,
  when: 'When',
  where: 'Where',
  online: 'Join online',
  paid: 'What you paid',
  discount: 'Discount',
  serviceFee: 'Service fee',
  salesTax: 'Sales tax',
  donation: 'Donation',
  totalPaid: 'Total paid',
  tickets: {
    ticketOf: (n, count) => `Ticket ${n} of ${count}`,
    online: 'Online',
    tier: 'Ticket type',
    attendee: 'Name',
    order: 'Order',
    ticketCode: 'Ticket code',
    atTheDoor:
      'Show this page at the door, printed or on your phone. If the QR code will not scan, the staff can type the ticket code instead.',
    pdfFilename: (number) => `tickets-${number}.pdf`,
    calendarFilename: (number) => `event-${number}.ics`,
    calendarDescription: (organizer, number, tickets) =>
      [`Order ${number} from ${organizer}.`, ...tickets, 'Your tickets and their QR codes:'].join('\n'),
  },
  orderConfirmation: (organizer, number, attached) => ({
    subject: `Your tickets from ${organizer} – order ${number}`,
    paragraphs: [
      `Thank you! Your order ${number} from ${organizer} is paid.`,
      attached
        ? 'Your tickets are attached to this email as a PDF, one page per ticket with its QR code, and they are on your order page too. Show them at the door, on your phone or printed. The calendar file (.ics) adds the event to your calendar.'
        : 'Your tickets and their QR codes are on your order page. Show them at the door, on your phone or printed.',
    ],
    action: 'View your tickets',
    notes: ['This link opens your order without a password, so keep it to yourself.'],
  }),
  offlinePaymentReserved: (organizer, number, how, payBy) => ({
    subject: `Order ${number} from ${organizer} is reserved – please pay to keep it`,
    paragraphs: [
      `Your tickets from ${organizer} are reserved under order ${number}.`,
      `Please pay ${how} by ${payBy}. Until then the order is not paid; after that, the tickets go back on sale.`,
    ],
    action: 'View your order',
    notes: ['This link opens your order without a password, so keep it to yourself.'],
  }),
  orderRefunded: (organizer, number, amount) => ({
    subject: `Refund for your order ${number} from ${organizer}`,
    paragraphs: [
      `${organizer} has refunded ${amount} for your order ${number}.`,
      'The money goes back the way you paid. A refund to a card can take a few business days to appear.',
    ],
    action: 'View your order',
    notes: [],
  }),
  latePaymentRefunded: (organizer, number, amount) => ({
    subject: `Your payment for order ${number} from ${organizer} was refunded`,
    paragraphs: [
      `Your payment of ${amount} for order ${number} arrived after the time to pay had run out, and the tickets had gone to other buyers by then.`,
      'We have refunded the whole amount. The money goes back the way you paid; a refund to a card can take a few business days to appear.',
    ],
    action: 'View your order',
    notes: [],
  }),
  waitlistOffer: (organizer, eventTitle, until) => ({
    subject: `Tickets for ${eventTitle} are waiting for you`,
    paragraphs: [
      `Good news: tickets for ${eventTitle} from ${organizer} became available, and you are next on the waitlist.`,
      `They are held for you until ${until}. Pay before then to keep them; after that, they are offered to the next person in line.`,
    ],
    action: 'Get your tickets',
    notes: [],
  }),
  customerSignIn: (organizer, within) => ({
    subject: `Your sign-in link for ${organizer}`,
    paragraphs: [`Use the button below to sign in to the ticket store of ${organizer} and see your orders.`],
    action: 'Sign in',
    notes: [`The link works once, within ${within}. If you did not ask for it, you can ignore this email.`],
  }),
  emailVerification: () => ({
    subject: 'Confirm your email address for Access Plus',
    paragraphs: [
      'Please confirm that this is your email address, so that sales reports and account notices reach you.',
    ],
    action: 'Confirm my email address',
    notes: ['If you did not sign up for Access Plus, you can ignore this email.'],
  }),
  passwordReset: () => ({
    subject: 'Reset your Access Plus password',
    paragraphs: [
      'We got a request to reset the password of your Access Plus account. Choose a new one with the button below; the link works once.',
    ],
    action: 'Choose a new password',
    notes: ['If you did not ask for this, ignore this email: your password stays the same.'],
  }),
  invitation: (organizer) => ({
    subject: `${organizer} invited you to Access Plus`,
    paragraphs: [
      `${organizer} added you to their team on Access Plus, where they sell tickets and check people in at the door.`,
      'Choose a password to sign in. The link works once.',
    ],
    action: 'Choose your password',
    notes: ['If you did not expect this, you can ignore this email.'],
  }),
  signUpConfirmation: (organizer, within) => ({
    subject: 'Finish creating your Access Plus account',
    paragraphs: [
      `Thank you for signing ${organizer} up to Access Plus. Confirm that this email address is yours to create your account and your organizer, and start selling tickets.`,
    ],
    action: 'Create my account',
    notes: [
      `The link works for ${within}. If you did not sign up for Access Plus, you can ignore this email: nothing is created without it.`,
    ],
  }),
  signUpAttempt: () => ({
    subject: 'Someone tried to sign up with your email address',
    paragraphs: [
      'Someone, maybe you, tried to create a new Access Plus account with this email address. It already has an account, so nothing was created.',
      'If it was you, sign in with your password. If you forgot it, choose "Forgot your password?" on the sign-in page to get a new one.',
    ],
    action: 'Sign in',
    notes: ['If it was not you, you can ignore this email: your account has not changed.'],
  }),
  disputeOpened: (organizer, number, amount) => ({
    subject: `A buyer disputed order ${number} at ${organizer}`,
    paragraphs: [
      `The buyer's bank has opened a chargeback of ${amount} on order ${number}. The bank has taken the amount back for now, with the processor's dispute fee, and both come off your next payout.`,
      'If the tickets were used or the buyer agreed to the sale, send us what shows it (the check-in record, messages) so we can contest the dispute. A dispute that is won gives the money back.',
    ],
    action: 'Open the order',
    notes: [],
  }),
  payoutFailed: (organizer, event, amount, reason) => ({
    subject: `A payout of ${amount} to ${organizer} did not arrive`,
    paragraphs: [
      `Your bank sent back the payout of ${amount} for ${event}. It said: ${reason}`,
      'The money is still yours and waits in your balance. Check your bank details in Stripe; the payout is sent again once Stripe accepts them.',
    ],
    action: 'Open your payouts',
    notes: [],
  }),
  webhookEndpointDisabled: (organizer, url, reason) => ({
    subject: `Webhooks to ${url} were turned off for ${organizer}`,
    paragraphs: [
      `Access Plus stopped sending webhooks to ${url}. ${reason}`,
      'Changes made meanwhile are not sent to it. Once the receiver works again, turn the endpoint back on and send the failed deliveries again from its delivery log; your program can also catch up from the changes feed.',
    ],
    action: 'Open the endpoint',
    notes: [],
  }),
  customDomainCertificateFailed: (organizer, hostname, failure) => ({
    subject: `The certificate for ${hostname} could not be issued (${organizer})`,
    paragraphs: [
      `The certificate authority gave up on the certificate for ${hostname}: ${failure}`,
      'Until there is one, visitors to that address see a warning instead of your store. Check the records and what the domain page says about them, then check again there.',
    ],
    action: 'Open the custom domains',
    notes: [],
  }),
  customDomainCertificateExpiring: (organizer, hostname, day) => ({
    subject: `The certificate for ${hostname} ends on ${day} (${organizer})`,
    paragraphs: [
      `The certificate that serves ${hostname} ends on ${day}, and it is not being renewed. Renewal needs the records on the domain page to stay as they are.`,
      'Check the records and what the domain page says about them, then check again there.',
    ],
    action: 'Open the custom domains',
    notes: [],
  }),
};

const es: Catalog = {
  hello: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
  copyLink: 'Si el botón no funciona, copie este enlace en su navegador:',
  accountSignature: 'El equipo de Access Plus',
  minutes: (count) => (count === 1 ? '1 minuto' : `${count} minutos`),
  hours: (count) => (count === 1 ? '1 hora' : `${count} horas`),
  offlineMethod: (method) =>
    method === 'cash'
      ? 'en efectivo'
      : method === 'partner'
        ? 'a través del socio comunitario que eligió'
        : `a través de ${method}`,
  ticketCodes:
    'El código de cada boleto aparece debajo de su código QR. Si el código QR no se puede escanear en la entrada, el personal puede escribir el código:',
  ticketOf: (n, count) => `Boleto ${n} de ${count}`,
  when: 'Cuándo',
  where: 'Dónde',
  online: 'Unirse en línea',
  paid: 'Lo que pagó',
  discount: 'Descuento',
  serviceFee: 'Cargo por servicio',
  salesTax: 'Impuesto sobre las ventas',
  donation: 'Donativo',
  totalPaid: 'Total pagado',
  tickets: {
    ticketOf: (n, count) => `Boleto ${n} de ${count}`,
    online: 'En línea',
    tier: 'Tipo de boleto',
    attendee: 'Nombre',
    order: 'Compra',
    ticketCode: 'Código del boleto',
    atTheDoor:
      'Muestre esta página en la entrada, impresa o en el teléfono. Si el código QR no se puede escanear, el personal puede escribir el código del boleto.',
    pdfFilename: (number) => `boletos-${number}.pdf`,
    calendarFilename: (number) => `evento-${number}.ics`,
    calendarDescription: (organizer, number, tickets) =>
      [`Compra ${number} de ${organizer}.`, ...tickets, 'Sus boletos y sus códigos QR:'].join('\n'),
  },
  orderConfirmation: (organizer, number, attached) => ({
    subject: `Sus boletos de ${organizer} – compra ${number}`,
    paragraphs: [
      `¡Gracias! Su compra ${number} de ${organizer} está pagada.`,
      attached
        ? 'Sus boletos van adjuntos a este correo en un PDF, una página por boleto con su código QR, y también están en la página de su compra. Muéstrelos en la entrada, en el teléfono o impresos. El archivo de calendario (.ics) agrega el evento a su calendario.'
        : 'Sus boletos y sus códigos QR están en la página de su compra. Muéstrelos en la entrada, en el teléfono o impresos.',
    ],
    action: 'Ver sus boletos',
    notes: ['Este enlace abre su compra sin contraseña; no lo comparta.'],
  }),
  offlinePaymentReserved: (organizer, number, how, payBy) => ({
    subject: `Su compra ${number} de ${organizer} está reservada – pague para conservarla`,
    paragraphs: [
      `Sus boletos de ${organizer} están reservados con la compra ${number}.`,
      `Pague ${how} a más tardar el ${payBy}. Hasta entonces la compra no está pagada; después, los boletos vuelven a la venta.`,
    ],
    action: 'Ver su compra',
    notes: ['Este enlace abre su compra sin contraseña; no lo comparta.'],
  }),
  orderRefunded: (organizer, number, amount) => ({
    subject: `Reembolso de su compra ${number} de ${organizer}`,
    paragraphs: [
      `${organizer} le reembolsó ${amount} de su compra ${number}.`,
      'El dinero vuelve por el mismo medio con el que pagó. Un reembolso a una tarjeta puede tardar unos días hábiles en aparecer.',
    ],
    action: 'Ver su compra',
    notes: [],
  }),
  latePaymentRefunded: (organizer, number, amount) => ({
    subject: `Se reembolsó su pago de la compra ${number} de ${organizer}`,
    paragraphs: [
      `Su pago de ${amount} por la compra ${number} llegó después de que venció el plazo para pagar, y para entonces los boletos ya eran de otras personas.`,
      'Le reembolsamos el importe completo. El dinero vuelve por el mismo medio con el que pagó; un reembolso a una tarjeta puede tardar unos días hábiles en aparecer.',
    ],
    action: 'Ver su compra',
    notes: [],
  }),
  waitlistOffer: (organizer, eventTitle, until) => ({
    subject: `Hay boletos para ${eventTitle} reservados para usted`,
    paragraphs: [
      `Buenas noticias: se liberaron boletos para ${eventTitle} de ${organizer}, y usted es la siguiente persona en la lista de espera.`,
      `Se los guardamos hasta el ${until}. Pague antes para conservarlos; después se ofrecen a la siguiente persona de la lista.`,
    ],
    action: 'Obtener sus boletos',
    notes: [],
  }),
  customerSignIn: (organizer, within) => ({
    subject: `Su enlace para iniciar sesión en ${organizer}`,
    paragraphs: [
      `Use el botón de abajo para iniciar sesión en la tienda de boletos de ${organizer} y ver sus compras.`,
    ],
    action: 'Iniciar sesión',
    notes: [`El enlace funciona una sola vez, durante ${within}. Si usted no lo pidió, puede ignorar este correo.`],
  }),
  emailVerification: () => ({
    subject: 'Confirme su correo electrónico para Access Plus',
    paragraphs: [
      'Confirme que esta es su dirección de correo, para que le lleguen los informes de ventas y los avisos de su cuenta.',
    ],
    action: 'Confirmar mi correo',
    notes: ['Si usted no se registró en Access Plus, puede ignorar este correo.'],
  }),
  passwordReset: () => ({
    subject: 'Restablezca su contraseña de Access Plus',
    paragraphs: [
      'Recibimos una solicitud para restablecer la contraseña de su cuenta de Access Plus. Elija una nueva con el botón de abajo; el enlace funciona una sola vez.',
    ],
    action: 'Elegir una contraseña nueva',
    notes: ['Si usted no lo pidió, ignore este correo: su contraseña no cambia.'],
  }),
  invitation: (organizer) => ({
    subject: `${organizer} le invitó a Access Plus`,
    paragraphs: [
      `${organizer} le agregó a su equipo en Access Plus, donde vende boletos y registra la entrada del público.`,
      'Elija una contraseña para iniciar sesión. El enlace funciona una sola vez.',
    ],
    action: 'Elegir mi contraseña',
    notes: ['Si no esperaba este correo, puede ignorarlo.'],
  }),
  signUpConfirmation: (organizer, within) => ({
    subject: 'Termine de crear su cuenta de Access Plus',
    paragraphs: [
      `Gracias por registrar a ${organizer} en Access Plus. Confirme que esta dirección de correo es suya para crear su cuenta y su organización, y empezar a vender boletos.`,
    ],
    action: 'Crear mi cuenta',
    notes: [
      `El enlace funciona durante ${within}. Si usted no se registró en Access Plus, puede ignorar este correo: no se crea nada sin él.`,
    ],
  }),
  signUpAttempt: () => ({
    subject: 'Alguien intentó registrarse con su correo electrónico',
    paragraphs: [
      'Alguien, quizás usted, intentó crear una cuenta nueva de Access Plus con esta dirección de correo. Ya tiene una cuenta, así que no se creó nada.',
      'Si fue usted, inicie sesión con su contraseña. Si la olvidó, elija "¿Olvidó su contraseña?" en la página de inicio de sesión para obtener una nueva.',
    ],
    action: 'Iniciar sesión',
    notes: ['Si no fue usted, puede ignorar este correo: su cuenta no ha cambiado.'],
  }),
  disputeOpened: (organizer, number, amount) => ({
    subject: `Un comprador impugnó la compra ${number} en ${organizer}`,
    paragraphs: [
      `El banco del comprador abrió un contracargo de ${amount} sobre la compra ${number}. El banco retiró el importe por ahora, con la comisión de disputa del procesador, y ambos se descuentan de su próximo pago.`,
      'Si los boletos se usaron o el comprador aceptó la compra, envíenos lo que lo demuestre (el registro de entrada, mensajes) para impugnar la disputa. Una disputa ganada devuelve el dinero.',
    ],
    action: 'Abrir la compra',
    notes: [],
  }),
  payoutFailed: (organizer, event, amount, reason) => ({
    subject: `Un pago de ${amount} a ${organizer} no llegó`,
    paragraphs: [
      `Su banco devolvió el pago de ${amount} de ${event}. Dijo: ${reason}`,
      'El dinero sigue siendo suyo y queda en su saldo. Revise sus datos bancarios en Stripe; el pago se envía de nuevo en cuanto Stripe los acepte.',
    ],
    action: 'Abrir sus pagos',
    notes: [],
  }),
  webhookEndpointDisabled: (organizer, url, reason) => ({
    subject: `Se desactivaron los webhooks a ${url} de ${organizer}`,
    paragraphs: [
      `Access Plus dejó de enviar webhooks a ${url}. ${reason}`,
      'Los cambios de este tiempo no se le envían. Cuando el receptor vuelva a funcionar, active de nuevo el punto de destino y reenvíe las entregas fallidas desde su registro de entregas; su programa también puede ponerse al día con el flujo de cambios.',
    ],
    action: 'Abrir el punto de destino',
    notes: [],
  }),
  customDomainCertificateFailed: (organizer, hostname, failure) => ({
    subject: `No se pudo emitir el certificado de ${hostname} (${organizer})`,
    paragraphs: [
      `La autoridad de certificación desistió del certificado de ${hostname}: ${failure}`,
      'Mientras no haya uno, quienes visiten esa dirección verán una advertencia en lugar de su tienda. Revise los registros y lo que dice de ellos la página del dominio, y vuelva a comprobarlo allí.',
    ],
    action: 'Abrir los dominios propios',
    notes: [],
  }),
  customDomainCertificateExpiring: (organizer, hostname, day) => ({
    subject: `El certificado de ${hostname} vence el ${day} (${organizer})`,
    paragraphs: [
      `El certificado que sirve ${hostname} vence el ${day} y no se está renovando. Para renovarse, los registros de la página del dominio deben seguir como están.`,
      'Revise los registros y lo que dice de ellos la página del dominio, y vuelva a comprobarlo allí.',
    ],
    action: 'Abrir los dominios propios',
    notes: [],
  }),
};

const catalogs: Record<MailLocale, Catalog> = { en, es };

/** Intl formats for US audiences in each mail language: `en-US`, `es-US`. */
const intlLocale = (locale: MailLocale) => `${locale}-US`;

export function formatMailDate(at: Date, locale: MailLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}

/** An amount in the currency's minor unit (`amountCents`), e.g. `$25.00`. */
export function formatMailMoney(cents: number, currency: string, locale: MailLocale): string {
  try {
    const format = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency });
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
const eventTimeFormatCache = new Map<string, { when: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();

function eventTimeFormats(locale: MailLocale, timeZone: string) {
  const key = `${locale} ${timeZone}`;
  let formats = eventTimeFormatCache.get(key);
  if (!formats) {
    formats = {
      when: new Intl.DateTimeFormat(intlLocale(locale), {
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
      }),
      zone: new Intl.DateTimeFormat(intlLocale(locale), { timeZone, timeZoneName: 'long' }),
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
          ? (new Intl.DisplayNames([intlLocale(locale)], { type: 'region' }).of(venue.country) ?? venue.country)
          : '';
      return [venue.name.trim(), venue.address.trim(), locality, country].filter(Boolean);
    }
  }
}

/** The words of the tickets' PDF and the calendar file for a recipient's locale. */
export function ticketWords(locale: string | undefined): TicketWords {
  return catalogs[mailLocale(locale)].tickets;
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
  factLabel: 'padding:2px 12px 2px 0;vertical-align:top;color:#4b5563;',
  factValue: 'padding:2px 0;vertical-align:top;',
  amount: 'padding:2px 0;vertical-align:top;text-align:right;white-space:nowrap;',
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
  const words = catalogs[locale];
  const buttonStyle =
    brand?.buttonColor && brand.buttonTextColor
      ? `${STYLE.button}background:${brand.buttonColor};color:${brand.buttonTextColor};`
      : STYLE.button;
  const linkStyle = brand?.linkColor ? `${STYLE.link}color:${brand.linkColor};` : STYLE.link;
  const greeting = words.hello(greetingName.trim());
  const tickets = content.tickets;
  const events = content.events ?? [];
  const payment = content.payment;
  const factsText = ({ heading, rows }: FactBlock) =>
    [heading, ...rows.map(({ label, value }) => `${label}: ${value}`)].join('\n');
  const text = [
    greeting,
    ...content.paragraphs,
    ...events.map(factsText),
    ...(tickets ? [[tickets.heading, ...tickets.lines.map(({ label, code }) => `${label}: ${code}`)].join('\n')] : []),
    ...(payment ? [factsText(payment)] : []),
    `${content.action}:\n${link}`,
    ...content.notes,
    signature,
  ].join('\n\n');
  const paragraph = (value: string, style = STYLE.paragraph) => `<p style="${style}">${escapeHtml(value)}</p>`;
  const factsHtml = ({ heading, rows }: FactBlock, valueStyle: string) => [
    paragraph(heading, STYLE.heading),
    `<table role="presentation" style="${STYLE.facts}">`,
    ...rows.map(
      ({ label, value, href }) =>
        `<tr><td style="${STYLE.factLabel}">${escapeHtml(label)}</td><td style="${valueStyle}">${
          href ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>` : escapeHtml(value)
        }</td></tr>`,
    ),
    '</table>',
  ];
  const href = escapeHtml(link);
  const html = [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.card}">`,
    ...(brand?.logoUrl
      ? [
          `<p style="${STYLE.logoRow}"><img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.organizerName)}" height="48" style="${STYLE.logo}"></p>`,
        ]
      : []),
    paragraph(greeting),
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
    ...(payment ? factsHtml(payment, STYLE.amount) : []),
    `<p style="margin:24px 0;"><a href="${href}" style="${buttonStyle}">${escapeHtml(content.action)}</a></p>`,
    `<p style="${STYLE.small}">${escapeHtml(words.copyLink)}<br><a href="${href}" style="${linkStyle}">${href}</a></p>`,
    ...content.notes.map((value) => paragraph(value, STYLE.small)),
    paragraph(signature),
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
    content(catalogs[locale]),
    from.link,
    from.organizerName,
    from.brand && {
      ...from.brand,
      organizerName: from.organizerName,
    },
  );
}

function accountMail(to: AccountMailRecipient, link: string, content: (words: Catalog) => MailContent) {
  // People in the admin have no language setting yet: account emails read English.
  const locale: MailLocale = 'en';
  return render(locale, to.displayName, content(catalogs[locale]), link, catalogs[locale].accountSignature);
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
      words.offlineMethod(order.method),
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
  return buyerMail(to, signIn, (words) => words.customerSignIn(signIn.organizerName, words.minutes(minutes)));
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
  return accountMail(to, link, (words) =>
    words.disputeOpened(
      notice.organizerName,
      notice.orderNumber,
      formatMailMoney(notice.amountCents, notice.currency, 'en'),
    ),
  );
}

export function renderPayoutFailed(to: AccountMailRecipient, notice: PayoutFailureNotice, link: string): RenderedMail {
  return accountMail(to, link, (words) =>
    words.payoutFailed(
      notice.organizerName,
      notice.eventTitle,
      formatMailMoney(notice.amountCents, notice.currency, 'en'),
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
      ? words.customDomainCertificateFailed(notice.organizerName, notice.hostname, notice.failure ?? 'no reason given')
      : words.customDomainCertificateExpiring(
          notice.organizerName,
          notice.hostname,
          notice.notAfter ? notice.notAfter.toISOString().slice(0, 10) : 'soon',
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
  return accountMail(to, link, (words) => words.signUpConfirmation(organizerName, words.hours(hours)));
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
  const words = catalogs.en;
  const { sender, orderReference: reference, order } = contact;
  const who = sender.name.trim() || sender.email;
  const about = order
    ? [
        `They gave order number ${order.confirmation.orderNumber}, placed with this email: it is summarized below${
          attached ? ', and its tickets and calendar file are attached' : ''
        }.`,
      ]
    : reference
      ? [
          `They gave the order reference "${reference}", which does not match an order placed at ${contact.organizerName} with their email. Ask them for the order number in their confirmation email.`,
        ]
      : [];
  const paragraphs = contact.message
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const content: MailContent = {
    subject: `Message from ${who} via your storefront`,
    paragraphs: [
      `${who} (${sender.email}) wrote to ${contact.organizerName} from your storefront's contact page. Reply to this email to answer them.`,
      ...about,
      'Their message:',
      ...paragraphs,
    ],
    action: order ? `Open order ${order.confirmation.orderNumber}` : 'Open your orders',
    notes: [],
  };
  if (order) {
    const { confirmation } = order;
    const severalEvents = confirmation.events.length > 1;
    content.events = confirmation.events.map((event) => ({
      heading: event.title,
      rows: [
        { label: words.when, value: formatEventTime(event, 'en') },
        ...(venueLines(event.venue, 'en').length > 0
          ? [{ label: words.where, value: venueLines(event.venue, 'en').join(', ') }]
          : []),
      ],
    }));
    if (confirmation.tickets.length > 0) {
      content.tickets = {
        heading: 'Its tickets:',
        lines: confirmation.tickets.map((ticket, i) => ({
          label: [words.ticketOf(i + 1, confirmation.tickets.length), ticket.tier, ticket.attendee.trim()]
            .filter(Boolean)
            .join(' · '),
          code: ticket.shortCode,
        })),
      };
    }
    content.payment = { heading: words.paid, rows: paymentRows(confirmation.payment, words, 'en', severalEvents) };
  }
  return render('en', to.name, content, contact.adminLink, words.accountSignature);
}
