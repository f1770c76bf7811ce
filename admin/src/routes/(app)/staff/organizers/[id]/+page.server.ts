import { error, fail, redirect } from '@sveltejs/kit';
import { pickText } from '$lib/events';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { required } from '$lib/server/load';
import { requireStaff } from '$lib/server/staff';
import { PLANS, type Plan, parseDollars, payoutActions } from '$lib/staff';
import type { Actions, PageServerLoad } from './$types';

const REVIEWS = ['hold', 'release', 'paid'] as const;
type Review = (typeof REVIEWS)[number];

export const load: PageServerLoad = async ({ locals, url, fetch, params, request }) => {
  const api = staffApi({ locals, url, fetch });
  const path = { organizer_id: params.id };
  const [detail, payouts] = await Promise.all([
    apiResult(api.GET('/v1/staff/organizers/{organizer_id}', { params: { path } })),
    apiResult(api.GET('/v1/staff/organizers/{organizer_id}/payouts', { params: { path } })),
  ]);
  // Not an organizer id at all: as good as an unknown one.
  if (!detail.ok && detail.failure.status === 400) error(404, messagesFor(locals.locale).staff_organizerNotFound);
  const organizer = required(detail, url);
  const payoutList = required(payouts, url).data;
  const preferred = preferredLocales(request.headers.get('accept-language'));
  const events = Object.fromEntries(
    organizer.payout_events.map((event) => [
      event.id,
      { title: pickText(event.title, preferred), endsAt: event.ends_at },
    ]),
  );

  const kind = url.searchParams.get('review') as Review | null;
  const reviewed = payoutList.find((payout) => payout.id === url.searchParams.get('payout'));
  const allowed = reviewed ? payoutActions(reviewed) : null;
  const review =
    kind && reviewed && allowed && REVIEWS.includes(kind)
      ? (kind === 'hold' && allowed.hold) ||
        (kind === 'release' && allowed.release) ||
        (kind === 'paid' && allowed.recordPaid)
        ? { kind, payout: reviewed }
        : null
      : null;
  return { organizer, payouts: payoutList, events, review, done: url.searchParams.get('done') };
};

/** The API as the signed-in member of platform staff. */
function staffApi({ locals, url, fetch }: { locals: App.Locals; url: URL; fetch: typeof globalThis.fetch }) {
  return adminApi(fetch, { token: requireStaff(locals, url).token });
}

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  /** Puts the organizer on a plan whatever it pays, with the reason. */
  setPlan: async ({ locals, url, fetch, params, request }) => {
    const api = staffApi({ locals, url, fetch });
    const form = await request.formData();
    const plan = field(form, 'plan') as Plan;
    const reason = field(form, 'reason');
    const t = messagesFor(locals.locale);
    if (!PLANS.includes(plan)) return fail(400, { action: 'setPlan', message: t.staff_choosePlan, reason });
    if (!reason) return fail(400, { action: 'setPlan', message: t.staff_sayWhyPlan, reason });
    const result = await apiResult(
      api.PUT('/v1/staff/organizers/{organizer_id}/plan', {
        params: { path: { organizer_id: params.id } },
        body: { plan, reason: reason.slice(0, 500) },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'setPlan', message: result.failure.message, reason });
    redirect(303, `/staff/organizers/${params.id}?done=plan`);
  },

  /** Lets the subscription decide the plan again. */
  clearPlan: async ({ locals, url, fetch, params, request }) => {
    const api = staffApi({ locals, url, fetch });
    const form = await request.formData();
    const reason = field(form, 'reason');
    if (!reason) {
      return fail(400, { action: 'clearPlan', message: messagesFor(locals.locale).staff_sayWhyClear, reason });
    }
    const result = await apiResult(
      api.PUT('/v1/staff/organizers/{organizer_id}/plan', {
        params: { path: { organizer_id: params.id } },
        body: { plan: null, reason: reason.slice(0, 500) },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'clearPlan', message: result.failure.message, reason });
    redirect(303, `/staff/organizers/${params.id}?done=plan-cleared`);
  },

  /** A Stripe Checkout page at the agreed monthly price, for staff to send to the organizer. */
  offerEnterprise: async ({ locals, url, fetch, params, request }) => {
    const api = staffApi({ locals, url, fetch });
    const form = await request.formData();
    const price = field(form, 'monthly_price');
    const cents = parseDollars(price);
    if (cents === null || cents < 100) {
      return fail(400, {
        action: 'offerEnterprise',
        message: messagesFor(locals.locale).staff_enterMonthlyPrice,
        price,
      });
    }
    const result = await apiResult(
      api.POST('/v1/staff/organizers/{organizer_id}/enterprise-subscription', {
        params: { path: { organizer_id: params.id } },
        body: {
          monthly_amount_cents: cents,
          success_url: `${url.origin}/plan?checkout=done`,
          cancel_url: `${url.origin}/plan?checkout=cancelled`,
        },
      }),
    );
    if (!result.ok) {
      return fail(result.failure.status, { action: 'offerEnterprise', message: result.failure.message, price });
    }
    return { action: 'offerEnterprise', checkoutUrl: result.data.url, price };
  },

  hold: async ({ locals, url, fetch, params, request }) => {
    const api = staffApi({ locals, url, fetch });
    const form = await request.formData();
    const payoutId = field(form, 'payout_id');
    const reason = field(form, 'reason');
    if (!reason) {
      return fail(400, { action: 'hold', payoutId, message: messagesFor(locals.locale).staff_sayWhyHold, reason });
    }
    const result = await apiResult(
      api.POST('/v1/staff/organizers/{organizer_id}/payouts/{payout_id}/hold', {
        params: { path: { organizer_id: params.id, payout_id: payoutId } },
        body: { reason: reason.slice(0, 500) },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'hold', payoutId, message: result.failure.message, reason });
    redirect(303, `/staff/organizers/${params.id}?done=held`);
  },

  release: async ({ locals, url, fetch, params, request }) => {
    const payoutId = field(await request.formData(), 'payout_id');
    const result = await apiResult(
      staffApi({ locals, url, fetch }).POST('/v1/staff/organizers/{organizer_id}/payouts/{payout_id}/release', {
        params: { path: { organizer_id: params.id, payout_id: payoutId } },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'release', payoutId, message: result.failure.message });
    redirect(303, `/staff/organizers/${params.id}?done=released`);
  },

  /** Records a manual payout as paid by hand, under its bank transfer or check reference. */
  paid: async ({ locals, url, fetch, params, request }) => {
    const api = staffApi({ locals, url, fetch });
    const form = await request.formData();
    const payoutId = field(form, 'payout_id');
    const reference = field(form, 'reference');
    if (!reference) {
      return fail(400, {
        action: 'paid',
        payoutId,
        message: messagesFor(locals.locale).staff_enterReference,
        reference,
      });
    }
    const result = await apiResult(
      api.POST('/v1/staff/organizers/{organizer_id}/payouts/{payout_id}/paid', {
        params: { path: { organizer_id: params.id, payout_id: payoutId } },
        body: { reference: reference.slice(0, 200) },
      }),
    );
    if (!result.ok) {
      return fail(result.failure.status, { action: 'paid', payoutId, message: result.failure.message, reference });
    }
    redirect(303, `/staff/organizers/${params.id}?done=paid`);
  },
};
