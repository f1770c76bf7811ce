import { describe, expect, it } from 'vitest';
import type { WebhookEventType } from './api-types';
import { chosenEventTypes } from './webhooks';

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
