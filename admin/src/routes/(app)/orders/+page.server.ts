import { intlLocale } from '@accessplus/i18n';
import { fail } from '@sveltejs/kit';
import { pickText } from '$lib/events';
import { formatDateTime, formatMoney } from '$lib/format';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { orderFilters, orderStatusLabel, ordersHref } from '$lib/orders';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { formFormat, startExport } from '$lib/server/exports';
import { throwFailure } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { token } = requireSession(locals, url);
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const filters = orderFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const api = adminApi(fetch, { token });
  const [orders, events] = await Promise.all([
    apiResult(
      api.GET('/v1/orders', {
        params: { query: { ...filters, cursor, limit: PAGE_SIZE, order: 'newest_first' } },
      }),
    ),
    apiResult(api.GET('/v1/events', { params: { query: { limit: 100 } } })),
  ]);
  const preferred = preferredLocales(request.headers.get('accept-language'));
  const eventList = events.ok
    ? events.data.data.map((event) => ({
        id: event.id,
        title: pickText(event.title, preferred),
        timeZone: event.time_zone,
      }))
    : [];
  const base = { filters, events: eventList, firstPageHref: cursor ? ordersHref(filters) : null };
  if (!orders.ok) {
    // 403: this role may not see orders (check-in staff); say so on the page, as the API words it.
    if (orders.failure.status === 403 || orders.failure.status === 400) {
      return { ...base, notice: orders.failure.message, orders: [], moreHref: null };
    }
    throwFailure(orders.failure, url);
  }
  const titles = new Map(eventList.map((event) => [event.id, event]));
  return {
    ...base,
    notice: null,
    orders: orders.data.data.map((order) => {
      const eventIds = [...new Set(order.lines.map((line) => line.event_id).filter((id): id is string => !!id))];
      const first = eventIds[0] ? titles.get(eventIds[0]) : undefined;
      return {
        id: order.id,
        number: order.number,
        buyer: order.buyer,
        status: orderStatusLabel(order.status, t),
        testMode: order.test_mode,
        total: formatMoney(order.total_cents, order.currency, locale),
        refunded: order.refunded_cents > 0 ? formatMoney(order.refunded_cents, order.currency, locale) : null,
        tickets: order.lines.filter((line) => line.kind === 'ticket').reduce((sum, line) => sum + line.quantity, 0),
        events: eventIds.map((id) => titles.get(id)?.title ?? t.sales_anEvent),
        createdAt: order.created_at,
        created: formatDateTime(order.created_at, first?.timeZone, locale),
      };
    }),
    moreHref: orders.data.next_cursor ? ordersHref(filters, orders.data.next_cursor) : null,
  };
};

export const actions: Actions = {
  /** The orders of the event the list is narrowed to, or every order, as a file written in the background. */
  export: async (event) => {
    const form = await event.request.formData();
    const format = formFormat(form);
    if (!format) return fail(400, { exportError: messagesFor(event.locals.locale).exports_chooseFormat });
    const { event_id } = orderFilters(new URLSearchParams({ event_id: String(form.get('event_id') ?? '') }));
    return startExport(event, { kind: 'orders', format, ...(event_id ? { event_id } : {}) });
  },
};
