import { describe, expect, it } from 'vitest';
import type { WebhookEventType } from './api-types';
import { messagesFor } from './messages';
import {
  attemptOutcome,
  chosenEventTypes,
  deliveryState,
  endpointState,
  eventTypeDescription,
  eventTypeGroups,
  typesSummary,
} from './webhooks';

const en = messagesFor('en');
const fr = messagesFor('fr');

const catalog: WebhookEventType[] = [
  { type: 'order.paid', description: 'An order was paid.' },
  { type: 'order.refunded', description: 'An order was refunded, in whole or in part.' },
];

describe('chosenEventTypes', () => {
  it('names the chosen change types as the catalog does', () => {
    expect(chosenEventTypes(['order.refunded', 'order.paid'], catalog)).toEqual(['order.refunded', 'order.paid']);
    expect(chosenEventTypes([], catalog)).toEqual([]);
  });

  it('refuses a change type the catalog does not list', () => {
    expect(chosenEventTypes(['order.paid', 'order.exploded'], catalog)).toBeNull();
  });
});

describe('an endpoint and its deliveries in words', () => {
  it('says what the changes are, under their headings', () => {
    const groups = eventTypeGroups(
      [...catalog, { type: 'ticket.checked_in', description: 'A ticket was scanned.' }],
      en,
    );
    expect(groups.map((group) => [group.key, group.heading])).toEqual([
      ['order', 'Orders'],
      ['ticket', 'Check-in'],
    ]);
    expect(eventTypeDescription({ type: 'order.paid', description: 'An order was paid.' }, en)).toBe(
      'An order was paid and its tickets issued.',
    );
    expect(eventTypeGroups(catalog, fr)[0]?.heading).toBe('Commandes');
    expect(eventTypeDescription({ type: 'order.paid', description: 'An order was paid.' }, fr)).toBe(
      'Une commande a été payée et ses billets émis.',
    );
  });

  it('sums up the changes sent, keeping their names', () => {
    expect(typesSummary([], en)).toBe('Every change');
    expect(typesSummary(['order.paid', 'ticket.checked_in'], en)).toBe('order.paid, ticket.checked_in');
    expect(typesSummary(['order.paid', 'order.refunded', 'tier.created'], en)).toBe('3 kinds of change');
    expect(typesSummary([], fr)).toBe('Toutes les modifications');
  });

  it('says whether an endpoint works, and what each attempt got', () => {
    expect(endpointState({ enabled: true, disabled_reason: null, failing_since: null }, en).label).toBe('On');
    expect(
      endpointState({ enabled: true, disabled_reason: null, failing_since: '2027-03-14T18:00:00.000Z' }, en, 'UTC')
        .detail,
    ).toBe('Deliveries have failed since Mar 14, 2027, 6:00 PM UTC. After five days of failures it is turned off.');
    expect(deliveryState({ status: 'succeeded' }, en)).toEqual({ label: 'Delivered', tone: 'live' });
    expect(attemptOutcome({ status_code: 200, error_code: null, latency_ms: 35 }, en)).toBe('200 in 35 ms');
    expect(attemptOutcome({ status_code: null, error_code: 'timeout', latency_ms: 15000 }, en)).toBe(
      'No full answer after 15,000 ms',
    );
    expect(deliveryState({ status: 'failed' }, fr).label).toBe('Échec');
    expect(attemptOutcome({ status_code: null, error_code: 'timeout', latency_ms: 15000 }, fr, 'fr')).toBe(
      'Pas de réponse complète après 15\u202f000 ms',
    );
  });
});
