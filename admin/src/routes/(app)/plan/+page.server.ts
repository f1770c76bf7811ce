import { fail } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import { toStripe } from '$lib/server/stripe-redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { session, token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const [billing, organizer] = await Promise.all([
    apiResult(api.GET('/v1/organizer/billing')),
    apiResult(api.GET('/v1/organizer')),
  ]);
  const { platform_branding: platformBranding, time_zone: timeZone } = required(organizer, url);
  const checkout = url.searchParams.get('checkout');
  return {
    role: memberRole(session),
    billing: required(billing, url),
    platformBranding,
    timeZone,
    // Where Stripe Checkout sent the owner back: paid (the plan follows Stripe's webhooks) or not.
    checkout: checkout === 'done' || checkout === 'cancelled' ? checkout : null,
  };
};

export const actions: Actions = {
  /** Sends the owner to Stripe Checkout for Pro; the plan changes once Stripe confirms it. */
  upgrade: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/billing/checkout-sessions', {
        body: {
          plan: 'pro',
          success_url: `${url.origin}/plan?checkout=done`,
          cancel_url: `${url.origin}/plan?checkout=cancelled`,
        },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'upgrade', message: result.failure.message });
    return { action: 'upgrade', ...toStripe(request, result.data.url) };
  },

  /** Sends the owner to Stripe's billing portal: card, invoices, cancelling. */
  manage: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/organizer/billing/portal-sessions', {
        body: { return_url: `${url.origin}/plan` },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'manage', message: result.failure.message });
    return { action: 'manage', ...toStripe(request, result.data.url) };
  },

  /** Shows or hides "Tickets by Access Plus" on the storefront; hiding needs a plan that allows it. */
  branding: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const show = form.get('platform_branding') === 'show';
    const result = await apiResult(
      adminApi(fetch, { token }).PATCH('/v1/organizer', { body: { platform_branding: show } }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'branding', message: result.failure.message });
    const t = messagesFor(locals.locale);
    return {
      action: 'branding',
      saved: result.data.platform_branding ? t.staff_brandingSavedShown : t.staff_brandingSavedHidden,
    };
  },
};
