import { DATE_PRESETS, dateWindow, isoDate } from '$lib/date-filters';
import { hrefWith } from '$lib/links';
import { localized } from '$lib/locale';
import { messagesFor } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { catalogFailure, requireOrganizer } from '$lib/server/tenant';
import { renderedHero, themeIn, themeOf } from '$lib/server/theme';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 12;

/** The "up to" amounts the price filter offers, in the organizer's currency's major units. */
const PRICE_LIMITS = [10, 25, 50, 100] as const;

/** `free`, `upto-<amount>` of PRICE_LIMITS, or none; the catalog takes cents. */
function priceFilter(value: string): { price_max?: number } {
  if (value === 'free') return { price_max: 0 };
  const amount = Number(/^upto-(\d+)$/.exec(value)?.[1]);
  return PRICE_LIMITS.some((limit) => limit === amount) ? { price_max: amount * 100 } : {};
}

export const load: PageServerLoad = async (request) => {
  const { locals, url } = request;
  const organizer = requireOrganizer(locals);
  const filters = {
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 200),
    category: url.searchParams.get('category') ?? '',
    language: url.searchParams.get('language') ?? '',
    when: DATE_PRESETS.find((preset) => preset === url.searchParams.get('when')) ?? '',
    from: isoDate(url.searchParams.get('from')) ?? '',
    to: isoDate(url.searchParams.get('to')) ?? '',
    city: (url.searchParams.get('city') ?? '').trim().slice(0, 100),
    state: (url.searchParams.get('state') ?? '').trim().slice(0, 100),
    price: url.searchParams.get('price') ?? '',
  };
  filters.price = 'price_max' in priceFilter(filters.price) ? filters.price : '';
  const cursor = url.searchParams.get('cursor') || undefined;

  const api = storefrontApi(request);
  const [events, categories] = await Promise.all([
    api.searchCatalog({
      params: {
        query: {
          organizer: organizer.slug,
          // A filter left empty is no filter: the API takes no empty values.
          q: filters.q || undefined,
          category: filters.category || undefined,
          language: filters.language || undefined,
          ...dateWindow(filters, organizer.time_zone),
          city: filters.city || undefined,
          state: filters.state || undefined,
          ...priceFilter(filters.price),
          cursor,
          limit: PAGE_SIZE,
        },
      },
    }),
    api.listCategories(),
  ]).catch((cause) => catalogFailure(cause, locals.locale, messagesFor(locals.locale).pageNotFound));

  const preferred = [locals.locale, organizer.default_locale];
  const theme = themeIn(await themeOf(request, organizer));
  return {
    events: events.data,
    // The theme's hero sees the page's events (the first page of them), as the list below does.
    themeHero: renderedHero(theme, organizer, locals.locale, events.data),
    moreHref: events.next_cursor ? hrefWith(url, { cursor: events.next_cursor, lang: null }) : null,
    firstPageHref: cursor ? hrefWith(url, { cursor: null, lang: null }) : null,
    filters,
    filtered: Object.values(filters).some(Boolean),
    priceLimits: PRICE_LIMITS,
    categories: categories.data
      .map((category) => ({ id: category.id, name: localized(category.names, preferred)?.text ?? category.id }))
      .sort((a, b) => a.name.localeCompare(b.name, locals.locale)),
  };
};
