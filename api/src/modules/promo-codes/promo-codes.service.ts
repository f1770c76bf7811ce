import { MANAGERS, MEMBERS, requireRole, type TenantContext } from '../../context.ts';
import type { PromoCode } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import * as repo from './promo-codes.repository.ts';
import type { NewPromoCode, PromoCodeListQuery, PromoCodeUpdate } from './promo-codes.schemas.ts';

export function presentPromoCode(row: PromoCode) {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    percent_off_bp: row.percent_off_bp,
    amount_off_cents: row.amount_off_cents,
    max_uses: row.max_uses,
    used_count: row.used_count,
    tier_ids: row.tier_ids,
    starts_at: row.starts_at?.toISOString() ?? null,
    ends_at: row.ends_at?.toISOString() ?? null,
    active: row.active,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

async function loadPromoCode(ctx: TenantContext, promoCodeId: string) {
  const row = await repo.findPromoCode(ctx.trx, ctx.tenantId, promoCodeId);
  if (!row) throw notFound('The promo code');
  return row;
}

function codeTaken(code: string) {
  return conflict(
    'promo_code_exists',
    `You already have a promo code ${code}. Choose another code, or change that one.`,
    [{ field: 'body.code', message: 'is already taken' }],
  );
}

/**
 * A code takes either a percentage or an amount off, never both. `current` supplies what a
 * change leaves as it was.
 */
function discountOf(
  kind: PromoCode['kind'],
  given: { percent_off_bp?: number; amount_off_cents?: number },
  current?: PromoCode,
) {
  if (kind === 'percent') {
    if (given.amount_off_cents !== undefined) {
      throw invalidField(
        'body.amount_off_cents',
        'A percent code takes no amount_off_cents. Send percent_off_bp, or make it an amount code.',
      );
    }
    const percentOff = given.percent_off_bp ?? current?.percent_off_bp;
    if (percentOff == null) {
      throw invalidField('body.percent_off_bp', 'A percent code needs percent_off_bp, e.g. 1000 for 10% off.');
    }
    return { percent_off_bp: percentOff, amount_off_cents: null };
  }
  if (given.percent_off_bp !== undefined) {
    throw invalidField(
      'body.percent_off_bp',
      'An amount code takes no percent_off_bp. Send amount_off_cents, or make it a percent code.',
    );
  }
  const amountOff = given.amount_off_cents ?? current?.amount_off_cents;
  if (amountOff == null) {
    throw invalidField('body.amount_off_cents', 'An amount code needs amount_off_cents, e.g. 500 for 5.00 off.');
  }
  return { percent_off_bp: null, amount_off_cents: amountOff };
}

function checkWindow(startsAt: string | Date | null, endsAt: string | Date | null): void {
  if (startsAt !== null && endsAt !== null && new Date(endsAt).getTime() <= new Date(startsAt).getTime()) {
    throw invalidField(
      'body.ends_at',
      'The code must stop being valid after it starts: make ends_at later than starts_at.',
    );
  }
}

/** The tier ids as stored, after checking each is a tier of the organizer. */
async function checkTiers(ctx: TenantContext, tierIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(tierIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return ids;
  const known = new Set((await repo.findTierIds(ctx.trx, ctx.tenantId, ids)).map((row) => row.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw invalidField(
      'body.tier_ids',
      `You have no ticket tier with the id ${unknown.join(', ')}. Take tier ids from GET /v1/events/{event_id}/tiers.`,
    );
  }
  return ids;
}

export async function listPromoCodes(ctx: TenantContext, query: PromoCodeListQuery) {
  requireRole(ctx, MEMBERS, 'see promo codes');
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  const rows = await repo.listPromoCodes(ctx.trx, ctx.tenantId, {
    after: after ? { key: after[0] as string, id: after[1] as string } : undefined,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentPromoCode),
    next_cursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

export async function getPromoCode(ctx: TenantContext, promoCodeId: string) {
  requireRole(ctx, MEMBERS, 'see promo codes');
  return presentPromoCode(await loadPromoCode(ctx, promoCodeId));
}

export async function createPromoCode(ctx: TenantContext, input: NewPromoCode) {
  requireRole(ctx, MANAGERS, 'create promo codes');
  const discount = discountOf(input.kind, input);
  checkWindow(input.starts_at ?? null, input.ends_at ?? null);
  const tierIds = await checkTiers(ctx, input.tier_ids ?? []);
  const code = repo.normalizeCode(input.code);
  try {
    const row = await repo.insertPromoCode(ctx.trx, {
      tenant_id: ctx.tenantId,
      code,
      kind: input.kind,
      ...discount,
      max_uses: input.max_uses ?? null,
      tier_ids: tierIds,
      starts_at: input.starts_at ?? null,
      ends_at: input.ends_at ?? null,
      active: input.active ?? true,
    });
    return presentPromoCode(row);
  } catch (error) {
    throw repo.isDuplicateCode(error) ? codeTaken(code) : error;
  }
}

export async function updatePromoCode(ctx: TenantContext, promoCodeId: string, changes: PromoCodeUpdate) {
  requireRole(ctx, MANAGERS, 'change promo codes');
  const current = await loadPromoCode(ctx, promoCodeId);
  const { code, kind, percent_off_bp, amount_off_cents, tier_ids, ...rest } = changes;
  const discount =
    kind !== undefined || percent_off_bp !== undefined || amount_off_cents !== undefined
      ? discountOf(kind ?? current.kind, { percent_off_bp, amount_off_cents }, current)
      : {};
  checkWindow(
    changes.starts_at !== undefined ? changes.starts_at : current.starts_at,
    changes.ends_at !== undefined ? changes.ends_at : current.ends_at,
  );
  const update = {
    ...rest,
    ...discount,
    ...(kind !== undefined ? { kind } : {}),
    ...(code !== undefined ? { code: repo.normalizeCode(code) } : {}),
    ...(tier_ids !== undefined ? { tier_ids: await checkTiers(ctx, tier_ids) } : {}),
  };
  let row: PromoCode | undefined;
  try {
    row = await repo.updatePromoCode(ctx.trx, ctx.tenantId, promoCodeId, update);
  } catch (error) {
    throw repo.isDuplicateCode(error) && update.code ? codeTaken(update.code) : error;
  }
  if (!row) {
    const { used_count } = await loadPromoCode(ctx, promoCodeId);
    throw invalidField(
      'body.max_uses',
      `${used_count} orders already used this code, so max_uses cannot go below that. Deactivate the code to stop its use.`,
    );
  }
  return presentPromoCode(row);
}

export async function deletePromoCode(ctx: TenantContext, promoCodeId: string) {
  requireRole(ctx, MANAGERS, 'delete promo codes');
  await loadPromoCode(ctx, promoCodeId);
  const deleted = await repo.deleteUnusedPromoCode(ctx.trx, ctx.tenantId, promoCodeId);
  if (Number(deleted.numDeletedRows) === 0) {
    throw conflict(
      'promo_code_used',
      'Orders used this code, so it cannot be deleted: they keep a record of it. Deactivate it instead (set active to false).',
    );
  }
}
