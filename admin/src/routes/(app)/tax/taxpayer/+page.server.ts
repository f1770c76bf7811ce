import { fail } from '@sveltejs/kit';
import type { TaxClassification, TinKind } from '$lib/api-types';
import { type FormField, refusal } from '$lib/form-errors';
import { type Messages, messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import { TAX_CLASSIFICATIONS } from '$lib/tax';
import type { Actions, PageServerLoad } from './$types';

function fieldsOf(t: Messages): Record<string, FormField> {
  const format = /^has a format that is not accepted$/;
  return {
    legal_name: { input: 'legal_name', label: t.tax_legalName },
    business_name: { input: 'business_name', label: t.tax_businessName },
    tax_classification: { input: 'tax_classification', label: t.tax_classification },
    exempt_payee_code: {
      input: 'exempt_payee_code',
      label: t.tax_exemptCode,
      rewrites: [[format, t.tax_exemptCodeInvalid]],
    },
    tin_kind: { input: 'tin_kind', label: t.tax_tinKind },
    tin: { input: 'tin', label: t.tax_tin, rewrites: [[format, t.tax_tinFormat]] },
    address_line1: { input: 'address_line1', label: t.tax_address1 },
    address_line2: { input: 'address_line2', label: t.tax_address2 },
    city: { input: 'city', label: t.tax_city },
    state: { input: 'state', label: t.tax_state, rewrites: [[format, t.tax_stateInvalid]] },
    postal_code: { input: 'postal_code', label: t.tax_zip, rewrites: [[format, t.tax_zipInvalid]] },
    certify: {
      input: 'certify',
      label: t.tax_certifyLabel,
      rewrites: [[/^is not one of the accepted values$/, t.tax_certifyNeeded]],
    },
  };
}

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const result = await apiResult(adminApi(fetch, { token }).GET('/v1/organizer/taxpayer'));
  // 404: nothing saved yet, and the form starts empty.
  if (!result.ok && result.failure.status !== 404) throwFailure(result.failure, url);
  return { taxpayer: result.ok ? result.data : null, saved: url.searchParams.has('saved') };
};

export const actions: Actions = {
  save: async ({ locals, url, fetch, request }) => {
    const { token } = requireSession(locals, url);
    const t = messagesFor(locals.locale);
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const classification = text('tax_classification');
    const values = {
      legal_name: text('legal_name'),
      business_name: text('business_name'),
      tax_classification: (TAX_CLASSIFICATIONS as readonly string[]).includes(classification)
        ? (classification as TaxClassification)
        : 'individual',
      exempt_payee_code: text('exempt_payee_code'),
      tin_kind: (text('tin_kind') === 'ein' ? 'ein' : 'ssn') as TinKind,
      address_line1: text('address_line1'),
      address_line2: text('address_line2'),
      city: text('city'),
      // State codes are capitals; people type them any way.
      state: text('state').toUpperCase(),
      postal_code: text('postal_code'),
    };
    const tin = text('tin');
    const result = await apiResult(
      adminApi(fetch, { token }).PUT('/v1/organizer/taxpayer', {
        body: {
          ...values,
          ...(tin ? { tin } : {}),
          // Without the box ticked the API refuses, and says so beside it.
          certify: (form.get('certify') === 'yes') as true,
        },
      }),
    );
    // The number typed is never sent back to the page, even after a refusal.
    if (!result.ok) return fail(result.failure.status, { values, ...refusal(result.failure, fieldsOf(t)) });
    return { saved: true, last4: result.data.tin_last4 };
  },
};
