import { fail, redirect } from '@sveltejs/kit';
import { countryChoices, countryDefaults } from '$lib/countries';
import { type FormField, fieldMessages } from '$lib/form-errors';
import { languageChoices } from '$lib/languages';
import { type Messages, messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const DEFAULT_COUNTRY = 'US';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.auth.status === 'signed_in') redirect(303, '/');
  return {
    countries: countryChoices(locals.locale),
    defaults: countryDefaults(DEFAULT_COUNTRY, locals.locale),
    languages: languageChoices(locals.locale),
  };
};

/** The API's fields, each with the form's input and the words that begin the API's short messages about it. */
function fields(t: Messages): Record<string, FormField> {
  return {
    email: { input: 'email', label: t.account_emailAddress },
    password: { input: 'password', label: t.account_password },
    display_name: { input: 'name', label: t.account_yourName },
    'organizer.name': { input: 'organization', label: t.account_fieldOrganizationName },
    'organizer.slug': { input: 'slug', label: t.account_siteAddress },
    'organizer.currency': { input: 'country', label: t.account_fieldCurrency },
    'organizer.time_zone': { input: 'time_zone', label: t.account_timeZone },
    'organizer.locales': { input: 'languages', label: t.account_fieldLanguages },
    'organizer.default_locale': { input: 'languages', label: t.account_fieldMainLanguage },
  };
}

export const actions: Actions = {
  default: async ({ request, fetch, getClientAddress, locals }) => {
    const t = messagesFor(locals.locale);
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const country = text('country') || DEFAULT_COUNTRY;
    const defaults = countryDefaults(country, locals.locale);
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
    if (!values.organization) missing.organization = t.account_signUpMissingOrganization;
    if (!values.slug) missing.slug = t.account_signUpMissingSlug;
    if (!values.name) missing.name = t.account_signUpMissingName;
    if (!values.email) missing.email = t.account_signUpMissingEmail;
    if (!String(form.get('password') ?? '')) missing.password = t.account_signUpMissingPassword;
    if (Object.keys(missing).length > 0) {
      return fail(400, {
        values,
        defaults,
        errors: missing,
        message: t.account_signUpMissingSummary,
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
      const errors = fieldMessages(result.failure.details, fields(t), { locale: locals.locale });
      return fail(result.failure.status, { values, defaults, errors, message: result.failure.message });
    }
    return { sent: result.data.message, email: values.email };
  },
};
