import { matchLocale } from '@accessplus/i18n';
import { fail, redirect } from '@sveltejs/kit';
import { fieldMessages } from '$lib/form-errors';
import { preferredLocales } from '$lib/locales';
import { ADMIN_LOCALES, messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import {
  editorContext,
  eventFields,
  type FormValues,
  readEventDetails,
  readTier,
  uploadImage,
} from '$lib/server/event-editor';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, request }) => {
  const { token } = requireSession(locals, url);
  const context = await editorContext(
    adminApi(fetch, { token }),
    url,
    preferredLocales(request.headers.get('accept-language')),
    locals.locale,
  );
  // The first ticket's name is buyers' text in the event's first language: suggested in it where
  // the admin is written in it, else in the organizer's own.
  const first = context.locales[0]?.code;
  const suggested = messagesFor((first && matchLocale(first, ADMIN_LOCALES)) || locals.locale);
  const values: FormValues = {
    time_zone: context.organizerTimeZone,
    where: 'venue',
    'tier.name': suggested.events_defaultTierName,
  };
  return { context, values };
};

export const actions: Actions = {
  default: async ({ request, locals, url, fetch }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const api = adminApi(fetch, { token });
    const t = messagesFor(locals.locale);
    const context = await editorContext(api, url, [], locals.locale);
    const locales = context.locales.map((locale) => locale.code);
    const details = readEventDetails(form, { locales, currency: context.currency, t });
    // The first tier's inputs are named `tier.*`: read them as a tier form would be.
    const tierForm = new FormData();
    for (const [name, value] of form) if (name.startsWith('tier.')) tierForm.append(name.slice(5), value);
    tierForm.set(`name.${locales[0]}`, String(form.get('tier.name') ?? ''));
    const tier = readTier(tierForm, {
      locales,
      currency: context.currency,
      timeZone: String(details.values.time_zone),
      t,
    });
    const values: FormValues = {
      ...details.values,
      'tier.name': String(form.get('tier.name') ?? ''),
      'tier.price': String(tier.values.price),
      'tier.quantity': String(tier.values.quantity),
    };
    const errors = {
      ...details.errors,
      ...Object.fromEntries(Object.entries(tier.errors).map(([name, message]) => [`tier.${name}`, message])),
    };
    if (!details.body || !tier.body) return fail(400, { values, errors, message: null });

    const image = await uploadImage(api, form.get('image'));
    if (!image.ok) return fail(image.status, { values, errors: { image: image.message }, message: image.message });

    const {
      donations_enabled: _d,
      donation_goal_cents: _g,
      waitlist_enabled: _w,
      attendee_names: _a,
      ...body
    } = details.body;
    const created = await apiResult(
      api.POST('/v1/events', {
        body: {
          ...body,
          ...(image.imageId ? { image_id: image.imageId } : {}),
          tiers: [{ ...tier.body, hidden: false }],
        },
      }),
    );
    if (!created.ok) {
      return fail(created.failure.status, {
        values,
        errors: fieldMessages(created.failure.details, eventFields(t), {
          currency: context.currency,
          locale: locals.locale,
        }),
        message: created.failure.message,
      });
    }
    redirect(303, `/events/${created.data.id}/edit?created=1`);
  },
};
