import { fromZonedTime } from 'date-fns-tz';
import type { ApiKey, ApiKeyScope } from './api-types';
import { formatDate } from './format';
import type { Messages } from './messages';
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
  'reports:read': true,
  'customers:read': true,
  'changes:read': true,
  'organizer:read': true,
};

/** Every group of the API a key is given access to, in the order the form offers them; each has its words in the catalogue. */
const GROUPS: Record<ScopeGroup, true> = {
  events: true,
  orders: true,
  check_ins: true,
  waitlist: true,
  catalog: true,
  payouts: true,
  reports: true,
  customers: true,
  changes: true,
  organizer: true,
};

export const SCOPE_GROUP_ORDER = Object.keys(GROUPS) as ScopeGroup[];

/** What a group of the API is called in the admin: `Sales settings`. */
export function scopeGroupName(group: ScopeGroup, t: Messages): string {
  return t[`integrations_scope_${group}`];
}

/** What a group of the API covers, in the admin's words. */
export function scopeGroupDescription(group: ScopeGroup, t: Messages): string {
  return t[`integrations_scopeDescription_${group}`];
}

/** The levels a group offers: every group can be read; some can be changed too. */
export function levelsOf(group: ScopeGroup): ScopeLevel[] {
  return ['none', 'read', ...(`${group}:write` in SCOPES ? (['write'] as const) : [])];
}

/** A level's name on the form: `No access`, `Read`, `Read and change`. */
export function levelName(level: ScopeLevel, t: Messages): string {
  return t[`integrations_scopeLevel_${level}`];
}

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
export function accessOf(scopes: readonly string[], t: Messages): string[] {
  return SCOPE_GROUP_ORDER.flatMap((group) => {
    const level = levelOf(scopes, group);
    if (level === 'none') return [];
    const area = scopeGroupName(group, t);
    return [level === 'write' ? t.integrations_accessWrite({ area }) : t.integrations_accessRead({ area })];
  });
}

/** A key's state in words, with the day it ended or ends (`locale`: the `Intl` locale of the dates). */
export function keyState(
  key: Pick<ApiKey, 'status' | 'expires_at' | 'revoked_at'>,
  t: Messages,
  timeZone?: string,
  locale?: string,
) {
  const day = (at: string) => formatDate(at, timeZone, locale);
  if (key.status === 'revoked' && key.revoked_at) {
    return { label: t.integrations_keyRevoked({ date: day(key.revoked_at) }), tone: 'stopped' as const };
  }
  if (key.status === 'expired' && key.expires_at) {
    return { label: t.integrations_keyExpired({ date: day(key.expires_at) }), tone: 'off' as const };
  }
  if (key.expires_at) {
    return { label: t.integrations_keyActiveUntil({ date: day(key.expires_at) }), tone: 'live' as const };
  }
  return { label: t.integrations_keyActive, tone: 'live' as const };
}

/** The day a key stops working (`2027-03-14`), as the instant that day starts on the organizer's clock. Blank is null. */
export function expiryFrom(day: string, timeZone: string, t: Messages): Parsed<string | null> {
  const text = day.trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, message: t.integrations_apiKeysExpiryFormat };
  const instant = fromZonedTime(`${text}T00:00`, timeZone);
  if (Number.isNaN(instant.getTime())) return { ok: false, message: t.integrations_apiKeysExpiryNoSuchDay };
  return { ok: true, value: instant.toISOString() };
}
