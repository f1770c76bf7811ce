import type { PayeeInput } from '$lib/api-types';
import type { FormField } from '$lib/form-errors';
import type { Messages } from '$lib/messages';

/** What the payee form holds, as typed (never the number). */
export interface PayeeValues {
  name: string;
  business_name: string;
  email: string;
  tin_kind: '' | 'ssn' | 'ein';
  address_line1: string;
  address_line2: string;
  city: string;
  state: string;
  postal_code: string;
}

export const emptyPayee: PayeeValues = {
  name: '',
  business_name: '',
  email: '',
  tin_kind: '',
  address_line1: '',
  address_line2: '',
  city: '',
  state: '',
  postal_code: '',
};

/** The form's values and the request body: empty optional fields are left out, as the API takes them. */
export function readPayee(form: FormData): { values: PayeeValues; body: PayeeInput } {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const kind = text('tin_kind');
  const values: PayeeValues = {
    name: text('name'),
    business_name: text('business_name'),
    email: text('email'),
    tin_kind: kind === 'ssn' || kind === 'ein' ? kind : '',
    address_line1: text('address_line1'),
    address_line2: text('address_line2'),
    city: text('city'),
    // State codes are capitals; people type them any way.
    state: text('state').toUpperCase(),
    postal_code: text('postal_code'),
  };
  const tin = text('tin');
  const body: PayeeInput = { name: values.name };
  for (const key of [
    'business_name',
    'email',
    'address_line1',
    'address_line2',
    'city',
    'state',
    'postal_code',
  ] as const) {
    if (values[key]) body[key] = values[key];
  }
  if (values.tin_kind) body.tin_kind = values.tin_kind;
  if (tin) body.tin = tin;
  return { values, body };
}

export function payeeFields(t: Messages): Record<string, FormField> {
  const format = /^has a format that is not accepted$/;
  return {
    name: { input: 'name', label: t.tax_payeeName },
    business_name: { input: 'business_name', label: t.tax_businessName },
    email: { input: 'email', label: t.tax_email, rewrites: [[/^must be a valid email$/, t.tax_emailInvalid]] },
    tin_kind: { input: 'tin_kind', label: t.tax_tinKind },
    tin: { input: 'tin', label: t.tax_tin, rewrites: [[format, t.tax_tinFormat]] },
    address_line1: { input: 'address_line1', label: t.tax_address1 },
    address_line2: { input: 'address_line2', label: t.tax_address2 },
    city: { input: 'city', label: t.tax_city },
    state: { input: 'state', label: t.tax_state, rewrites: [[format, t.tax_stateInvalid]] },
    postal_code: { input: 'postal_code', label: t.tax_zip, rewrites: [[format, t.tax_zipInvalid]] },
  };
}
