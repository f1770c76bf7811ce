import { describe, expect, it } from 'vitest';
import type { Tier } from './api-types';
import { type EventText, eventSales, formatEventStart, languageCompleteness, pickText, statusLabel } from './events';
import { messagesFor } from './messages';

const t = messagesFor('en');

describe('statusLabel', () => {
  it.each([
    ['draft', 'Draft', 'pending'],
    ['published', 'Published', 'live'],
    ['unpublished', 'Unpublished', 'off'],
    ['cancelled', 'Cancelled', 'stopped'],
  ])('labels %s as %s', (status, label, tone) => {
    expect(statusLabel(status, t)).toMatchObject({ label, tone });
  });

  it('shows a status it does not know as it is', () => {
    expect(statusLabel('archived', t)).toMatchObject({ label: 'archived', tone: 'off' });
  });

  it("names the status in the reader's language", () => {
    expect(statusLabel('draft', messagesFor('es'))).toEqual({
      label: 'Borrador',
      tone: 'pending',
      description: 'Solo su equipo puede verlo.',
    });
  });
});

describe('pickText', () => {
  const title = { en: 'Enkutatash: Ethiopian New Year Gala', am: 'የእንቁጣጣሽ የአዲስ ዓመት ጋላ' };

  it('uses the first preferred language, including regional tags', () => {
    expect(pickText(title, ['am-ET', 'en'])).toBe('የእንቁጣጣሽ የአዲስ ዓመት ጋላ');
    expect(pickText(title, ['fr', 'en'])).toBe('Enkutatash: Ethiopian New Year Gala');
  });

  it('falls back to any language rather than nothing', () => {
    expect(pickText({ es: 'Noche de Comedia' }, ['en'])).toBe('Noche de Comedia');
    expect(pickText({}, ['en'])).toBe('');
  });
});

describe('eventSales', () => {
  const tier = (overrides: Partial<Tier>): Tier => ({
    id: 't',
    event_id: 'e',
    name: { en: 'General admission' },
    description: {},
    sales_start_at: null,
    sales_end_at: null,
    min_per_order: 1,
    max_per_order: 10,
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z',
    deleted_at: null,
    price_cents: 6500,
    currency: 'USD',
    quantity: 300,
    sold_count: 0,
    held_count: 0,
    remaining: 300,
    hidden: false,
    waitlist_paused: false,
    position: 0,
    ...overrides,
  });

  it('adds up sold and offered tickets, tiers in display order', () => {
    const sales = eventSales(
      [
        tier({ name: { en: 'VIP table seat' }, quantity: 80, sold_count: 12, position: 1 }),
        tier({ sold_count: 140, position: 0 }),
        tier({ name: { en: 'Comp' }, quantity: 20, sold_count: 3, position: 2, hidden: true }),
      ],
      ['en'],
    );
    expect(sales).toEqual({
      sold: 155,
      quantity: 400,
      tiers: [
        { name: 'General admission', sold: 140, quantity: 300, hidden: false },
        { name: 'VIP table seat', sold: 12, quantity: 80, hidden: false },
        { name: 'Comp', sold: 3, quantity: 20, hidden: true },
      ],
    });
  });

  it('is zero for an event without tiers', () => {
    expect(eventSales([], ['en'])).toEqual({ sold: 0, quantity: 0, tiers: [] });
  });
});

describe('formatEventStart', () => {
  it("shows the time on the event's own clock", () => {
    expect(formatEventStart('2026-12-01T02:00:00.000Z', 'America/Chicago')).toMatch(
      /^Mon, Nov 30, 2026, 8:00\sPM CST$/u,
    );
    expect(formatEventStart('2026-12-01T02:00:00.000Z', 'America/New_York')).toMatch(
      /^Mon, Nov 30, 2026, 9:00\sPM EST$/u,
    );
  });
});

describe('how much of an event each language has', () => {
  const locales = [
    { code: 'en', label: 'English' },
    { code: 'am', label: 'Amharic (አማርኛ)' },
    { code: 'ar', label: 'Arabic (العربية)' },
  ];

  const texts: EventText[] = [
    { kind: 'title', text: { en: 'New Year Gala', am: 'የአዲስ ዓመት ጋላ', ar: 'حفل رأس السنة' } },
    { kind: 'description', text: { en: 'Music and food.', am: '  ' } },
    { kind: 'ticket', name: 'VIP', text: { en: 'VIP', ar: 'كبار الشخصيات' } },
    // Not written in the first language either: no language is asked for it.
    { kind: 'ticket', name: 'ልጅ', text: { am: 'ልጅ' } },
  ];

  it('counts the texts of the first language that each other language has, naming the ones it lacks', () => {
    expect(languageCompleteness(texts, locales, t)).toEqual([
      {
        locale: 'am',
        label: 'Amharic (አማርኛ)',
        written: 1,
        total: 3,
        complete: false,
        progress: '1 of 3 written',
        missing: [texts[1], texts[2]],
        missingSentence: 'Missing: Description, Ticket “VIP”.',
      },
      {
        locale: 'ar',
        label: 'Arabic (العربية)',
        written: 2,
        total: 3,
        complete: false,
        progress: '2 of 3 written',
        missing: [texts[1]],
        missingSentence: 'Missing: Description.',
      },
    ]);
  });

  it('says when a language has everything', () => {
    const [amharic] = languageCompleteness(texts.slice(0, 1), locales, t);
    expect(amharic).toMatchObject({ complete: true, progress: 'Complete', missing: [], missingSentence: null });
  });

  it("says it in the reader's language", () => {
    const [amharic] = languageCompleteness(texts, locales, messagesFor('fr'));
    expect(amharic).toMatchObject({
      progress: '1 sur 3 rédigé',
      // French sets its colon and quotation marks apart with no-break spaces.
      missingSentence: 'À traduire\u00a0: Description, Billet «\u00a0VIP\u00a0».',
    });
  });

  it('has nothing to say of an organizer with one language', () => {
    expect(languageCompleteness([{ kind: 'title', text: { en: 'Gala' } }], locales.slice(0, 1), t)).toEqual([]);
  });
});
