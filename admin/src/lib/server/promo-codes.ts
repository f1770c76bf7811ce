import type { AccessPlusClient } from '@accessplus/sdk';
import { pickText } from '../events';
import { formatDate, formatMoney } from '../format';
import type { EventTiers } from '../promo-codes';
import { apiResult } from './api';

/**
 * The organizer's events and their tiers, for choosing the tickets a code applies to. Soonest
 * first, as the API lists them; an organizer with more than a hundred events sees the first hundred.
 */
export async function tierChoices(api: AccessPlusClient, preferred: readonly string[]): Promise<EventTiers[]> {
  const events = await apiResult(api.GET('/v1/events', { params: { query: { limit: 100 } } }));
  if (!events.ok) return [];
  return events.data.data
    .filter((event) => event.tiers.length > 0)
    .map((event) => ({
      id: event.id,
      title: pickText(event.title, preferred) || 'An event',
      date: formatDate(event.starts_at, event.time_zone),
      tiers: [...event.tiers]
        .sort((a, b) => a.position - b.position)
        .map((tier) => ({
          id: tier.id,
          name: pickText(tier.name, preferred) || 'A tier',
          price: tier.price_cents === 0 ? 'Free' : formatMoney(tier.price_cents, tier.currency),
        })),
    }));
}
