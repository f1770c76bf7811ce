import { fail } from '@sveltejs/kit';
import { type FormField, type Rewrite, refusal } from '$lib/form-errors';
import { type Messages, messagesFor } from '$lib/messages';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import { socialNetworks } from '$lib/social-networks';
import type { Actions } from './$types';

/** The API's fields and the form's inputs, and the form's words for the API's sentences. */
function fieldsOf(t: Messages): Record<string, FormField> {
  return {
    name: { input: 'name', label: t.settings_profileName },
    contact_email: {
      input: 'contact_email',
      label: t.settings_profileContactEmail,
      rewrites: [[/^must be a valid email$/, t.settings_profileContactEmailInvalid]],
    },
    locales: { input: 'locales', label: t.settings_profileLanguages },
    default_locale: { input: 'default_locale', label: t.settings_profileDefaultLanguage },
    time_zone: { input: 'time_zone', label: t.settings_profileTimeZone },
    currency: { input: 'currency', label: t.settings_profileCurrency },
    platform_branding: { input: 'platform_branding', label: t.settings_profilePlatformBranding },
    about: { input: 'about', label: t.settings_profileAbout },
    contact_phone: { input: 'contact_phone', label: t.settings_profilePhone },
    address_line: { input: 'address_line', label: t.settings_profileStreetAddress },
    city: { input: 'city', label: t.settings_profileCity },
    state: { input: 'state', label: t.settings_profileState },
    postal_code: { input: 'postal_code', label: t.settings_profileZipCode },
    website_url: { input: 'website_url', label: t.settings_profileWebsite },
    ...Object.fromEntries(
      socialNetworks(t).map(({ key, name }) => [`social_links.${key}`, { input: `social_${key}`, label: name }]),
    ),
  };
}

function rewritesOf(t: Messages): Rewrite[] {
  return [
    [/^must have at least 1 items$/, t.settings_profileTickLanguage],
    [/^The default locale must be one of the organizer's locales\.$/, t.settings_profileDefaultAmongTicked],
  ];
}

export const actions: Actions = {
  save: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const networks = socialNetworks(t);
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const values = {
      name: text('name'),
      contact_email: text('contact_email'),
      locales: form.getAll('locales').map(String),
      default_locale: text('default_locale'),
      time_zone: text('time_zone'),
      currency: text('currency'),
      platform_branding: form.get('platform_branding') === 'show',
      about: Object.fromEntries(
        form
          .getAll('locales')
          .map(String)
          .map((locale) => [locale, String(form.get(`about_${locale}`) ?? '')]),
      ) as Record<string, string>,
      contact_phone: text('contact_phone'),
      address_line: text('address_line'),
      city: text('city'),
      state: text('state'),
      postal_code: text('postal_code'),
      website_url: text('website_url'),
      social_links: Object.fromEntries(networks.map(({ key }) => [key, text(`social_${key}`)])) as Record<
        string,
        string
      >,
    };
    // Hiding "Tickets by Access Plus" is for plans that allow it: the form offers it only then.
    const organizer = required(await apiResult(api.GET('/v1/organizer')), url);
    const mayHide = organizer.features.includes('remove_branding');
    const result = await apiResult(
      api.PATCH('/v1/organizer', {
        body: {
          name: values.name,
          contact_email: values.contact_email || null,
          locales: values.locales,
          default_locale: values.default_locale,
          time_zone: values.time_zone,
          currency: values.currency,
          ...(mayHide ? { platform_branding: values.platform_branding } : {}),
          about: Object.fromEntries(Object.entries(values.about).filter(([, about]) => about.trim())),
          contact_phone: values.contact_phone || null,
          address_line: values.address_line || null,
          city: values.city || null,
          state: values.state || null,
          postal_code: values.postal_code || null,
          website_url: values.website_url || null,
          social_links: Object.fromEntries(networks.map(({ key }) => [key, values.social_links[key] || null])),
        },
      }),
    );
    if (!result.ok) {
      const fields = {
        ...fieldsOf(t),
        ...Object.fromEntries(
          values.locales.map((locale) => [
            `about.${locale}`,
            { input: `about_${locale}`, label: t.settings_profileAbout },
          ]),
        ),
      };
      return fail(result.failure.status, { values, ...refusal(result.failure, fields, { rewrites: rewritesOf(t) }) });
    }
    return { saved: true };
  },
};
