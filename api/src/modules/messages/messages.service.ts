import { randomBytes } from 'node:crypto';
import {
  EDITORS,
  type InTenant,
  requirePerson,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { EventPlaceAndTime, EventRow, LocalizedText, MessageAudience, RecipientStatus } from '../../db/schema.ts';
import { withEventReminders } from '../../db/tenant.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, notFound, unprocessable } from '../../lib/errors.ts';
import { dayIn, textIn } from '../../lib/i18n.ts';
import type { Logger } from '../../lib/logger.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { mailBranding } from '../branding/branding.service.ts';
import { PLACE_AND_TIME_FIELDS } from '../events/events.service.ts';
import type { EventMessageMail, MailEvent, MailEventTime } from '../notifications/buyer-mail.ts';
import { eventMessageId } from '../notifications/notifications.mail.ts';
import { signedOrderLink, storefrontLink } from '../notifications/notifications.tasks.ts';
import {
  formatEventDayAndTime,
  mailLocale,
  renderEventMessage,
  venueLines,
} from '../notifications/notifications.templates.ts';
import * as repo from './messages.repository.ts';
import {
  MESSAGE_VARIABLES,
  type MessageListQuery,
  type MessagePreviewRequest,
  type NewMessage,
  type RecipientListQuery,
  type UnsubscribeRequest,
} from './messages.schemas.ts';

type MessageRow = NonNullable<Awaited<ReturnType<typeof repo.findMessage>>>;

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN_VARIABLES: ReadonlySet<string> = new Set(MESSAGE_VARIABLES);
// Attempts at one recipient before it is given up as failed.
const MAX_RECIPIENT_ATTEMPTS = 3;

/** An unknown `{{variable}}` in a subject or body: 422 naming it and where it is. */
function checkVariables(input: Pick<NewMessage, 'subject' | 'body'>): void {
  for (const part of ['subject', 'body'] as const) {
    for (const [locale, text] of Object.entries(input[part])) {
      for (const [, name] of text.matchAll(VARIABLE)) {
        if (name !== undefined && !KNOWN_VARIABLES.has(name)) {
          const known = MESSAGE_VARIABLES.map((variable) => `{{${variable}}}`).join(', ');
          throw unprocessable(
            'unknown_variable',
            `{{${name}}} is not a variable a message can use. Use one of ${known}, or remove the braces.`,
            [{ field: `body.${part}.${locale}`, message: `unknown variable {{${name}}}` }],
          );
        }
      }
    }
  }
}

/**
 * The organizer's text in `locale`, else in its language, else in the organizer's default
 * language; a version left blank counts as none.
 */
function versionFor(text: LocalizedText, locale: string, defaultLocale: string): string {
  const language = locale.split('-')[0] ?? '';
  const written = (key: string) => (text[key]?.trim() ? text[key] : undefined);
  return written(locale) ?? written(language) ?? written(defaultLocale) ?? Object.values(text)[0] ?? '';
}

function placeAndTimeOf(event: EventRow): EventPlaceAndTime {
  return {
    starts_at: event.starts_at.toISOString(),
    ends_at: event.ends_at.toISOString(),
    time_zone: event.time_zone,
    venue_name: event.venue_name,
    address_line: event.address_line,
    city: event.city,
    state: event.state,
    postal_code: event.postal_code,
    country: event.country.trim(),
    online_url: event.online_url,
  };
}

function mailTime(place: EventPlaceAndTime): MailEventTime {
  return {
    startsAt: new Date(place.starts_at),
    endsAt: new Date(place.ends_at),
    timeZone: place.time_zone,
    venue: {
      kind: 'place',
      name: place.venue_name,
      address: place.address_line,
      city: place.city,
      state: place.state,
      postalCode: place.postal_code,
      country: place.country.trim(),
    },
    onlineUrl: place.online_url,
  };
}

function mailEvent(event: EventRow, locale: string): MailEvent {
  return { id: event.id, title: textIn(event.title, locale), ...mailTime(placeAndTimeOf(event)) };
}

interface Person {
  email: string;
  name: string;
  locale: string;
  orderNumber: string;
}

/** The organizer's words for one person: their language's version with their own values filled in. */
function writtenFor(
  input: Pick<NewMessage, 'subject' | 'body'>,
  person: Person,
  event: EventRow,
  defaultLocale: string,
  ticketsLink: string,
) {
  const locale = mailLocale(person.locale);
  const { date, time } = formatEventDayAndTime(event.starts_at, locale, event.time_zone);
  const where = venueLines(mailTime(placeAndTimeOf(event)).venue, locale);
  const values: Record<string, string> = {
    name: person.name,
    event: textIn(event.title, person.locale),
    date,
    time,
    venue: where.length > 0 ? where.join(', ') : (event.online_url ?? ''),
    order_number: person.orderNumber,
    tickets_link: ticketsLink,
  };
  const fill = (text: string) => text.replace(VARIABLE, (whole, name: string) => values[name] ?? whole);
  const body = fill(versionFor(input.body, person.locale, defaultLocale).replace(/\r\n?/g, '\n'));
  return {
    subject: fill(versionFor(input.subject, person.locale, defaultLocale))
      .replace(/\s+/g, ' ')
      .trim(),
    paragraphs: body
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.trim())
      .filter(Boolean),
  };
}

async function loadEvent(ctx: InTenant, eventId: string): Promise<EventRow> {
  const event = await repo.eventOf(ctx.trx, ctx.tenantId, eventId);
  if (!event) throw notFound('The event');
  return event;
}

function skipReason(kind: string, holder: repo.Holder): 'unsubscribed' | 'no_consent' | null {
  if (kind === 'reminder' || kind === 'event_change') return null;
  if (holder.unsubscribed) return 'unsubscribed';
  if (kind === 'marketing' && !holder.marketing_consent) return 'no_consent';
  return null;
}

function countsOf(kind: string, holders: repo.Holder[]) {
  const counts = { total: holders.length, will_send: 0, unsubscribed: 0, no_consent: 0 };
  for (const holder of holders) {
    const reason = skipReason(kind, holder);
    if (reason) counts[reason] += 1;
    else counts.will_send += 1;
  }
  return counts;
}

/** Versions only in the organizer's languages, and always one in its default language. */
function checkLanguages(
  input: Pick<NewMessage, 'subject' | 'body'>,
  organizer: { default_locale: string; locales: string[] },
): void {
  for (const part of ['subject', 'body'] as const) {
    const other = Object.keys(input[part]).find((locale) => !organizer.locales.includes(locale));
    if (other) {
      throw unprocessable(
        'unknown_language',
        `The ${part} has a version in ${other}, which is not one of the organizer’s languages (${organizer.locales.join(', ')}). Remove it, or add the language in the organizer’s settings first.`,
        [{ field: `body.${part}.${other}`, message: 'not one of the organizer’s languages' }],
      );
    }
  }
  const defaultLocale = organizer.default_locale;
  for (const part of ['subject', 'body'] as const) {
    if (!input[part][defaultLocale]?.trim()) {
      throw unprocessable(
        'missing_default_language',
        `Write the ${part} in the organizer’s default language (${defaultLocale}) too: people whose language has no version get that one.`,
        [{ field: `body.${part}.${defaultLocale}`, message: 'is required' }],
      );
    }
  }
}

const SAMPLE_PERSON = { email: 'amara@example.org', name: 'Amara Okafor', orderNumber: 'A1B2C3' };

/** The message as the first matching holder (or a sample person) will get it, and how many it reaches. */
export async function previewMessage(ctx: TenantContext, eventId: string, input: MessagePreviewRequest) {
  requireRole(ctx, EDITORS, 'message ticket holders');
  requirePerson(ctx, 'message ticket holders');
  const event = await loadEvent(ctx, eventId);
  checkVariables(input);
  const organizer = await repo.organizerOf(ctx.trx, ctx.tenantId);
  checkLanguages(input, organizer);
  const audience = input.audience ?? {};
  const holders = await repo.holdersOf(ctx.trx, ctx.tenantId, eventId, audience);
  const first = holders.find((holder) => skipReason(input.kind, holder) === null) ?? holders[0];
  const person: Person = first
    ? {
        email: first.email,
        name: first.name,
        locale: input.locale ?? first.locale,
        orderNumber: first.order_number,
      }
    : { ...SAMPLE_PERSON, locale: input.locale ?? organizer.default_locale };
  const ticketsLink = first
    ? await signedOrderLink(ctx, organizer.slug, first.order_id)
    : await storefrontLink(ctx, organizer.slug, '/orders/sample', 'sample');
  const written = writtenFor(input, person, event, organizer.default_locale, ticketsLink);
  const rendered = renderEventMessage(
    { email: person.email, name: person.name, locale: person.locale },
    {
      kind: 'written',
      organizerName: organizer.name,
      brand: await mailBranding(ctx),
      orderNumber: person.orderNumber,
      link: ticketsLink,
      timeZone: event.time_zone,
      event: mailEvent(event, person.locale),
      ...written,
      unsubscribeLink: await storefrontLink(ctx, organizer.slug, '/unsubscribe', 'preview'),
    },
  );
  return { ...rendered, recipients: countsOf(input.kind, holders) };
}

function present(row: MessageRow, counts: Record<RecipientStatus, number>) {
  return {
    id: row.id,
    event_id: row.event_id,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    audience: row.audience,
    status: row.status,
    counts: { total: counts.pending + counts.sent + counts.failed + counts.skipped, ...counts },
    created_at: row.created_at.toISOString(),
    created_by: row.created_by_label || null,
    finished_at: row.finished_at?.toISOString() ?? null,
  };
}

async function presentOne(ctx: InTenant, row: MessageRow) {
  const counts = await repo.countsOf(ctx.trx, ctx.tenantId, [row.id]);
  return present(row, counts.get(row.id) ?? { pending: 0, sent: 0, failed: 0, skipped: 0 });
}

function sendJob(ctx: InTenant, messageId: string) {
  return enqueueJob(
    ctx.trx,
    'messages__send',
    { tenantId: ctx.tenantId, messageId },
    { jobKey: `messages__send:${messageId}`, queueName: 'messages' },
  );
}

/** Adds the holders as recipients (skipped where they must not get it) and asks for the sending. */
async function addHolders(ctx: InTenant, message: MessageRow, holders: repo.Holder[]): Promise<number> {
  const added = await repo.addRecipients(
    ctx.trx,
    holders.map((holder) => {
      const reason = skipReason(message.kind, holder);
      return {
        tenant_id: ctx.tenantId,
        message_id: message.id,
        email: holder.email,
        name: holder.name.slice(0, 200),
        locale: holder.locale,
        order_id: holder.order_id,
        status: reason ? ('skipped' as const) : ('pending' as const),
        skipped_reason: reason,
      };
    }),
  );
  if (added > 0) {
    if (message.status !== 'sending') await repo.reopenMessage(ctx.trx, ctx.tenantId, message.id);
    await sendJob(ctx, message.id);
  }
  return added;
}

export async function sendMessage(ctx: TenantContext, eventId: string, input: NewMessage) {
  requireRole(ctx, EDITORS, 'message ticket holders');
  const person = requirePerson(ctx, 'message ticket holders');
  await loadEvent(ctx, eventId);
  checkVariables(input);
  const organizer = await repo.organizerOf(ctx.trx, ctx.tenantId);
  checkLanguages(input, organizer);
  const audience: MessageAudience = input.audience ?? {};
  const holders = await repo.holdersOf(ctx.trx, ctx.tenantId, eventId, audience);
  if (holders.length === 0) {
    throw unprocessable(
      'no_recipients',
      'No ticket holder of this event matches the audience, so there is nobody to send it to. Choose other tiers or check-in state.',
    );
  }
  const message = await repo.insertMessage(ctx.trx, {
    tenant_id: ctx.tenantId,
    event_id: eventId,
    kind: input.kind,
    subject: JSON.stringify(input.subject),
    body: JSON.stringify(input.body),
    audience: JSON.stringify(audience),
    created_by_user_id: person.userId,
    created_by_label: await repo.personLabel(ctx.trx, person.userId),
  });
  await addHolders(ctx, message, holders);
  return presentOne(ctx, message);
}

export async function listEventMessages(ctx: TenantContext, eventId: string, query: MessageListQuery) {
  requireRole(ctx, EDITORS, 'see messages to ticket holders');
  requirePerson(ctx, 'see messages to ticket holders');
  await loadEvent(ctx, eventId);
  const limit = query.limit ?? 20;
  const before = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : null;
  const rows = await repo.listMessages(ctx.trx, ctx.tenantId, eventId, {
    before: before ? { at: String(before[0]), id: String(before[1]) } : null,
    limit,
  });
  const page = rows.slice(0, limit);
  const counts = await repo.countsOf(
    ctx.trx,
    ctx.tenantId,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    data: page.map((row) => present(row, counts.get(row.id) ?? { pending: 0, sent: 0, failed: 0, skipped: 0 })),
    next_cursor: rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

async function loadMessage(ctx: InTenant, messageId: string): Promise<MessageRow> {
  const message = await repo.findMessage(ctx.trx, ctx.tenantId, messageId);
  if (!message) throw notFound('The message');
  return message;
}

export async function getMessage(ctx: TenantContext, messageId: string) {
  requireRole(ctx, EDITORS, 'see messages to ticket holders');
  requirePerson(ctx, 'see messages to ticket holders');
  return presentOne(ctx, await loadMessage(ctx, messageId));
}

export async function listMessageRecipients(ctx: TenantContext, messageId: string, query: RecipientListQuery) {
  requireRole(ctx, EDITORS, 'see messages to ticket holders');
  requirePerson(ctx, 'see messages to ticket holders');
  await loadMessage(ctx, messageId);
  const limit = query.limit ?? 20;
  const after = query.cursor ? String(decodeCursor(query.cursor, ['string'])[0]) : null;
  const rows = await repo.listRecipients(ctx.trx, ctx.tenantId, messageId, {
    ...(query.status ? { status: query.status } : {}),
    after,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({ ...row, sent_at: row.sent_at?.toISOString() ?? null })),
    next_cursor: rows.length > limit && last ? encodeCursor([last.email]) : null,
  };
}

// ---- Unsubscribing, by the link in a message ----

const TOKEN_PREFIX = 'u1';
const UUID = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

/**
 * A new unsubscribe token: the organizer (so the link's request can enter its tenant) and 32
 * random bytes, of which only the hash is kept.
 */
function newUnsubscribeToken(tenantId: string): string {
  const tenant = Buffer.from(tenantId.replace(/-/g, ''), 'hex');
  return `${TOKEN_PREFIX}${Buffer.concat([tenant, randomBytes(32)]).toString('base64url')}`;
}

function tenantOfToken(token: string): string | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const bytes = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url');
  if (bytes.length !== 48) return null;
  const match = UUID.exec(bytes.subarray(0, 16).toString('hex'));
  return match ? match.slice(1).join('-') : null;
}

function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

const linkGone = () =>
  new AppError(
    404,
    'not_found',
    'This unsubscribe link is not valid. Use the link in the latest email you received from the organizer.',
  );

async function withTokenHolder<T>(
  services: Services,
  token: string,
  work: (ctx: InTenant, email: string, organizerName: string) => Promise<T>,
): Promise<T> {
  const tenantId = tenantOfToken(token);
  if (!tenantId) throw linkGone();
  return runInTenantAsSystem(services, tenantId, async (ctx) => {
    const found = await repo.findByUnsubscribeToken(ctx.trx, tenantId, hashSecret(token));
    if (!found) throw linkGone();
    const organizer = await repo.organizerOf(ctx.trx, tenantId);
    return work(ctx, found.email, organizer.name);
  });
}

export function unsubscribeStatus(services: Services, token: string) {
  return withTokenHolder(services, token, async (ctx, email, organizerName) => ({
    organizer_name: organizerName,
    email_masked: maskEmail(email),
    unsubscribed: await repo.isUnsubscribed(ctx.trx, ctx.tenantId, email),
  }));
}

/** Unsubscribes (or with `subscribe: true`, subscribes again); the same answer however often it is asked. */
export function changeSubscription(services: Services, token: string, request: UnsubscribeRequest | undefined) {
  const subscribe = request?.subscribe === true;
  return withTokenHolder(services, token, async (ctx, email, organizerName) => {
    if (subscribe) await repo.resubscribe(ctx.trx, ctx.tenantId, email);
    else await repo.unsubscribe(ctx.trx, ctx.tenantId, email);
    return { organizer_name: organizerName, email_masked: maskEmail(email), unsubscribed: !subscribe };
  });
}

// ---- Sending ----

/** Waits between messages so that no more than `rate` go out per second. */
function throttle(rate: number) {
  const gap = 1000 / Math.max(rate, 0.01);
  let next = Date.now();
  return async (signal: AbortSignal) => {
    const wait = next - Date.now();
    if (wait > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    next = Math.max(next, Date.now()) + gap;
  };
}

interface Prepared {
  mail: EventMessageMail;
  oneClickUnsubscribe: string | null;
}

/**
 * Sends a message to its pending recipients, each committed as sent once the mail server
 * accepted it, so a run that is retried (or runs again) never writes to anyone twice. A recipient
 * that fails is tried on the job's next attempts and given up after the third failure.
 */
export async function deliverMessage(
  services: Services,
  tenantId: string,
  messageId: string,
  logger: Logger,
  signal: AbortSignal,
) {
  const loaded = await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const message = await repo.findMessage(ctx.trx, tenantId, messageId);
    if (message?.status !== 'sending') return null;
    const event = await repo.eventOf(ctx.trx, tenantId, message.event_id);
    if (!event) return null;
    return {
      message,
      event,
      organizer: await repo.organizerOf(ctx.trx, tenantId),
      brand: await mailBranding(ctx),
      pending: await repo.pendingRecipients(ctx.trx, tenantId, messageId, 100_000),
    };
  });
  if (!loaded) return;
  const { message, event, organizer, brand, pending } = loaded;
  const wait = throttle(services.config.messageSendRate);
  let failures = 0;
  for (const recipient of pending) {
    if (signal.aborted) break;
    await wait(signal);
    if (signal.aborted) break;
    const person = { email: recipient.email, name: recipient.name, locale: recipient.locale };
    const prepared = await runInTenantAsSystem(services, tenantId, async (ctx): Promise<Prepared> => {
      const link = recipient.order_id
        ? await signedOrderLink(ctx, organizer.slug, recipient.order_id)
        : await storefrontLink(ctx, organizer.slug, '/orders', '');
      const orderNumber = recipient.order_id ? await repo.orderNumber(ctx.trx, tenantId, recipient.order_id) : '';
      const base = {
        organizerName: organizer.name,
        brand,
        orderNumber,
        link,
        timeZone: event.time_zone,
        event: mailEvent(event, recipient.locale),
      };
      if (message.kind === 'reminder') return { mail: { ...base, kind: 'reminder' }, oneClickUnsubscribe: null };
      if (message.kind === 'event_change') {
        const before = mailTime(message.previous ?? placeAndTimeOf(event));
        return { mail: { ...base, kind: 'event_change', before }, oneClickUnsubscribe: null };
      }
      const token = newUnsubscribeToken(tenantId);
      await repo.insertUnsubscribeLink(ctx.trx, tenantId, recipient.email, hashSecret(token));
      const written = writtenFor(message, { ...person, orderNumber }, event, organizer.default_locale, link);
      return {
        mail: {
          ...base,
          kind: 'written',
          ...written,
          unsubscribeLink: await storefrontLink(ctx, organizer.slug, '/unsubscribe', token),
        },
        oneClickUnsubscribe: `${services.config.publicUrl.replace(/\/$/, '')}/v1/public/unsubscribes/${token}`,
      };
    });
    try {
      await services.buyerMail.eventMessage(person, prepared.mail, {
        messageId: eventMessageId(messageId, recipient.email, services.config.mailFrom),
        oneClickUnsubscribe: prepared.oneClickUnsubscribe,
      });
    } catch (error) {
      failures += 1;
      const givenUp = recipient.attempts + 1 >= MAX_RECIPIENT_ATTEMPTS;
      logger.warn({ err: error, tenantId, messageId, givenUp }, 'a message to a ticket holder failed');
      await runInTenantAsSystem(services, tenantId, (ctx) =>
        repo.recordFailure(ctx.trx, tenantId, messageId, {
          email: recipient.email,
          error: error instanceof Error ? error.message : String(error),
          givenUp,
        }),
      );
      continue;
    }
    await runInTenantAsSystem(services, tenantId, (ctx) =>
      repo.recordSent(ctx.trx, tenantId, messageId, recipient.email),
    );
  }
  await runInTenantAsSystem(services, tenantId, (ctx) => repo.finishMessage(ctx.trx, tenantId, messageId));
  if (signal.aborted) throw new Error('the worker is stopping; the rest of the message is sent on the next attempt');
  if (failures > 0) throw new Error(`${failures} recipients could not be sent the message yet; they are tried again`);
}

// ---- Automatic messages ----

/** Whether `startsAt` is tomorrow on the event's own clock. */
export function startsTomorrow(startsAt: Date, timeZone: string, now = new Date()): boolean {
  const today = dayIn(now, timeZone);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
  return dayIn(startsAt, timeZone) === tomorrow;
}

/**
 * The reminder of every event starting tomorrow in its own time zone, to each ticket holder once:
 * the reminder is one row per event and its recipients one row per address, so a second run
 * (or a second worker) adds only holders who bought since.
 */
export async function sendDueReminders(services: Services, now = new Date()): Promise<number> {
  const soon = await withEventReminders(services.db, (trx) => repo.eventsStartingSoon(trx));
  let added = 0;
  for (const event of soon) {
    if (!startsTomorrow(event.starts_at, event.time_zone, now)) continue;
    added += await runInTenantAsSystem(services, event.tenant_id, async (ctx) => {
      const holders = await repo.holdersOf(ctx.trx, ctx.tenantId, event.id, {});
      if (holders.length === 0) return 0;
      const reminder =
        (await repo.insertReminder(ctx.trx, ctx.tenantId, event.id)) ??
        (await repo.findReminder(ctx.trx, ctx.tenantId, event.id));
      return reminder ? addHolders(ctx, reminder, holders) : 0;
    });
  }
  return added;
}

/**
 * Reacts to a change of an event's date, times or place: a notice is prepared with the event as
 * it was, and sent a few minutes later with the event as it is then, so that several edits in a
 * row make one notice. Events without ticket holders need none.
 */
export async function eventPlaceOrTimeChanged(
  ctx: InTenant,
  eventId: string,
  previous: Partial<EventPlaceAndTime>,
): Promise<void> {
  const event = await repo.eventOf(ctx.trx, ctx.tenantId, eventId);
  if (!event) return;
  const holders = await repo.holdersOf(ctx.trx, ctx.tenantId, eventId, {});
  if (holders.length === 0) return;
  const waiting = await repo.waitingChangeNotice(ctx.trx, ctx.tenantId, eventId);
  if (waiting) return;
  const notice = await repo.insertMessage(ctx.trx, {
    tenant_id: ctx.tenantId,
    event_id: eventId,
    kind: 'event_change',
    previous: JSON.stringify({ ...placeAndTimeOf(event), ...previous }),
  });
  await enqueueJob(
    ctx.trx,
    'messages__event_change',
    { tenantId: ctx.tenantId, messageId: notice.id },
    {
      jobKey: `messages__event_change:${notice.id}`,
      runAt: new Date(Date.now() + ctx.services.config.eventChangeNoticeDelaySeconds * 1000),
    },
  );
}

/** The prepared change notice goes to the event's holders, unless the event is back as it was. */
export async function dispatchChangeNotice(services: Services, tenantId: string, messageId: string): Promise<void> {
  await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const notice = await repo.findMessage(ctx.trx, tenantId, messageId);
    if (notice?.kind !== 'event_change' || notice.status !== 'sending') return;
    if (await repo.hasRecipients(ctx.trx, tenantId, messageId)) {
      await sendJob(ctx, messageId);
      return;
    }
    const event = await repo.eventOf(ctx.trx, tenantId, notice.event_id);
    const now = event ? placeAndTimeOf(event) : null;
    const unchanged =
      !now ||
      PLACE_AND_TIME_FIELDS.every((field) => {
        const [a, b] = [now[field], notice.previous?.[field] ?? null];
        return field.endsWith('_at') && a && b ? Date.parse(a) === Date.parse(b) : a === b;
      });
    const holders = unchanged || !event ? [] : await repo.holdersOf(ctx.trx, tenantId, event.id, {});
    if (holders.length === 0) {
      await repo.finishMessage(ctx.trx, tenantId, messageId);
      return;
    }
    await addHolders(ctx, notice, holders);
  });
}
