import { describe, expect, it } from 'vitest';
import {
  accessOf,
  expiryFrom,
  keyState,
  levelOf,
  levelsFromForm,
  levelsOf,
  SCOPE_GROUP_ORDER,
  scopesOf,
} from './api-keys';
import { messagesFor } from './messages';

const en = messagesFor('en');
const fr = messagesFor('fr');

function formWith(entries: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) form.set(name, value);
  return form;
}

describe('the access a key is given', () => {
  it('offers changing only where the API has a write scope', () => {
    expect(levelsOf('events')).toEqual(['none', 'read', 'write']);
    expect(levelsOf('payouts')).toEqual(['none', 'read']);
    expect(levelsOf('organizer')).toEqual(['none', 'read']);
  });

  it('turns the chosen levels into the API scopes, leaving out what is not offered', () => {
    const levels = levelsFromForm(
      formWith({ 'scope.events': 'write', 'scope.orders': 'read', 'scope.payouts': 'write', 'scope.waitlist': 'x' }),
    );
    expect(levels.payouts).toBe('none');
    expect(levels.waitlist).toBe('none');
    expect(scopesOf(levels)).toEqual(['events:write', 'orders:read']);
    expect(scopesOf(levelsFromForm(formWith({})))).toEqual([]);
    expect(SCOPE_GROUP_ORDER).toEqual([
      'events',
      'orders',
      'check_ins',
      'waitlist',
      'catalog',
      'payouts',
      'reports',
      'customers',
      'changes',
      'organizer',
    ]);
  });

  it('reads a key back in the same words (changing includes reading)', () => {
    expect(levelOf(['events:write'], 'events')).toBe('write');
    expect(levelOf(['events:read'], 'events')).toBe('read');
    expect(levelOf(['events:read'], 'orders')).toBe('none');
    expect(accessOf(['orders:read', 'events:write', 'catalog:read'], en)).toEqual([
      'Events: read and change',
      'Orders: read',
      'Sales settings: read',
    ]);
  });

  it('says it in the reader’s language', () => {
    expect(accessOf(['orders:read', 'events:write'], fr)).toEqual([
      'Événements\u00a0: lecture et modification',
      'Commandes\u00a0: lecture',
    ]);
  });
});

describe('a key in words', () => {
  it('says whether it works, and until when or since when not', () => {
    const base = { status: 'active' as const, expires_at: null, revoked_at: null };
    expect(keyState(base, en)).toEqual({ label: 'Active', tone: 'live' });
    expect(keyState({ ...base, expires_at: '2027-02-10T06:00:00.000Z' }, en, 'America/Chicago')).toEqual({
      label: 'Active; stops working Feb 10, 2027',
      tone: 'live',
    });
    expect(
      keyState({ ...base, status: 'expired', expires_at: '2026-01-02T05:00:00.000Z' }, en, 'America/Chicago'),
    ).toEqual({ label: 'Expired Jan 1, 2026', tone: 'off' });
    expect(keyState({ ...base, status: 'revoked', revoked_at: '2026-05-01T12:00:00.000Z' }, en, 'UTC')).toEqual({
      label: 'Revoked May 1, 2026',
      tone: 'stopped',
    });
  });

  it('says it in the reader’s language, with dates in its format', () => {
    const base = { status: 'active' as const, expires_at: null, revoked_at: null };
    expect(keyState(base, fr).label).toBe('Active');
    expect(
      keyState({ ...base, status: 'revoked', revoked_at: '2026-05-01T12:00:00.000Z' }, fr, 'UTC', 'fr').label,
    ).toBe('Révoquée le 1 mai 2026');
  });
});

describe('the day a key stops working', () => {
  it('is the start of that day on the organizer clock; empty is never', () => {
    expect(expiryFrom('2027-02-10', 'America/Chicago', en)).toEqual({ ok: true, value: '2027-02-10T06:00:00.000Z' });
    // Summer time: midnight is an hour earlier in UTC.
    expect(expiryFrom('2027-07-04', 'America/Chicago', en)).toEqual({ ok: true, value: '2027-07-04T05:00:00.000Z' });
    expect(expiryFrom('  ', 'America/Chicago', en)).toEqual({ ok: true, value: null });
    expect(expiryFrom('14/03/2027', 'UTC', en)).toEqual({ ok: false, message: 'Enter a day, such as 2027-03-14.' });
    expect(expiryFrom('14/03/2027', 'UTC', fr)).toEqual({
      ok: false,
      message: 'Saisissez un jour, par exemple 2027-03-14.',
    });
  });
});
