import { fail } from '@sveltejs/kit';
import { type FormField, type Rewrite, refusal } from '$lib/form-errors';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import { SOCIAL_NETWORKS } from '$lib/social-networks';
import type { Actions } from './$types';

/** The API's fields and the form's inputs. */
const FIELDS: Record<string, FormField> = {
  name: { input: 'name', label: 'Name' },
  contact_email: { input: 'contact_email', label: 'Contact email' },
  locales: { input: 'locales', label: 'Languages' },
  default_locale: { input: 'default_locale', label: 'Default language' },
  time_zone: { input: 'time_zone', label: 'Time zone' },
  currency: { input: 'currency', label: 'Currency' },
  platform_branding: { input: 'platform_branding', label: '"Tickets by Access Plus"' },
  about: { input: 'about', label: 'About' },
  contact_phone: { input: 'contact_phone', label: 'Phone' },
  address_line: { input: 'address_line', label: 'Street address' },
  city: { input: 'city', label: 'City' },
  state: { input: 'state', label: 'State' },
  postal_code: { input: 'postal_code', label: 'ZIP code' },
  website_url: { input: 'website_url', label: 'Website' },
  ...Object.fromEntries(
    SOCIAL_NETWORKS.map(({ key, name }) => [`social_links.${key}`, { input: `social_${key}`, label: name }]),
  ),
};

const REWRITES: Rewrite[] = [
  [/^must be a valid email$/, 'must be an email address, like tickets@example.org'],
  [/^must have at least 1 items$/, 'Tick at least one language.'],
  [/^The default locale must be one of the organizer's locales\.$/, 'Choose a default language among the ones ticked.'],
];

export const actions: Actions = {
  save: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
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
      social_links: Object.fromEntries(SOCIAL_NETWORKS.map(({ key }) => [key, text(`social_${key}`)])) as Record<
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
          social_links: Object.fromEntries(SOCIAL_NETWORKS.map(({ key }) => [key, values.social_links[key] || null])),
        },
      }),
    );
    if (!result.ok) {
      const fields = {
        ...FIELDS,
        ...Object.fromEntries(
          values.locales.map((locale) => [`about.${locale}`, { input: `about_${locale}`, label: 'About' }]),
        ),
      };
      return fail(result.failure.status, { values, ...refusal(result.failure, fields, { rewrites: REWRITES }) });
    }
    return { saved: true };
  },
};
