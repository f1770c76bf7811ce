import type { EventStatus, LocalizedText, Tier } from './api-types';
import type { Messages } from './messages';

export interface StatusLabel {
  label: string;
  /** Tells attendees can see it (`live`), not yet (`pending`) or no more (`off`, `stopped`). */
  tone: 'live' | 'pending' | 'off' | 'stopped';
  description: string;
}

const statusTones: Record<EventStatus, StatusLabel['tone']> = {
  draft: 'pending',
  published: 'live',
  unpublished: 'off',
  cancelled: 'stopped',
};

const isEventStatus = (status: string): status is EventStatus => Object.hasOwn(statusTones, status);

/** An event's status in the reader's language: `Draft`, with what it means for who sees the event. */
export function statusLabel(status: string, t: Messages): StatusLabel {
  if (!isEventStatus(status)) return { label: status, tone: 'off', description: t.editor_eventStatusUnknown };
  return {
    label: t[`editor_eventStatus_${status}`],
    tone: statusTones[status],
    description: t[`editor_eventStatusDescription_${status}`],
  };
}

/** Text in the first preferred locale it exists in (or its language), else in any locale. */
export function pickText(text: LocalizedText, preferred: readonly string[]): string {
  for (const locale of preferred) {
    const language = locale.split('-')[0]?.toLowerCase();
    const match = text[locale] ?? (language ? text[language] : undefined);
    if (match?.trim()) return match;
  }
  return Object.values(text).find((value) => value.trim()) ?? '';
}

export interface TierSales {
  name: string;
  sold: number;
  quantity: number;
  hidden: boolean;
}

export interface EventSales {
  sold: number;
  quantity: number;
  tiers: TierSales[];
}

/** Tickets sold against tickets offered, per tier in display order and in total. */
export function eventSales(tiers: readonly Tier[], preferred: readonly string[]): EventSales {
  const ordered = [...tiers].sort((a, b) => a.position - b.position);
  return {
    sold: ordered.reduce((sum, tier) => sum + tier.sold_count, 0),
    quantity: ordered.reduce((sum, tier) => sum + tier.quantity, 0),
    tiers: ordered.map((tier) => ({
      name: pickText(tier.name, preferred),
      sold: tier.sold_count,
      quantity: tier.quantity,
      hidden: tier.hidden,
    })),
  };
}

/** When an event starts, on the clock of the place it happens: `Mon, Nov 30, 2026, 8:00 PM CST`. */
export function formatEventStart(startsAt: string, timeZone: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(startsAt));
}

/** One of the event's texts buyers read, in every language it is written in. */
export interface EventText {
  kind: 'title' | 'description' | 'ticket' | 'addOn';
  /** A ticket's or add-on's name, as the editor shows it (in the first language); none for the others. */
  name?: string;
  text: LocalizedText;
}

/** What a text is, as the editor names it: `Title`, `Ticket “VIP”`. */
export function eventTextLabel(text: EventText, t: Messages): string {
  switch (text.kind) {
    case 'ticket':
      return t.editor_eventText_ticket({ name: text.name ?? '' });
    case 'addOn':
      return t.editor_eventText_addOn({ name: text.name ?? '' });
    default:
      return t[`editor_eventText_${text.kind}`];
  }
}

export interface LanguageCompleteness {
  locale: string;
  label: string;
  written: number;
  total: number;
  complete: boolean;
  /** How far it is, in a few words: `2 of 3 written`, `Complete`. */
  progress: string;
  /** The texts not yet written in this language. */
  missing: EventText[];
  /** Those texts in a sentence, `Missing: Description, Ticket “VIP”.`; null when none is missing. */
  missingSentence: string | null;
}

/**
 * How much of the event each of the organizer's languages has: of the texts written in the first
 * language (the one every event has), those also written in each other. Buyers reading a language
 * see the first language's text wherever one is missing.
 */
export function languageCompleteness(
  texts: readonly EventText[],
  locales: readonly { code: string; label: string }[],
  t: Messages,
): LanguageCompleteness[] {
  const [first, ...others] = locales;
  if (!first) return [];
  const written = (text: LocalizedText, locale: string) => Boolean(text[locale]?.trim());
  const source = texts.filter((text) => written(text.text, first.code));
  return others.map((locale) => {
    const missing = source.filter((text) => !written(text.text, locale.code));
    const count = source.length - missing.length;
    const complete = missing.length === 0;
    return {
      locale: locale.code,
      label: locale.label,
      written: count,
      total: source.length,
      complete,
      progress: complete
        ? t.editor_languageComplete
        : t.editor_languageWritten({ written: count, total: source.length }),
      missing,
      missingSentence: complete
        ? null
        : t.editor_languageMissing({
            texts: missing.map((text) => eventTextLabel(text, t)).join(t.editor_listSeparator),
          }),
    };
  });
}
