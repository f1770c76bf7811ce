import type { LocalizedText } from './api-types';

export type { EventMessage, MessagePreview, MessageRecipient } from './api-types';

import type { Messages } from './messages';

/** What an organizer writes to an event's ticket holders; reminders and change notices are sent by themselves. */
export type MessageKind = 'announcement' | 'marketing' | 'reminder' | 'event_change';
export type WrittenKind = Extract<MessageKind, 'announcement' | 'marketing'>;
export type CheckedIn = 'any' | 'yes' | 'no';
export type MessageStatus = 'sending' | 'sent' | 'failed';
export type RecipientStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export const WRITTEN_KINDS: readonly WrittenKind[] = ['announcement', 'marketing'];
export const CHECKED_IN: readonly CheckedIn[] = ['any', 'yes', 'no'];
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = ['pending', 'sent', 'failed', 'skipped'];

/** The placeholders a subject or body may hold, each filled in per recipient when sent. */
export const MESSAGE_VARIABLES = ['name', 'event', 'date', 'time', 'venue', 'order_number', 'tickets_link'] as const;
export type MessageVariable = (typeof MESSAGE_VARIABLES)[number];

export interface Audience {
  tier_ids?: string[];
  checked_in?: CheckedIn;
}

/** A message being written, as the composer's form holds it. */
export interface MessageDraft {
  kind: WrittenKind;
  /** `all`, or only the tiers in `tierIds`. */
  tiers: 'all' | 'chosen';
  tierIds: string[];
  checkedIn: CheckedIn;
  subject: LocalizedText;
  body: LocalizedText;
  /** The language the preview shows the email in: one of the organizer's, the first by default. */
  previewLocale: string;
}

/** The API's request body for a preview or a send. */
export interface MessageBody {
  kind: WrittenKind;
  subject: LocalizedText;
  body: LocalizedText;
  audience: Audience;
}

export function emptyDraft(): MessageDraft {
  return {
    kind: 'announcement',
    tiers: 'all',
    tierIds: [],
    checkedIn: 'any',
    subject: {},
    body: {},
    previewLocale: '',
  };
}

function oneOf<T extends string>(value: FormDataEntryValue | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/**
 * The composer's form as a draft: the kind, the audience, and a subject and body per language of
 * the organizer (`subject.es`, `body.es`), their default first. Texts left empty are left out.
 */
export function readDraft(form: FormData, locales: readonly string[]): MessageDraft {
  const subject: LocalizedText = {};
  const body: LocalizedText = {};
  for (const locale of locales) {
    const title = String(form.get(`subject.${locale}`) ?? '').trim();
    const text = String(form.get(`body.${locale}`) ?? '')
      .replace(/\r\n/g, '\n')
      .trim();
    if (title) subject[locale] = title;
    if (text) body[locale] = text;
  }
  return {
    kind: oneOf(form.get('kind'), WRITTEN_KINDS, 'announcement'),
    tiers: form.get('tiers') === 'chosen' ? 'chosen' : 'all',
    tierIds: form.getAll('tier_ids').map(String).filter(Boolean),
    checkedIn: oneOf(form.get('checked_in'), CHECKED_IN, 'any'),
    subject,
    body,
    previewLocale: oneOf(form.get('preview_locale'), locales, locales[0] ?? ''),
  };
}

/** What the API is asked: the chosen tiers only when "chosen tiers" is picked. */
export function messageBody(draft: MessageDraft): MessageBody {
  const audience: Audience = { checked_in: draft.checkedIn };
  if (draft.tiers === 'chosen') audience.tier_ids = draft.tierIds;
  return { kind: draft.kind, subject: draft.subject, body: draft.body, audience };
}

/** A variable as it is typed into a subject or body: `{{name}}`. */
export function placeholder(variable: MessageVariable): string {
  return `{{${variable}}}`;
}

/** Text with a placeholder put in place of what was selected, and where the cursor goes after it. */
export function insertAt(
  text: string,
  start: number,
  end: number,
  variable: MessageVariable,
): { text: string; cursor: number } {
  const inserted = placeholder(variable);
  return { text: `${text.slice(0, start)}${inserted}${text.slice(end)}`, cursor: start + inserted.length };
}

/** The catalogue's word for a value (`events_messageStatus_sent`); a value it does not know yet, as it is. */
function labelOf(t: Messages, prefix: string, value: string): string {
  const label: unknown = (t as unknown as Record<string, unknown>)[`${prefix}_${value}`];
  return typeof label === 'string' ? label : value;
}

/** A kind's name: "Announcement", "Reminder (automatic)"; one this admin does not know as the API names it. */
export function kindLabel(kind: string, t: Messages): string {
  return labelOf(t, 'events_messageKind', kind);
}

/** A message's status: "Sending", "Sent". */
export function messageStatusLabel(status: string, t: Messages): string {
  return labelOf(t, 'events_messageStatus', status);
}

/** A recipient's status; a skipped one says why ("Skipped: unsubscribed"). */
export function recipientStatusLabel(status: string, skippedReason: string | null | undefined, t: Messages): string {
  if (status === 'skipped' && skippedReason) return labelOf(t, 'events_messageSkipped', skippedReason);
  return labelOf(t, 'events_recipientStatus', status);
}

/** What a variable stands for, for someone who has never seen a placeholder. */
export function variableDescription(variable: MessageVariable, t: Messages): string {
  return t[`events_messageVariable_${variable}`];
}

/** How far a sending has got: those done (sent, failed or skipped) of all. */
export function progressOf(counts: { total: number; pending: number }): { done: number; total: number } {
  return { done: Math.max(0, counts.total - counts.pending), total: counts.total };
}

/** The recipients' status filter from the page's address: only what the API would accept. */
export function recipientFilter(params: URLSearchParams): RecipientStatus | undefined {
  const status = params.get('status');
  return RECIPIENT_STATUSES.includes(status as RecipientStatus) ? (status as RecipientStatus) : undefined;
}

/** The text of one language, else the first written: for a list line of what was sent. */
export function firstText(text: LocalizedText, preferred: readonly string[]): string {
  for (const locale of preferred) if (text[locale]) return text[locale];
  return Object.values(text).find(Boolean) ?? '';
}
