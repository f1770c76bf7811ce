import type { Updateable } from 'kysely';
import { EDITORS, type InTenant, MEMBERS, requireRole, type TenantContext } from '../../context.ts';
import type { ProductsTable } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import { findEvent } from '../events/events.repository.ts';
import { findTenantById } from '../tenants/tenants.repository.ts';
import * as repo from './products.repository.ts';
import type { NewProduct, ProductListQuery, ProductUpdate } from './products.schemas.ts';

type ProductRow = NonNullable<Awaited<ReturnType<typeof repo.findProduct>>>;

export function presentProduct(row: ProductRow) {
  return {
    id: row.id,
    event_id: row.event_id,
    name: row.name,
    description: row.description,
    price_cents: row.price_cents,
    currency: row.currency.trim(),
    quantity: row.quantity,
    sold_count: Number(row.sold_count),
    remaining: Number(row.remaining),
    max_per_order: row.max_per_order,
    active: row.active,
    position: row.position,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The add-ons a buyer may take with an event's tickets, with what is left of each. */
export async function offeredAddOns(ctx: InTenant, eventId: string) {
  const rows = await repo.listOfferedForEvent(ctx.trx, ctx.tenantId, eventId);
  return rows.map((row) => {
    const remaining = Number(row.remaining);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      price_cents: row.price_cents,
      currency: row.currency.trim(),
      remaining,
      sold_out: remaining === 0,
      max_per_order: row.max_per_order,
    };
  });
}

async function loadProduct(ctx: TenantContext, productId: string) {
  const row = await repo.findProduct(ctx.trx, ctx.tenantId, productId);
  if (!row) throw notFound('The add-on');
  return row;
}

async function checkEvent(ctx: TenantContext, eventId: string | null | undefined): Promise<void> {
  if (eventId && !(await findEvent(ctx.trx, ctx.tenantId, eventId))) {
    throw invalidField('body.event_id', `You have no event with the id ${eventId}. Take one from GET /v1/events.`);
  }
}

export async function listProducts(ctx: TenantContext, query: ProductListQuery) {
  requireRole(ctx, MEMBERS, 'see add-ons');
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor, ['number', 'string', 'string']) : undefined;
  const rows = await repo.listProducts(ctx.trx, ctx.tenantId, {
    eventId: query.event_id,
    after: after ? { position: after[0] as number, key: after[1] as string, id: after[2] as string } : undefined,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentProduct),
    next_cursor: rows.length > limit && last ? encodeCursor([last.position, last.sort_key, last.id]) : null,
  };
}

export async function getProduct(ctx: TenantContext, productId: string) {
  requireRole(ctx, MEMBERS, 'see add-ons');
  return presentProduct(await loadProduct(ctx, productId));
}

export async function createProduct(ctx: TenantContext, input: NewProduct) {
  requireRole(ctx, EDITORS, 'create add-ons');
  await checkEvent(ctx, input.event_id);
  const tenant = await findTenantById(ctx.trx, ctx.tenantId);
  const { id } = await repo.insertProduct(ctx.trx, {
    tenant_id: ctx.tenantId,
    event_id: input.event_id ?? null,
    name: JSON.stringify(input.name),
    description: JSON.stringify(input.description ?? {}),
    price_cents: input.price_cents,
    currency: tenant?.currency.trim() ?? 'USD',
    quantity: input.quantity,
    max_per_order: input.max_per_order ?? 10,
    active: input.active ?? true,
    position: input.position ?? 0,
  });
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentProduct(await loadProduct(ctx, id));
}

export async function updateProduct(ctx: TenantContext, productId: string, changes: ProductUpdate) {
  requireRole(ctx, EDITORS, 'change add-ons');
  const current = await loadProduct(ctx, productId);
  await checkEvent(ctx, changes.event_id);
  const { name, description, quantity, ...rest } = changes;
  if (quantity !== undefined && !(await repo.setProductQuantity(ctx.trx, ctx.tenantId, productId, quantity))) {
    throw invalidField(
      'body.quantity',
      `${current.taken_count} of this add-on are sold or held by buyers, so its quantity cannot go below that.`,
    );
  }
  const update: Updateable<ProductsTable> = { ...rest };
  if (name !== undefined) update.name = JSON.stringify(name);
  if (description !== undefined) update.description = JSON.stringify(description);
  if (Object.keys(update).length > 0) await repo.updateProduct(ctx.trx, ctx.tenantId, productId, update);
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
  return presentProduct(await loadProduct(ctx, productId));
}

export async function deleteProduct(ctx: TenantContext, productId: string) {
  requireRole(ctx, EDITORS, 'delete add-ons');
  await loadProduct(ctx, productId);
  const deleted = await repo.deleteUnsoldProduct(ctx.trx, ctx.tenantId, productId);
  if (Number(deleted.numDeletedRows) === 0) {
    throw conflict(
      'product_has_sales',
      'Orders include this add-on, so it cannot be deleted. Deactivate it (set active to false) to stop selling it.',
    );
  }
  ctx.afterCommit(() => ctx.services.catalogCache.invalidate());
}

/**
 * A deleted draft's add-ons go with it, as they did when its row went: a draft was never on sale,
 * so nothing ever held or bought them.
 */
export async function removeAddOnsOfDeletedEvent(ctx: InTenant, eventId: string): Promise<void> {
  await repo.deleteProductsOfEvent(ctx.trx, ctx.tenantId, eventId);
}
