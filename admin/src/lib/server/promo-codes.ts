import { intlLocale } from '@accessplus/i18n';
import type { AccessPlusClient } from '@accessplus/sdk';
import { pickText } from '../events';
import { formatDate, formatMoney } from '../format';
import { messagesFor } from '../messages';
import type { EventTiers } from '../promo-codes';
import { apiResult } from './api';

/**
 * The organizer's events and their tiers, for choosing the tickets a code applies to. Soonest
 * first, as the API lists them; an organizer with more than a hundred events sees the first hundred.
 * `preferred`: the languages to pick event titles in; `locale`: the admin's language.
 */
export async function tierChoices(
  api: AccessPlusClient,
  preferred: readonly string[],
  locale: string,
): Promise<EventTiers[]> {
  const t = messagesFor(locale);
  const intl = intlLocale(locale);
  const events = await apiResult(api.GET('/v1/events', { params: { query: { limit: 100 } } }));
  if (!events.ok) return [];
  return events.data.data
    .filter((event) => event.tiers.length > 0)
    .map((event) => ({
      id: event.id,
      title: pickText(event.title, preferred) || t.integrations_promoAnEvent,
      date: formatDate(event.starts_at, event.time_zone, intl),
      tiers: [...event.tiers]
        .sort((a, b) => a.position - b.position)
        .map((tier) => ({
          id: tier.id,
          name: pickText(tier.name, preferred) || t.integrations_promoATier,
          price: tier.price_cents === 0 ? t.integrations_promoFree : formatMoney(tier.price_cents, tier.currency, intl),
        })),
    }));
}
