import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEventType } from './api-types';
import type { FormField, FormProblem } from './form-errors';
import { formatDateTime } from './format';

/** An endpoint's state as its list and page show it: a word, its badge's tone, and why. */
export function endpointState(
  endpoint: Pick<WebhookEndpoint, 'enabled' | 'disabled_reason' | 'failing_since'>,
  timeZone?: string,
): { label: string; tone: 'live' | 'off' | 'stopped'; detail: string | null } {
  if (!endpoint.enabled) return { label: 'Off', tone: 'off', detail: endpoint.disabled_reason };
  if (endpoint.failing_since) {
    return {
      label: 'Failing',
      tone: 'stopped',
      detail: `Deliveries have failed since ${formatDateTime(endpoint.failing_since, timeZone)}. After five days of failures it is turned off.`,
    };
  }
  return { label: 'On', tone: 'live', detail: null };
}

/** Which changes an endpoint gets, in a few words. */
export function typesSummary(eventTypes: readonly string[]): string {
  if (eventTypes.length === 0) return 'Every change';
  if (eventTypes.length <= 2) return eventTypes.join(', ');
  return `${eventTypes.length} kinds of change`;
}

const GROUPS: Record<string, string> = {
  order: 'Orders',
  ticket: 'Check-in',
  event: 'Events',
  tier: 'Ticket tiers',
  payout: 'Payouts',
  waitlist: 'Waitlist',
};

/** The change types under a heading each (Orders, Check-in …), in the catalog's order. */
export function eventTypeGroups(types: readonly WebhookEventType[]): { heading: string; types: WebhookEventType[] }[] {
  const groups: { heading: string; types: WebhookEventType[] }[] = [];
  for (const type of types) {
    const prefix = type.type.split('.')[0] ?? '';
    const heading = GROUPS[prefix] ?? prefix;
    let group = groups.find((candidate) => candidate.heading === heading);
    if (!group) {
      group = { heading, types: [] };
      groups.push(group);
    }
    group.types.push(type);
  }
  const order = Object.values(GROUPS);
  return groups.sort((a, b) => order.indexOf(a.heading) - order.indexOf(b.heading));
}

const DELIVERY_STATES: Record<WebhookDelivery['status'], string> = {
  pending: 'Waiting',
  succeeded: 'Delivered',
  failed: 'Failed',
};

export function deliveryState(delivery: Pick<WebhookDelivery, 'status'>): {
  label: string;
  tone: 'pending' | 'live' | 'stopped';
} {
  const tone = delivery.status === 'succeeded' ? 'live' : delivery.status === 'failed' ? 'stopped' : 'pending';
  return { label: DELIVERY_STATES[delivery.status] ?? delivery.status, tone };
}

/** What an attempt got, in a few words: `200 in 35 ms`, `No answer in 15 s (timeout)`. */
export function attemptOutcome(attempt: Pick<WebhookAttempt, 'status_code' | 'error_code' | 'latency_ms'>): string {
  const took = `${attempt.latency_ms.toLocaleString('en-US')} ms`;
  if (attempt.status_code !== null) return `${attempt.status_code} in ${took}`;
  return `${ERROR_WORDS[attempt.error_code ?? ''] ?? 'Failed'} after ${took}`;
}

const ERROR_WORDS: Record<string, string> = {
  timeout: 'No full answer',
  connection_failed: 'Could not connect',
  tls_failed: 'Secure connection failed',
  dns_failed: 'Name lookup failed',
  host_not_found: 'Host not found',
  address_not_allowed: 'Address refused',
  response_failed: 'Not an HTTP answer',
  invalid_url: 'Not a web address',
};

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
export function unknownEventType(): { message: string; problems: FormProblem[] } {
  const message = 'Choose the changes to send from the list.';
  return { message, problems: [{ input: 'event_types', label: 'The changes sent', message }] };
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

/** The API's fields on the endpoint form's inputs. */
export const ENDPOINT_FIELDS: Record<string, FormField> = {
  url: { input: 'url', label: 'The address' },
  description: { input: 'description', label: 'The description' },
  event_types: { input: 'event_types', label: 'The changes sent' },
  enabled: { input: 'enabled', label: 'On' },
};
