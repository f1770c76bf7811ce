import { intlLocale } from '@accessplus/i18n';
import { formatDateTime } from '$lib/format';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { throwFailure } from '$lib/server/load';
import { requireStaff } from '$lib/server/staff';
import { organizersHref, planName, stripeAccountLabel, subscriptionLabel } from '$lib/staff';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireStaff(locals, url);
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const search = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const cursor = url.searchParams.get('cursor') || undefined;
  const result = await apiResult(
    adminApi(fetch, { token }).GET('/v1/staff/organizers', {
      params: { query: { q: search || undefined, cursor, limit: PAGE_SIZE } },
    }),
  );
  if (!result.ok) {
    // A cursor from an old address: say so and offer the first page rather than an error page.
    if (result.failure.status === 400) {
      return { search, notice: result.failure.message, organizers: [], moreHref: null, firstPageHref: '/staff' };
    }
    throwFailure(result.failure, url);
  }
  return {
    search,
    notice: null,
    organizers: result.data.data.map((organizer) => ({
      id: organizer.id,
      name: organizer.name,
      slug: organizer.slug,
      suspended: organizer.status === 'suspended',
      owners: organizer.owners.map((owner) => owner.email),
      plan: planName(organizer.plan),
      override: organizer.override ? planName(organizer.override.plan) : null,
      subscription: subscriptionLabel(organizer.subscription, t),
      stripe: stripeAccountLabel(organizer.stripe_account, t),
      held: organizer.payouts.held,
      waiting: organizer.payouts.waiting,
      createdAt: organizer.created_at,
      created: formatDateTime(organizer.created_at, undefined, locale),
    })),
    moreHref: result.data.next_cursor ? organizersHref(search, result.data.next_cursor) : null,
    firstPageHref: cursor ? organizersHref(search) : null,
  };
};
