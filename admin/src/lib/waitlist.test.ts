import { describe, expect, it } from 'vitest';
import type { Tier, WaitlistEntry } from './api-types';
import { messagesFor } from './messages';
import { moveBody, tierLines, waitlistStatusLabel } from './waitlist';

describe('moveBody', () => {
  const line = ['a', 'b', 'c', 'd'];

  it.each([
    ['c', 2, { before_entry_id: 'b' }],
    ['c', 1, { before_entry_id: 'a' }],
    ['b', 3, { after_entry_id: 'c' }],
    ['a', 4, { after_entry_id: 'd' }],
    ['b', 99, { after_entry_id: 'd' }],
    ['d', 0, { before_entry_id: 'a' }],
  ])('moves %s to place %i', (entry, to, body) => {
    expect(moveBody(line, entry, to)).toEqual(body);
  });

  it('does nothing for the same place, an entry not waiting, or a line of one', () => {
    expect(moveBody(line, 'b', 2)).toBeNull();
    expect(moveBody(line, 'x', 1)).toBeNull();
    expect(moveBody(['a'], 'a', 1)).toBeNull();
    expect(moveBody(line, 'a', Number.NaN)).toBeNull();
  });
});

describe('tierLines', () => {
  const tier = (id: string, position: number, name: string): Tier => ({
    id,
    event_id: 'e',
    name: { en: name },
    description: {},
    sales_start_at: null,
    sales_end_at: null,
    min_per_order: 1,
    max_per_order: 10,
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z',
    deleted_at: null,
    price_cents: 2500,
    currency: 'USD',
    quantity: 10,
    sold_count: 10,
    held_count: 0,
    remaining: 0,
    hidden: false,
    waitlist_paused: position === 1,
    position,
  });
  const entry = (id: string, tierId: string, status: WaitlistEntry['status']): WaitlistEntry => ({
    id,
    event_id: 'e',
    tier_id: tierId,
    name: id,
    email: `${id}@example.org`,
    locale: 'en',
    quantity: 1,
    status,
    position_in_line: null,
    offer: null,
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z',
  });

  it('groups entries by tier in display order, waiting first in line order', () => {
    const lines = tierLines(
      [tier('vip', 1, 'VIP'), tier('ga', 0, 'General')],
      [
        entry('e1', 'ga', 'claimed'),
        entry('e2', 'ga', 'waiting'),
        entry('e3', 'vip', 'offered'),
        entry('e4', 'ga', 'waiting'),
      ],
      ['en'],
    );
    expect(lines.map((line) => [line.name, line.paused, line.entries.map((e) => e.id), line.waitingIds])).toEqual([
      ['General', false, ['e2', 'e4', 'e1'], ['e2', 'e4']],
      ['VIP', true, ['e3'], []],
    ]);
  });
});

describe('waitlistStatusLabel', () => {
  it("words each status in the page's language, and an unknown one as the API names it", () => {
    const en = messagesFor('en');
    expect(waitlistStatusLabel('claimed', en)).toBe('Bought');
    expect(waitlistStatusLabel('expired', en)).toBe('Offer lapsed');
    expect(waitlistStatusLabel('transferred', en)).toBe('transferred');
    expect(waitlistStatusLabel('waiting', messagesFor('fr'))).toBe('En attente');
    expect(waitlistStatusLabel('removed', messagesFor('pt-BR'))).toBe('Removido');
  });
});
