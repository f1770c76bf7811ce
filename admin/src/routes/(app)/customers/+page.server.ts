import { intlLocale } from '@accessplus/i18n';
import { customersHref } from '$lib/customers';
import { formatDate, formatDateTime } from '$lib/format';
import { languageLabel } from '$lib/languages';
import { ordersHref } from '$lib/orders';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const email = url.searchParams.get('email')?.trim().slice(0, 254) || undefined;
  const cursor = url.searchParams.get('cursor') || undefined;
  const api = adminApi(fetch, { token });
  const [customers, organizer] = await Promise.all([
    apiResult(api.GET('/v1/customers', { params: { query: { email, cursor, limit: PAGE_SIZE } } })),
    apiResult(api.GET('/v1/organizer')),
  ]);
  const base = { email: email ?? '', firstPageHref: cursor ? customersHref(email) : null };
  if (!customers.ok) {
    // 403: this role may not see the organizer's buyers; the API's sentence says who may.
    if (customers.failure.status === 403 || customers.failure.status === 400) {
      return { ...base, notice: customers.failure.message, customers: [], moreHref: null };
    }
    throwFailure(customers.failure, url);
  }
  const timeZone = organizer.ok ? organizer.data.time_zone : undefined;
  const locale = intlLocale(locals.locale);
  return {
    ...base,
    notice: null,
    customers: customers.data.data.map((customer) => ({
      id: customer.id,
      name: customer.name,
      email: customer.email,
      language: languageLabel(customer.locale, locals.locale),
      createdAt: customer.created_at,
      created: formatDate(customer.created_at, timeZone, locale),
      lastSignedInAt: customer.last_signed_in_at,
      lastSignedIn: customer.last_signed_in_at ? formatDateTime(customer.last_signed_in_at, timeZone, locale) : null,
      ordersHref: ordersHref({ email: customer.email }),
    })),
    moreHref: customers.data.next_cursor ? customersHref(email, customers.data.next_cursor) : null,
  };
};
