import type { EventStatus, LocalizedText, Tier } from './api-types';

export interface StatusLabel {
  label: string;
  /** Tells attendees can see it (`live`), not yet (`pending`) or no more (`off`, `stopped`). */
  tone: 'live' | 'pending' | 'off' | 'stopped';
  description: string;
}

const statusLabels: Record<EventStatus, StatusLabel> = {
  draft: { label: 'Draft', tone: 'pending', description: 'Only your team can see it.' },
  published: { label: 'Published', tone: 'live', description: 'Listed on your storefront.' },
  unpublished: { label: 'Unpublished', tone: 'off', description: 'Taken off your storefront.' },
  cancelled: { label: 'Cancelled', tone: 'stopped', description: 'Cancelled; no more sales.' },
};

export function statusLabel(status: string): StatusLabel {
  return statusLabels[status as EventStatus] ?? { label: status, tone: 'off', description: 'Unknown status.' };
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
  /** What the text is, as the editor names it: `Title`, `Ticket “VIP”`. */
  label: string;
  text: LocalizedText;
}

export interface LanguageCompleteness {
  locale: string;
  label: string;
  written: number;
  total: number;
  /** The texts not yet written in this language, as `EventText.label` names them. */
  missing: string[];
}

/**
 * How much of the event each of the organizer's languages has: of the texts written in the first
 * language (the one every event has), those also written in each other. Buyers reading a language
 * see the first language's text wherever one is missing.
 */
export function languageCompleteness(
  texts: readonly EventText[],
  locales: readonly { code: string; label: string }[],
): LanguageCompleteness[] {
  const [first, ...others] = locales;
  if (!first) return [];
  const written = (text: LocalizedText, locale: string) => Boolean(text[locale]?.trim());
  const source = texts.filter((text) => written(text.text, first.code));
  return others.map((locale) => {
    const missing = source.filter((text) => !written(text.text, locale.code)).map((text) => text.label);
    return {
      locale: locale.code,
      label: locale.label,
      written: source.length - missing.length,
      total: source.length,
      missing,
    };
  });
}
