import { fail, redirect } from '@sveltejs/kit';
import { countryChoices, countryDefaults } from '$lib/countries';
import { type FormField, fieldMessages } from '$lib/form-errors';
import { languageChoices } from '$lib/languages';
import { adminApi, apiResult } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const DEFAULT_COUNTRY = 'US';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.auth.status === 'signed_in') redirect(303, '/');
  return {
    countries: countryChoices(),
    defaults: countryDefaults(DEFAULT_COUNTRY),
    languages: languageChoices(),
  };
};

const FIELDS: Record<string, FormField> = {
  email: { input: 'email', label: 'Email address' },
  password: { input: 'password', label: 'Password' },
  display_name: { input: 'name', label: 'Your name' },
  'organizer.name': { input: 'organization', label: "Your organization's name" },
  'organizer.slug': { input: 'slug', label: 'Site address' },
  'organizer.currency': { input: 'country', label: 'Currency' },
  'organizer.time_zone': { input: 'time_zone', label: 'Time zone' },
  'organizer.locales': { input: 'languages', label: 'Languages' },
  'organizer.default_locale': { input: 'languages', label: 'Main language' },
};

export const actions: Actions = {
  default: async ({ request, fetch, getClientAddress }) => {
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const country = text('country') || DEFAULT_COUNTRY;
    const defaults = countryDefaults(country);
    const chosenZone = text('time_zone');
    const languages = form.getAll('languages').map(String).filter(Boolean);
    const values = {
      organization: text('organization'),
      slug: text('slug').toLowerCase(),
      name: text('name'),
      email: text('email'),
      country,
      time_zone: defaults.timeZones.some((zone) => zone.value === chosenZone) ? chosenZone : defaults.timeZone,
      languages: languages.length > 0 ? languages : defaults.languages,
    };

    const missing: Record<string, string> = {};
    if (!values.organization) missing.organization = "Enter your organization's name.";
    if (!values.slug) missing.slug = 'Choose the address of your ticket site.';
    if (!values.name) missing.name = 'Enter your name.';
    if (!values.email) missing.email = 'Enter your email address.';
    if (!String(form.get('password') ?? '')) missing.password = 'Choose a password of at least 10 characters.';
    if (Object.keys(missing).length > 0) {
      return fail(400, {
        values,
        defaults,
        errors: missing,
        message: 'Some details are missing. Check the fields marked below.',
      });
    }

    const api = adminApi(fetch, { clientAddress: getClientAddress() });
    const result = await apiResult(
      api.POST('/v1/auth/sign-up', {
        body: {
          email: values.email,
          password: String(form.get('password')),
          display_name: values.name,
          organizer: {
            name: values.organization,
            slug: values.slug,
            currency: defaults.currency,
            time_zone: values.time_zone,
            locales: values.languages,
            default_locale: values.languages[0],
          },
        },
      }),
    );

    if (!result.ok) {
      const errors = fieldMessages(result.failure.details, FIELDS);
      return fail(result.failure.status, { values, defaults, errors, message: result.failure.message });
    }
    return { sent: result.data.message, email: values.email };
  },
};
