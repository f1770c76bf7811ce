import { describe, expect, it } from 'vitest';
import {
  insertAt,
  kindLabel,
  MESSAGE_VARIABLES,
  messageBody,
  messageStatusLabel,
  progressOf,
  readDraft,
  recipientFilter,
  recipientStatusLabel,
  variableDescription,
} from './event-messages';
import { ADMIN_LOCALES, messagesFor } from './messages';

const en = messagesFor('en');
const fr = messagesFor('fr');

function formOf(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

describe('readDraft and messageBody', () => {
  it('reads the kind, the audience and a text per language of the organizer, leaving out empty ones', () => {
    const draft = readDraft(
      formOf([
        ['kind', 'marketing'],
        ['tiers', 'chosen'],
        ['tier_ids', 'tier-a'],
        ['tier_ids', 'tier-b'],
        ['checked_in', 'no'],
        ['subject.en', '  Parking on Saturday '],
        ['body.en', 'Hello {{name}},\r\n\r\nPark behind the hall.'],
        ['subject.es', ''],
        ['body.es', '   '],
        ['subject.fr', 'Not a language of the organizer'],
        ['preview_locale', 'es'],
      ]),
      ['en', 'es'],
    );
    expect(draft).toEqual({
      kind: 'marketing',
      tiers: 'chosen',
      tierIds: ['tier-a', 'tier-b'],
      checkedIn: 'no',
      subject: { en: 'Parking on Saturday' },
      body: { en: 'Hello {{name}},\n\nPark behind the hall.' },
      previewLocale: 'es',
    });
    expect(messageBody(draft)).toEqual({
      kind: 'marketing',
      subject: { en: 'Parking on Saturday' },
      body: { en: 'Hello {{name}},\n\nPark behind the hall.' },
      audience: { checked_in: 'no', tier_ids: ['tier-a', 'tier-b'] },
    });
  });

  it('sends to every tier unless "chosen tiers" is picked, and falls back on what a hand-made post got wrong', () => {
    const draft = readDraft(
      formOf([
        ['kind', 'reminder'],
        ['tiers', 'all'],
        ['tier_ids', 'tier-a'],
        ['checked_in', 'maybe'],
        ['preview_locale', 'fr'],
      ]),
      ['en'],
    );
    expect(draft.kind).toBe('announcement');
    expect(draft.checkedIn).toBe('any');
    // A preview language the organizer does not write in gives the default's.
    expect(draft.previewLocale).toBe('en');
    expect(messageBody(draft).audience).toEqual({ checked_in: 'any' });
  });
});

describe('insertAt', () => {
  it('puts the placeholder where the cursor is, replacing a selection, and moves the cursor after it', () => {
    expect(insertAt('Dear , see you', 5, 5, 'name')).toEqual({ text: 'Dear {{name}}, see you', cursor: 13 });
    expect(insertAt('At PLACE!', 3, 8, 'venue')).toEqual({ text: 'At {{venue}}!', cursor: 12 });
  });
});

describe('labels', () => {
  it('names kinds, statuses and skipped reasons in the reader’s language, and unknown ones as the API does', () => {
    expect(kindLabel('marketing', en)).toBe('Promotion');
    expect(kindLabel('reminder', fr)).toBe('Rappel (automatique)');
    expect(kindLabel('survey', en)).toBe('survey');
    expect(messageStatusLabel('sending', en)).toBe('Sending');
    expect(recipientStatusLabel('skipped', 'no_consent', en)).toBe('Skipped: did not agree to promotions');
    expect(recipientStatusLabel('skipped', null, en)).toBe('Skipped');
    expect(recipientStatusLabel('sent', null, fr)).toBe('Envoyé');
  });

  it('explains every variable in every language', () => {
    for (const locale of ADMIN_LOCALES) {
      const t = messagesFor(locale);
      for (const variable of MESSAGE_VARIABLES) expect(variableDescription(variable, t)).toMatch(/\S/);
    }
  });
});

describe('progressOf and recipientFilter', () => {
  it('counts as done whoever is no longer waiting', () => {
    expect(progressOf({ total: 10, pending: 4 })).toEqual({ done: 6, total: 10 });
    expect(progressOf({ total: 0, pending: 0 })).toEqual({ done: 0, total: 0 });
  });

  it('keeps only a status the API knows', () => {
    expect(recipientFilter(new URLSearchParams('status=failed'))).toBe('failed');
    expect(recipientFilter(new URLSearchParams('status=everything'))).toBeUndefined();
    expect(recipientFilter(new URLSearchParams())).toBeUndefined();
  });
});
