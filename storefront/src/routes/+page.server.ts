import { hrefWith } from '$lib/links';
import { localized } from '$lib/locale';
import { messagesFor } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { catalogFailure, requireOrganizer } from '$lib/server/tenant';
import { renderedHero, themeIn, themeOf } from '$lib/server/theme';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 12;

export const load: PageServerLoad = async (request) => {
  const { locals, url } = request;
  const organizer = requireOrganizer(locals);
  const filters = {
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 200),
    category: url.searchParams.get('category') ?? '',
    language: url.searchParams.get('language') ?? '',
  };
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
    categories: categories.data
      .map((category) => ({ id: category.id, name: localized(category.names, preferred)?.text ?? category.id }))
      .sort((a, b) => a.name.localeCompare(b.name, locals.locale)),
  };
};
