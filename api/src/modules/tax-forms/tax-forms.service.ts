import { MANAGERS, recordedBy, requirePerson, requireRole, type TenantContext } from '../../context.ts';
import { conflict, notFound, unprocessable } from '../../lib/errors.ts';
import { dayIn } from '../../lib/i18n.ts';
import { paymentsByMonth } from '../reports/reports.service.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import * as repo from './tax-forms.repository.ts';
import type { PayeeInput, PayeePaymentInput, TaxpayerInput } from './tax-forms.schemas.ts';
import { form1099KThreshold, form1099NecThreshold, passes1099K } from './tax-forms.thresholds.ts';

const MONTH_BOXES = ['5a', '5b', '5c', '5d', '5e', '5f', '5g', '5h', '5i', '5j', '5k', '5l'];

/**
 * The nine digits of a taxpayer identification number, or a 422 saying what is wrong. Numbers
 * the Social Security Administration and the IRS never issue are refused: an SSN never starts
 * with 000 or 666 and has no 00 group or 0000 serial; one starting with 9 is an ITIN, whose middle
 * digits fall in the ranges the IRS uses.
 */
function tinDigits(tin: string, kind: 'ssn' | 'ein', field: string): string {
  const digits = tin.replaceAll('-', '');
  const refuse = (message: string) => unprocessable('invalid_tin', message, [{ field, message }]);
  if (kind === 'ein') {
    if (!/^[0-9]{2}-?[0-9]{7}$/.test(tin) || digits.startsWith('00')) {
      throw refuse('An EIN is nine digits written 12-3456789, as on the IRS letter that assigned it.');
    }
    return digits;
  }
  if (!/^[0-9]{3}-?[0-9]{2}-?[0-9]{4}$/.test(tin)) {
    throw refuse('An SSN or ITIN is nine digits written 123-45-6789.');
  }
  const area = digits.slice(0, 3);
  const group = Number(digits.slice(3, 5));
  if (area === '000' || area === '666' || group === 0 || digits.endsWith('0000')) {
    throw refuse('This is not a number the Social Security Administration issues; check the card and try again.');
  }
  if (
    area.startsWith('9') &&
    !((group >= 50 && group <= 65) || (group >= 70 && group <= 88) || [90, 91, 92].includes(group) || group >= 94)
  ) {
    throw refuse('A number starting with 9 is an ITIN, and this one’s middle digits are not used for ITINs; check it.');
  }
  return digits;
}

const sealContext = (tenantId: string, what: string) => `${what}:${tenantId}`;

type TaxpayerRow = NonNullable<Awaited<ReturnType<typeof repo.findTaxpayer>>>;

function presentTaxpayer(row: TaxpayerRow) {
  return {
    legal_name: row.legal_name,
    business_name: row.business_name,
    tax_classification: row.tax_classification,
    exempt_payee_code: row.exempt_payee_code,
    tin_kind: row.tin_kind,
    tin_last4: row.tin_last4,
    address_line1: row.address_line1,
    address_line2: row.address_line2,
    city: row.city,
    state: row.state,
    postal_code: row.postal_code,
    certified_by: row.certified_by,
    certified_at: row.certified_at.toISOString(),
  };
}

export async function getTaxpayer(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see the taxpayer details');
  const row = await repo.findTaxpayer(ctx.trx, ctx.tenantId);
  if (!row) throw notFound('Taxpayer details');
  return presentTaxpayer(row);
}

export async function saveTaxpayer(ctx: TenantContext, input: TaxpayerInput) {
  requireRole(ctx, MANAGERS, 'change the taxpayer details');
  const person = requirePerson(ctx, 'certify taxpayer details');
  const existing = await repo.findTaxpayer(ctx.trx, ctx.tenantId);
  let sealed: { tin_sealed: Buffer; tin_last4: string };
  if (input.tin) {
    const digits = tinDigits(input.tin, input.tin_kind, 'body.tin');
    sealed = {
      tin_sealed: ctx.services.fieldCipher.seal(digits, sealContext(ctx.tenantId, 'taxpayer')),
      tin_last4: digits.slice(-4),
    };
  } else if (existing && existing.tin_kind === input.tin_kind) {
    sealed = { tin_sealed: existing.tin_sealed, tin_last4: existing.tin_last4 };
  } else {
    const message = existing
      ? 'The kind of number changed, so enter the new number too.'
      : 'Enter the taxpayer identification number: an SSN or ITIN for a person, an EIN for an organization.';
    throw unprocessable('tin_required', message, [{ field: 'body.tin', message }]);
  }
  await repo.saveTaxpayer(ctx.trx, {
    tenant_id: ctx.tenantId,
    legal_name: input.legal_name.trim(),
    business_name: input.business_name?.trim() ?? '',
    tax_classification: input.tax_classification,
    exempt_payee_code: input.exempt_payee_code ?? '',
    tin_kind: input.tin_kind,
    ...sealed,
    address_line1: input.address_line1.trim(),
    address_line2: input.address_line2?.trim() ?? '',
    city: input.city.trim(),
    state: input.state,
    postal_code: input.postal_code,
    certified_by_user_id: person.userId,
    certified_at: new Date(),
  });
  return getTaxpayer(ctx);
}

async function taxpayerReady(ctx: TenantContext): Promise<boolean> {
  return (await repo.findTaxpayer(ctx.trx, ctx.tenantId)) !== undefined;
}

/** The calendar year it is now where the organizer is. */
function thisYear(timeZone: string): number {
  return Number(dayIn(new Date(), timeZone).slice(0, 4));
}

export async function form1099K(ctx: TenantContext, asked: number | undefined) {
  requireRole(ctx, MANAGERS, 'see tax figures');
  const year = asked ?? thisYear((await getOrganizer(ctx)).time_zone);
  const { currency, time_zone, months } = await paymentsByMonth(ctx, year);
  const sum = (pick: (month: (typeof months)[number]) => number) => months.reduce((total, m) => total + pick(m), 0);
  const gross = sum((m) => m.card_cents);
  const transactions = sum((m) => m.transactions);
  const threshold = form1099KThreshold(year);
  return {
    year,
    currency,
    time_zone,
    gross_cents: gross,
    // Every card payment at the storefront is made online, with no card reader.
    card_not_present_cents: gross,
    transactions,
    months: months.map((m) => ({
      month: m.month,
      box: MONTH_BOXES[m.month - 1] as string,
      gross_cents: m.card_cents,
      transactions: m.transactions,
      in_person_cents: m.in_person_cents,
    })),
    in_person_cents: sum((m) => m.in_person_cents),
    in_person_transactions: sum((m) => m.in_person_transactions),
    card_refunds_cents: sum((m) => m.card_refunds_cents),
    threshold,
    over_threshold: passes1099K(threshold, gross, transactions),
    taxpayer_ready: await taxpayerReady(ctx),
  };
}

type PayeeRow = Awaited<ReturnType<typeof repo.listPayees>>[number];

function presentPayee(row: PayeeRow) {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

function payeeValues(ctx: TenantContext, input: PayeeInput, payeeId: string | null) {
  const values = {
    name: input.name.trim(),
    business_name: input.business_name?.trim() ?? '',
    email: input.email?.trim() ?? '',
    address_line1: input.address_line1?.trim() ?? '',
    address_line2: input.address_line2?.trim() ?? '',
    city: input.city?.trim() ?? '',
    state: input.state ?? '',
    postal_code: input.postal_code ?? '',
  };
  if (!input.tin) return { values, tin: null };
  if (!input.tin_kind) {
    const message = 'Say whether the number is an SSN/ITIN or an EIN.';
    throw unprocessable('tin_kind_required', message, [{ field: 'body.tin_kind', message }]);
  }
  const digits = tinDigits(input.tin, input.tin_kind, 'body.tin');
  return {
    values,
    tin: (id: string) => ({
      tin_kind: input.tin_kind ?? null,
      tin_sealed: ctx.services.fieldCipher.seal(digits, sealContext(ctx.tenantId, `payee:${id}`)),
      tin_last4: digits.slice(-4),
    }),
    payeeId,
  };
}

export async function listPayees(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see payees');
  return { data: (await repo.listPayees(ctx.trx, ctx.tenantId)).map(presentPayee) };
}

export async function createPayee(ctx: TenantContext, input: PayeeInput) {
  requireRole(ctx, MANAGERS, 'add payees');
  const { values, tin } = payeeValues(ctx, input, null);
  const id = crypto.randomUUID();
  const row = await repo.insertPayee(ctx.trx, { tenant_id: ctx.tenantId, id, ...values, ...(tin ? tin(id) : {}) });
  return presentPayee(row);
}

export async function updatePayee(ctx: TenantContext, payeeId: string, input: PayeeInput) {
  requireRole(ctx, MANAGERS, 'change payees');
  const { values, tin } = payeeValues(ctx, input, payeeId);
  const row = await repo.updatePayee(ctx.trx, ctx.tenantId, payeeId, { ...values, ...(tin ? tin(payeeId) : {}) });
  if (!row) throw notFound('The payee');
  return presentPayee(row);
}

export async function deletePayee(ctx: TenantContext, payeeId: string) {
  requireRole(ctx, MANAGERS, 'remove payees');
  const paid = await repo.listPayeePayments(ctx.trx, ctx.tenantId, { payeeId });
  if (paid.length > 0) {
    throw conflict(
      'payee_has_payments',
      'Payments to this payee are recorded, and their tax forms need them. Remove the payments first if they were recorded by mistake.',
    );
  }
  const deleted = await repo.deletePayee(ctx.trx, ctx.tenantId, payeeId);
  if (!deleted.numDeletedRows) throw notFound('The payee');
}

type PaymentRow = Awaited<ReturnType<typeof repo.listPayeePayments>>[number];

function presentPayment(row: PaymentRow) {
  return {
    ...row,
    amount_cents: Number(row.amount_cents),
    currency: row.currency.trim(),
    created_at: row.created_at.toISOString(),
  };
}

export async function listPayeePayments(ctx: TenantContext, query: { year?: number; payee_id?: string }) {
  requireRole(ctx, MANAGERS, 'see payments to payees');
  const rows = await repo.listPayeePayments(ctx.trx, ctx.tenantId, { year: query.year, payeeId: query.payee_id });
  return { data: rows.map(presentPayment) };
}

export async function recordPayeePayment(ctx: TenantContext, input: PayeePaymentInput) {
  requireRole(ctx, MANAGERS, 'record payments to payees');
  if (!(await repo.findPayee(ctx.trx, ctx.tenantId, input.payee_id))) {
    const message = 'There is no payee with this id; add the payee first.';
    throw unprocessable('unknown_payee', message, [{ field: 'body.payee_id', message }]);
  }
  const organizer = await getOrganizer(ctx);
  const by = recordedBy(ctx);
  const row = await repo.insertPayeePayment(ctx.trx, {
    tenant_id: ctx.tenantId,
    payee_id: input.payee_id,
    event_id: input.event_id ?? null,
    paid_on: input.paid_on,
    amount_cents: input.amount_cents,
    currency: organizer.currency,
    method: input.method,
    memo: input.memo?.trim() ?? '',
    recorded_by_user_id: by.userId,
    recorded_by_api_key_id: by.apiKeyId,
  });
  return presentPayment(row);
}

export async function deletePayeePayment(ctx: TenantContext, paymentId: string) {
  requireRole(ctx, MANAGERS, 'remove payments to payees');
  const deleted = await repo.deletePayeePayment(ctx.trx, ctx.tenantId, paymentId);
  if (!deleted.numDeletedRows) throw notFound('The payment');
}

export async function form1099Nec(ctx: TenantContext, asked: number | undefined) {
  requireRole(ctx, MANAGERS, 'see tax figures');
  const organizer = await getOrganizer(ctx);
  const year = asked ?? thisYear(organizer.time_zone);
  const threshold = form1099NecThreshold(year);
  const payees = (await repo.payeesInYear(ctx.trx, ctx.tenantId, year)).map((row) => {
    const reportable = Number(row.reportable_cents);
    const missing: ('tin' | 'address')[] = [];
    if (!row.tin_kind) missing.push('tin');
    if (!row.address_line1 || !row.city || !row.state || !row.postal_code) missing.push('address');
    return {
      payee_id: row.payee_id,
      name: row.name,
      reportable_cents: reportable,
      excluded_cents: Number(row.excluded_cents),
      payments: Number(row.payments),
      needs_form: reportable >= threshold.amount_cents,
      missing,
    };
  });
  return { year, currency: organizer.currency, threshold, payees, taxpayer_ready: await taxpayerReady(ctx) };
}
