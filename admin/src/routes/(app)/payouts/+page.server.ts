import { intlLocale } from '@accessplus/i18n';
import type { AccessPlusClient } from '@accessplus/sdk';
import { fail } from '@sveltejs/kit';
import type { ApiFailure } from '$lib/api-errors';
import type { Event, Payout } from '$lib/api-types';
import { pickText } from '$lib/events';
import { formatDate, formatMoney } from '$lib/format';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { describePayoutAccount, payoutKindLabel, payoutStatusLabel, payoutStatusNote } from '$lib/payouts';
import { type ApiResult, adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import { toStripe } from '$lib/server/stripe-redirect';
import type { Actions, PageServerLoad } from './$types';

/** The events payouts are for, by id: the first page of events, then any older one on its own. */
async function eventsOf(api: AccessPlusClient, ids: string[], preferred: readonly string[]) {
  const byId = new Map<string, { title: string; timeZone: string }>();
  const add = (event: Event) =>
    byId.set(event.id, { title: pickText(event.title, preferred), timeZone: event.time_zone });
  const listed = await apiResult(api.GET('/v1/events', { params: { query: { limit: 100 } } }));
  if (listed.ok) listed.data.data.forEach(add);
  const missing = ids.filter((id) => !byId.has(id));
  const found = await Promise.all(
    missing.map((id) => apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: id } } }))),
  );
  for (const result of found) if (result.ok) add(result.data);
  return byId;
}

/** The newest 500 payouts (the API pages them 100 at a time). */
async function newestPayouts(api: AccessPlusClient): Promise<ApiResult<{ data: Payout[] }>> {
  const payouts: Payout[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const result = await apiResult(api.GET('/v1/organizer/payouts', { params: { query: { cursor } } }));
    if (!result.ok) return result;
    payouts.push(...result.data.data);
    cursor = result.data.next_cursor ?? undefined;
    if (!cursor) break;
  }
  return { ok: true, status: 200, data: { data: payouts } };
}

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { session, token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const [account, payouts] = await Promise.all([
    apiResult(api.GET('/v1/organizer/payout-account')),
    newestPayouts(api),
  ]);
  const role = memberRole(session);
  const returned = url.searchParams.get('stripe');
  // 403: this role may not see how the organizer is paid; the API's sentence says who may.
  const refused = (failure: ApiFailure) => {
    if (failure.status !== 403) throwFailure(failure, url);
    return { role, notice: failure.message, returned, account: null, payouts: [] };
  };
  if (!account.ok) return refused(account.failure);
  if (!payouts.ok) return refused(payouts.failure);
  const preferred = preferredLocales(request.headers.get('accept-language'));
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const events = await eventsOf(api, [...new Set(payouts.data.data.map((payout) => payout.event_id))], preferred);
  return {
    role,
    notice: null,
    returned,
    account: { ...describePayoutAccount(account.data, t), connected: account.data.connected },
    payouts: payouts.data.data.map((payout) => {
      const event = events.get(payout.event_id);
      return {
        id: payout.id,
        eventId: payout.event_id,
        event: event?.title ?? t.sales_anEvent,
        kind: payoutKindLabel(payout, t, locale),
        amount: formatMoney(payout.amount_cents, payout.currency, locale),
        reserve: payout.reserve_cents > 0 ? formatMoney(payout.reserve_cents, payout.currency, locale) : null,
        status: payoutStatusLabel(payout.status, t),
        note: payoutStatusNote(payout, t),
        dueAt: payout.due_at,
        due: formatDate(payout.due_at, event?.timeZone, locale),
        paidAt: payout.paid_at,
        paid: payout.paid_at ? formatDate(payout.paid_at, event?.timeZone, locale) : null,
      };
    }),
  };
};

export const actions: Actions = {
  /** Sends the owner to Stripe's onboarding; Stripe sends them back here. */
  connect: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/payout-account/onboarding-links', {
        body: {
          return_url: `${url.origin}/payouts?stripe=returned`,
          // Stripe sends the owner here when the link has expired; the page offers a fresh one.
          refresh_url: `${url.origin}/payouts?stripe=expired`,
        },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { message: result.failure.message });
    return toStripe(request, result.data.url);
  },
};
