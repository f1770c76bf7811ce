import { intlLocale } from '@accessplus/i18n';
import { formatEventStart, pickText } from '$lib/events';
import { formatMoney } from '$lib/format';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params, request }) => {
  const api = sessionApi({ locals, url, fetch });
  const preferred = preferredLocales(request.headers.get('accept-language'));
  const [eventResult, productsResult] = await Promise.all([
    apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: params.id } } })),
    apiResult(api.GET('/v1/products', { params: { query: { event_id: params.id, limit: 100 } } })),
  ]);
  const event = required(eventResult, url);
  const text = (value: Record<string, string>) => pickText(value, preferred);
  const currency = event.tiers[0]?.currency ?? 'USD';
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  return {
    event: {
      title: text(event.title),
      description: text(event.description),
      when: formatEventStart(event.starts_at, event.time_zone, locale),
      place: event.online_url
        ? t.events_previewOnline
        : [event.venue_name, event.address_line, [event.city, event.state].filter(Boolean).join(', ')]
            .filter(Boolean)
            .join(' · '),
      imageUrl: event.image_url,
      imageSrcset: event.image_srcset,
      donationsEnabled: event.donations_enabled,
      donationGoal:
        event.donation_goal_cents === null ? null : formatMoney(event.donation_goal_cents, currency, locale),
    },
    tiers: [...event.tiers]
      .filter((tier) => !tier.hidden)
      .sort((a, b) => a.position - b.position)
      .map((tier) => ({
        id: tier.id,
        name: text(tier.name),
        description: text(tier.description),
        price: tier.price_cents === 0 ? t.events_previewFree : formatMoney(tier.price_cents, tier.currency, locale),
        remaining: tier.remaining,
      })),
    addOns: required(productsResult, url)
      .data.filter((product) => product.active)
      .sort((a, b) => a.position - b.position)
      .map((product) => ({
        id: product.id,
        name: text(product.name),
        price: formatMoney(product.price_cents, product.currency, locale),
        soldOut: product.remaining === 0,
      })),
  };
};
