import { MANAGERS, MEMBERS, requireRole, type TenantContext } from '../../context.ts';
import type { TaxRate } from '../../db/schema.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import * as repo from './tax-rates.repository.ts';
import type { NewTaxRate, TaxRateUpdate } from './tax-rates.schemas.ts';

function presentTaxRate(row: TaxRate) {
  return {
    id: row.id,
    state: row.state,
    city: row.city,
    rate_ppm: row.rate_ppm,
    label: row.label,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function jurisdictionTaken(state: string, city: string) {
  const where = city ? `${city}, ${state}` : `${state} (statewide)`;
  return conflict('tax_rate_exists', `${where} already has a tax rate. Change that rate instead of adding another.`, [
    { field: 'body.city', message: 'already has a rate in this state' },
  ]);
}

async function loadTaxRate(ctx: TenantContext, taxRateId: string) {
  const row = await repo.findTaxRate(ctx.trx, ctx.tenantId, taxRateId);
  if (!row) throw notFound('The tax rate');
  return row;
}

export async function listTaxRates(ctx: TenantContext) {
  requireRole(ctx, MEMBERS, 'see tax rates');
  return (await repo.listTaxRates(ctx.trx, ctx.tenantId)).map(presentTaxRate);
}

export async function createTaxRate(ctx: TenantContext, input: NewTaxRate) {
  requireRole(ctx, MANAGERS, 'set tax rates');
  const city = input.city?.trim() ?? '';
  try {
    const row = await repo.insertTaxRate(ctx.trx, {
      tenant_id: ctx.tenantId,
      state: input.state,
      city,
      rate_ppm: input.rate_ppm,
      label: input.label?.trim() ?? '',
    });
    return presentTaxRate(row);
  } catch (error) {
    throw repo.isDuplicateJurisdiction(error) ? jurisdictionTaken(input.state, city) : error;
  }
}

export async function updateTaxRate(ctx: TenantContext, taxRateId: string, changes: TaxRateUpdate) {
  requireRole(ctx, MANAGERS, 'change tax rates');
  const current = await loadTaxRate(ctx, taxRateId);
  const update = {
    ...changes,
    ...(changes.city !== undefined ? { city: changes.city.trim() } : {}),
    ...(changes.label !== undefined ? { label: changes.label.trim() } : {}),
  };
  try {
    const row = await repo.updateTaxRate(ctx.trx, ctx.tenantId, taxRateId, update);
    if (!row) throw notFound('The tax rate');
    return presentTaxRate(row);
  } catch (error) {
    if (!repo.isDuplicateJurisdiction(error)) throw error;
    throw jurisdictionTaken(update.state ?? current.state, update.city ?? current.city);
  }
}

export async function deleteTaxRate(ctx: TenantContext, taxRateId: string) {
  requireRole(ctx, MANAGERS, 'remove tax rates');
  const deleted = await repo.deleteTaxRate(ctx.trx, ctx.tenantId, taxRateId);
  if (Number(deleted.numDeletedRows) === 0) throw notFound('The tax rate');
}
