import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEventType } from './api-types';
import type { FormField, FormProblem } from './form-errors';
import { formatDateTime } from './format';
import type { Messages } from './messages';

/** An endpoint's state as its list and page show it: a word, its badge's tone, and why (`locale`: of the dates). */
export function endpointState(
  endpoint: Pick<WebhookEndpoint, 'enabled' | 'disabled_reason' | 'failing_since'>,
  t: Messages,
  timeZone?: string,
  locale?: string,
): { label: string; tone: 'live' | 'off' | 'stopped'; detail: string | null } {
  // Why it was turned off is the API's sentence.
  if (!endpoint.enabled)
    return { label: t.integrations_endpointState_off, tone: 'off', detail: endpoint.disabled_reason };
  if (endpoint.failing_since) {
    return {
      label: t.integrations_endpointState_failing,
      tone: 'stopped',
      detail: t.integrations_endpointFailingSince({ date: formatDateTime(endpoint.failing_since, timeZone, locale) }),
    };
  }
  return { label: t.integrations_endpointState_on, tone: 'live', detail: null };
}

/** Which changes an endpoint gets, in a few words (the change types are the API's names, as they are). */
export function typesSummary(eventTypes: readonly string[], t: Messages): string {
  if (eventTypes.length === 0) return t.integrations_typesEvery;
  if (eventTypes.length <= 2) return eventTypes.join(', ');
  return t.integrations_typesCount({ count: eventTypes.length });
}

/** The groups of change types, by the first part of their names, in the order the form shows them. */
const GROUPS = ['order', 'ticket', 'event', 'tier', 'payout', 'waitlist'] as const;
type Group = (typeof GROUPS)[number];

function isGroup(prefix: string): prefix is Group {
  return (GROUPS as readonly string[]).includes(prefix);
}

/**
 * The change types under a heading each (Orders, Check-in …), in the catalog's order; `key` is
 * the types' common prefix (`order`), for ids.
 */
export function eventTypeGroups(
  types: readonly WebhookEventType[],
  t: Messages,
): { key: string; heading: string; types: WebhookEventType[] }[] {
  const groups: { key: string; heading: string; types: WebhookEventType[] }[] = [];
  for (const type of types) {
    const key = type.type.split('.')[0] ?? '';
    let group = groups.find((candidate) => candidate.key === key);
    if (!group) {
      group = { key, heading: isGroup(key) ? t[`integrations_eventGroup_${key}`] : key, types: [] };
      groups.push(group);
    }
    group.types.push(type);
  }
  const rank = (key: string) => (isGroup(key) ? GROUPS.indexOf(key) : -1);
  return groups.sort((a, b) => rank(a.key) - rank(b.key));
}

/**
 * What a change type means, in the reader's language: the catalogue's words for the types it
 * knows (`order.paid` is `integrations_eventType_order_paid`), else the API's own description.
 */
export function eventTypeDescription(type: WebhookEventType, t: Messages): string {
  const words = (t as unknown as Record<string, unknown>)[`integrations_eventType_${type.type.replaceAll('.', '_')}`];
  return typeof words === 'string' ? words : type.description;
}

export function deliveryState(
  delivery: Pick<WebhookDelivery, 'status'>,
  t: Messages,
): {
  label: string;
  tone: 'pending' | 'live' | 'stopped';
} {
  const tone = delivery.status === 'succeeded' ? 'live' : delivery.status === 'failed' ? 'stopped' : 'pending';
  return { label: t[`integrations_deliveryState_${delivery.status}`] ?? delivery.status, tone };
}

const ATTEMPT_ERRORS = [
  'timeout',
  'connection_failed',
  'tls_failed',
  'dns_failed',
  'host_not_found',
  'address_not_allowed',
  'response_failed',
  'invalid_url',
] as const;
type AttemptError = (typeof ATTEMPT_ERRORS)[number];

function isAttemptError(code: string | null): code is AttemptError {
  return code !== null && (ATTEMPT_ERRORS as readonly string[]).includes(code);
}

/** What an attempt got, in a few words: `200 in 35 ms`, `No full answer after 15,000 ms`. */
export function attemptOutcome(
  attempt: Pick<WebhookAttempt, 'status_code' | 'error_code' | 'latency_ms'>,
  t: Messages,
  locale = 'en-US',
): string {
  const ms = attempt.latency_ms.toLocaleString(locale);
  if (attempt.status_code !== null) return t.integrations_attemptStatus({ status: attempt.status_code, ms });
  const code = attempt.error_code ?? null;
  return isAttemptError(code) ? t[`integrations_attemptError_${code}`]({ ms }) : t.integrations_attemptFailed({ ms });
}

export interface EndpointForm {
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
}

export function emptyEndpointForm(): EndpointForm {
  return { url: '', description: '', event_types: [], enabled: true };
}

export function endpointForm(endpoint: WebhookEndpoint): EndpointForm {
  return {
    url: endpoint.url,
    description: endpoint.description,
    event_types: [...endpoint.event_types],
    enabled: endpoint.enabled,
  };
}

export function readEndpointForm(form: FormData): EndpointForm {
  return {
    url: String(form.get('url') ?? '').trim(),
    description: String(form.get('description') ?? '').trim(),
    event_types: form.getAll('event_types').map(String),
    enabled: form.get('enabled') === 'yes',
  };
}

/** The endpoint form's refusal of a change type the API does not offer (only a tampered form sends one). */
export function unknownEventType(t: Messages): { message: string; problems: FormProblem[] } {
  const message = t.integrations_unknownEventType;
  return { message, problems: [{ input: 'event_types', label: t.integrations_endpointFieldEventTypes, message }] };
}

/**
 * The change types chosen on the endpoint form, as the API's catalog names them; null when one of
 * them is not in the catalog.
 */
export function chosenEventTypes(
  chosen: readonly string[],
  catalog: readonly WebhookEventType[],
): WebhookEventType['type'][] | null {
  const types = chosen.map((name) => catalog.find((entry) => entry.type === name)?.type);
  return types.every((type): type is WebhookEventType['type'] => type !== undefined) ? types : null;
}

/** The API's fields on the endpoint form's inputs, with their words for the API's messages. */
export function endpointFields(t: Messages): Record<string, FormField> {
  return {
    url: { input: 'url', label: t.integrations_endpointFieldUrl },
    description: { input: 'description', label: t.integrations_endpointFieldDescription },
    event_types: { input: 'event_types', label: t.integrations_endpointFieldEventTypes },
    enabled: { input: 'enabled', label: t.integrations_endpointFieldEnabled },
  };
}
