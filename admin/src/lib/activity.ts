import type { ActivityEntry } from './api-types';
import type { Messages, StatusOf } from './messages';

/**
 * The parts of the API an organizer's writes fall in, as the API names them (an operation's first
 * OpenAPI tag, which the log keeps as `area`), with the key of each one's name in our words.
 */
export const ACTIVITY_AREAS = {
  Organizer: 'organizer',
  Events: 'events',
  'Ticket tiers': 'ticketTiers',
  Images: 'images',
  Branding: 'branding',
  'Checkout settings': 'checkoutSettings',
  'Tax rates': 'taxRates',
  'Promo codes': 'promoCodes',
  'Add-ons': 'addOns',
  Orders: 'orders',
  Payouts: 'payouts',
  'Tax forms': 'taxForms',
  'Check-in': 'checkIn',
  Waitlist: 'waitlist',
  'Webhook endpoints': 'webhookEndpoints',
  'Custom domains': 'customDomains',
  Themes: 'themes',
  'API keys': 'apiKeys',
  Messages: 'messages',
  Exports: 'exports',
} as const satisfies Record<string, StatusOf<'activity_area'>>;

export type ActivityArea = keyof typeof ACTIVITY_AREAS;

export function isActivityArea(area: string): area is ActivityArea {
  return Object.hasOwn(ACTIVITY_AREAS, area);
}

/** An area's name in the reader's language; the API's own name for one we do not know. */
export function areaName(area: string, t: Messages): string {
  return isActivityArea(area) ? t[`activity_area_${ACTIVITY_AREAS[area]}`] : area;
}

type Operation = StatusOf<'activity_op'>;

function isOperation(operation: string, t: Messages): operation is Operation {
  return /^[A-Za-z0-9]+$/.test(operation) && typeof t[`activity_op_${operation}` as keyof Messages] === 'string';
}

/**
 * What a write did, as a sentence in the reader's language: "Changed an event". Null for an
 * operation the catalogue has no sentence for (one newer than this admin): the page then names it.
 */
export function activitySentence(operation: string, t: Messages): string | null {
  return isOperation(operation, t) ? t[`activity_op_${operation}`] : null;
}

/** The admin page of the record a write was about, when the admin has one: an event or an order. */
export function recordLink(
  entry: Pick<ActivityEntry, 'operation' | 'path' | 'resource_id'>,
): { kind: 'event' | 'order'; href: string } | null {
  // A deleted draft has no page left to open.
  if (entry.operation === 'deleteEvent') return null;
  const named = /^\/v1\/(events|orders)\/([0-9a-f-]{36})(?:\/|$)/i.exec(entry.path);
  if (named?.[1] && named[2]) {
    const kind = named[1] === 'events' ? 'event' : 'order';
    return { kind, href: `/${named[1]}/${named[2]}` };
  }
  // A new event's id is the record the log names, not part of the path it was posted to.
  if (entry.operation === 'createEvent' && entry.resource_id) {
    return { kind: 'event', href: `/events/${entry.resource_id}` };
  }
  return null;
}

/**
 * Who wrote, from the log's label: a person's `Name <email>` as the name with the email apart,
 * an API key's `Name (apk_…)` whole.
 */
export function actorParts(label: string): { name: string; email: string | null } {
  const person = /^(.*\S)\s+<([^<>\s]+@[^<>\s]+)>$/.exec(label);
  return person?.[1] && person[2] ? { name: person[1], email: person[2] } : { name: label, email: null };
}

/** One value a write set, as `field: value`. */
export interface ChangeLine {
  field: string;
  value: string;
}

const HIDDEN = '[hidden]';
const LOCALE_CODE = /^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/;

/** Text organizers write per language: `{"en": "Eid dinner", "es": "Cena de Eid"}`. */
function isLocalizedText(value: object): value is Record<string, string> {
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([key, text]) => LOCALE_CODE.test(key) && typeof text === 'string');
}

function shown(value: unknown, t: Messages): string {
  if (value === HIDDEN) return t.activity_hidden;
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && isLocalizedText(value)) {
    return Object.entries(value)
      .map(([locale, text]) => `${locale}: ${text}`)
      .join(' · ');
  }
  return JSON.stringify(value) ?? String(value);
}

/**
 * What a write set, a line per value: text as it is, texts per language as `en: …`, other values
 * as JSON, and what the log hid (secrets, taxpayer numbers) as "hidden". Objects that are not texts
 * open into `parent.child` lines, so that a hidden value inside one is said too.
 */
export function changeLines(changes: Record<string, unknown>, t: Messages, prefix = ''): ChangeLine[] {
  return Object.entries(changes).flatMap(([key, value]) => {
    const field = `${prefix}${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isLocalizedText(value)) {
      const inner = changeLines(value as Record<string, unknown>, t, `${field}.`);
      return inner.length > 0 ? inner : [{ field, value: '{}' }];
    }
    return [{ field, value: shown(value, t) }];
  });
}

/** The filters of the activity page, from its address: only what the API would accept. */
export interface ActivityFilters {
  /** `member:<user id>` or `key:<api key id>`. */
  actor?: string;
  area?: ActivityArea;
  from?: string;
  to?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function activityFilters(params: URLSearchParams): ActivityFilters {
  const filters: ActivityFilters = {};
  const actor = params.get('actor') ?? '';
  const [kind, id] = actor.split(':');
  if ((kind === 'member' || kind === 'key') && id && UUID.test(id)) filters.actor = `${kind}:${id.toLowerCase()}`;
  const area = params.get('area') ?? '';
  if (isActivityArea(area)) filters.area = area;
  const from = params.get('from') ?? '';
  if (DAY.test(from)) filters.from = from;
  const to = params.get('to') ?? '';
  if (DAY.test(to)) filters.to = to;
  return filters;
}

/** The API's query for some filters. */
export function activityQuery(filters: ActivityFilters) {
  const [kind, id] = filters.actor?.split(':') ?? [];
  return {
    ...(kind === 'member' && id ? { actor_user_id: id } : {}),
    ...(kind === 'key' && id ? { actor_api_key_id: id } : {}),
    ...(filters.area ? { area: filters.area } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

/** The activity page's address for some filters (and a page cursor). */
export function activityHref(filters: ActivityFilters, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (filters.actor) params.set('actor', filters.actor);
  if (filters.area) params.set('area', filters.area);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/settings/activity?${query}` : '/settings/activity';
}
