import { fromZonedTime } from 'date-fns-tz';
import type { ApiKey, ApiKeyScope } from './api-types';
import { formatDate } from './format';
import type { Parsed } from './money-input';

export type ScopeGroup = ApiKeyScope extends `${infer Group}:${string}` ? Group : never;
export type ScopeLevel = 'none' | 'read' | 'write';

/** Every scope the API takes: a scope it adds makes this fail to compile until it is offered here. */
const SCOPES: Record<ApiKeyScope, true> = {
  'events:read': true,
  'events:write': true,
  'orders:read': true,
  'orders:write': true,
  'check_ins:read': true,
  'check_ins:write': true,
  'waitlist:read': true,
  'waitlist:write': true,
  'catalog:read': true,
  'catalog:write': true,
  'payouts:read': true,
  'customers:read': true,
  'changes:read': true,
  'organizer:read': true,
};

/** What each group of the API covers, in the admin's words. */
export const SCOPE_GROUPS: Record<ScopeGroup, { label: string; description: string }> = {
  events: {
    label: 'Events',
    description: 'Events, their ticket types and cover images. Changing includes publishing and cancelling.',
  },
  orders: {
    label: 'Orders',
    description:
      'Orders with their tickets, and attendee lists. Changing records payments in person, cancels and refunds.',
  },
  check_ins: {
    label: 'Check-in',
    description: 'The scan log and counts. Changing scans tickets and undoes check-ins.',
  },
  waitlist: { label: 'Waitlist', description: 'People waiting for sold-out tickets. Changing moves and removes them.' },
  catalog: { label: 'Sales settings', description: 'Sales tax rates, promo codes, add-ons and checkout settings.' },
  payouts: { label: 'Payouts', description: "The payout account's state, payouts and each event's payout outlook." },
  customers: { label: 'Customers', description: 'The accounts buyers made at your store: names, emails, languages.' },
  changes: {
    label: 'Changes feed',
    description: 'What changed in every area above, to catch up from where a program left off.',
  },
  organizer: {
    label: 'Profile',
    description: "The organizer's name, contact email, plan, currency, languages and time zone.",
  },
};

export const SCOPE_GROUP_ORDER = Object.keys(SCOPE_GROUPS) as ScopeGroup[];

/** The levels a group offers: every group can be read; some can be changed too. */
export function levelsOf(group: ScopeGroup): ScopeLevel[] {
  return ['none', 'read', ...(`${group}:write` in SCOPES ? (['write'] as const) : [])];
}

export const LEVEL_NAMES: Record<ScopeLevel, string> = { none: 'No access', read: 'Read', write: 'Read and change' };

/** The level a key's scopes give a group (changing includes reading). */
export function levelOf(scopes: readonly string[], group: ScopeGroup): ScopeLevel {
  if (scopes.includes(`${group}:write`)) return 'write';
  if (scopes.includes(`${group}:read`)) return 'read';
  return 'none';
}

/** The levels chosen in the form, one radio group `scope.<group>` per group. */
export function levelsFromForm(form: FormData): Record<ScopeGroup, ScopeLevel> {
  const levels = {} as Record<ScopeGroup, ScopeLevel>;
  for (const group of SCOPE_GROUP_ORDER) {
    const chosen = String(form.get(`scope.${group}`) ?? 'none') as ScopeLevel;
    levels[group] = levelsOf(group).includes(chosen) ? chosen : 'none';
  }
  return levels;
}

/** The scopes the API takes for the levels chosen. */
export function scopesOf(levels: Readonly<Record<ScopeGroup, ScopeLevel>>): ApiKeyScope[] {
  return SCOPE_GROUP_ORDER.flatMap((group) => {
    const level = levels[group];
    return level === 'none' ? [] : [`${group}:${level}` as ApiKeyScope];
  });
}

/** A key's access as a list: `Events: read and change`, `Orders: read`. */
export function accessOf(scopes: readonly string[]): string[] {
  return SCOPE_GROUP_ORDER.flatMap((group) => {
    const level = levelOf(scopes, group);
    if (level === 'none') return [];
    return [`${SCOPE_GROUPS[group].label}: ${level === 'write' ? 'read and change' : 'read'}`];
  });
}

/** A key's state in words, with the day it ended or ends. */
export function keyState(key: Pick<ApiKey, 'status' | 'expires_at' | 'revoked_at'>, timeZone?: string) {
  if (key.status === 'revoked' && key.revoked_at) {
    return { label: `Revoked ${formatDate(key.revoked_at, timeZone)}`, tone: 'stopped' as const };
  }
  if (key.status === 'expired' && key.expires_at) {
    return { label: `Expired ${formatDate(key.expires_at, timeZone)}`, tone: 'off' as const };
  }
  if (key.expires_at)
    return { label: `Active; stops working ${formatDate(key.expires_at, timeZone)}`, tone: 'live' as const };
  return { label: 'Active', tone: 'live' as const };
}

/** The day a key stops working (`2027-03-14`), as the instant that day starts on the organizer's clock. Blank is null. */
export function expiryFrom(day: string, timeZone: string): Parsed<string | null> {
  const text = day.trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, message: 'Enter a day, such as 2027-03-14.' };
  const instant = fromZonedTime(`${text}T00:00`, timeZone);
  if (Number.isNaN(instant.getTime())) return { ok: false, message: 'This day does not exist.' };
  return { ok: true, value: instant.toISOString() };
}
