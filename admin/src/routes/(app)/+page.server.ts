import { intlLocale } from '@accessplus/i18n';
import type { AccessPlusClient } from '@accessplus/sdk';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Event } from '$lib/api-types';
import { type ChecklistStep, gettingStarted } from '$lib/checklist';
import { eventSales, formatEventStart, pickText, statusLabel } from '$lib/events';
import { preferredLocales } from '$lib/locales';
import { type Messages, messagesFor } from '$lib/messages';
import { can } from '$lib/roles';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession, signInPath } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { session, token } = requireSession(locals, url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const api = adminApi(fetch, { token });
  const result = await apiResult(api.GET('/v1/events', { params: { query: { cursor, limit: PAGE_SIZE } } }));
  if (!result.ok) {
    const { status, message } = result.failure;
    if (status === 401) redirect(303, signInPath(url));
    // 403: the session acts for no organizer; the API says what to do about it.
    if (status === 403) {
      return {
        session,
        role: null,
        events: [],
        notice: message,
        moreHref: null,
        firstPageHref: null,
        deleted: false,
        checklist: null,
      };
    }
    error(status >= 500 ? 503 : status, message);
  }

  const preferred = preferredLocales(request.headers.get('accept-language'));
  const role = memberRole(session);
  const t = messagesFor(locals.locale);
  return {
    session,
    role,
    notice: null,
    deleted: url.searchParams.has('deleted'),
    checklist: can(role, 'changeSettings') && !cursor ? await checklist(api, result.data.data, t) : null,
    events: result.data.data.map((event) => ({
      id: event.id,
      title: pickText(event.title, preferred) || t.events_untitledEvent,
      status: statusLabel(event.status, t),
      startsAt: event.starts_at,
      when: formatEventStart(event.starts_at, event.time_zone, intlLocale(locals.locale)),
      place: [event.venue_name, event.city, event.state].filter(Boolean).join(', '),
      sales: eventSales(event.tiers, preferred),
    })),
    moreHref: result.data.next_cursor ? `/?cursor=${encodeURIComponent(result.data.next_cursor)}` : null,
    firstPageHref: cursor ? '/' : null,
  };
};

/**
 * The getting-started steps, each ticked from the organizer's own data; null once all are done,
 * so the list leaves the home page when it has served its purpose.
 */
async function checklist(
  api: AccessPlusClient,
  firstPage: readonly Event[],
  t: Messages,
): Promise<ChecklistStep[] | null> {
  const [published, payouts, settings, members] = await Promise.all([
    apiResult(api.GET('/v1/events', { params: { query: { status: 'published', limit: 1 } } })),
    apiResult(api.GET('/v1/organizer/payout-account')),
    apiResult(api.GET('/v1/organizer/checkout-settings')),
    apiResult(api.GET('/v1/organizer/members')),
  ]);
  const steps = gettingStarted(
    {
      hasEvent: firstPage.length > 0,
      hasPublished: published.ok && published.data.data.length > 0,
      draftId: firstPage.find((event) => event.status === 'draft')?.id ?? null,
      payoutsReady: payouts.ok && (payouts.data.payouts_enabled || payouts.data.details_submitted),
      payoutsByStripe: payouts.ok && payouts.data.billing_available,
      feesSet: settings.ok && settings.data.updated_at !== null,
      teamInvited: members.ok && members.data.data.length > 1,
    },
    t,
  );
  return steps.every((step) => step.done) ? null : steps;
}

export const actions: Actions = {
  resendVerification: async ({ locals, url, fetch }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(adminApi(fetch, { token }).POST('/v1/auth/email-verification'));
    if (!result.ok) return fail(result.failure.status, { message: result.failure.message });
    return { sent: result.data.message };
  },
};
