import {
  MANAGERS,
  requirePerson,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { TenantPlan } from '../../db/schema.ts';
import { AppError, invalidField, notFound, unprocessable } from '../../lib/errors.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { requireFeature } from '../billing/plans.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import { type ApiKeyScope, normalizeScopes } from './api-key-scopes.ts';
import { isWellFormedApiKey, newApiKeySecret } from './api-key-secrets.ts';
import * as repo from './api-keys.repository.ts';
import type { NewApiKey } from './api-keys.schemas.ts';

/** Keys that work at once, per organizer: plenty for its integrations, few enough to review. */
const MAX_USABLE_KEYS = 50;
const LONGEST_LIFETIME_MS = 5 * 366 * 24 * 60 * 60 * 1000;
const WHERE_KEYS_ARE_MADE = 'Create a new one in the admin under Settings → API keys.';

function statusOf(row: { revoked_at: Date | null; expires_at: Date | null }, now = Date.now()) {
  if (row.revoked_at) return 'revoked' as const;
  if (row.expires_at && row.expires_at.getTime() <= now) return 'expired' as const;
  return 'active' as const;
}

function presentApiKey(row: repo.ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.display_prefix,
    scopes: row.scopes as ApiKeyScope[],
    status: statusOf(row),
    created_at: row.created_at.toISOString(),
    created_by:
      row.created_by && row.created_by_email !== null
        ? { user_id: row.created_by, email: row.created_by_email, display_name: row.created_by_name ?? '' }
        : null,
    expires_at: row.expires_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

export async function listApiKeys(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see the API keys');
  return (await repo.listApiKeys(ctx.trx, ctx.tenantId)).map(presentApiKey);
}

/** A new key with its secret, which this answer alone carries: only the secret's hash is kept. */
export async function createApiKey(ctx: TenantContext, input: NewApiKey) {
  requireRole(ctx, MANAGERS, 'create API keys');
  const person = requirePerson(ctx, 'create API keys');
  const { plan } = await getOrganizer(ctx);
  requireFeature(plan, 'api_keys', 'create API keys');
  const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw invalidField(
      'body.expires_at',
      'The expiry must be in the future; leave it out for a key that works until revoked.',
    );
  }
  if (expiresAt && expiresAt.getTime() > Date.now() + LONGEST_LIFETIME_MS) {
    throw invalidField(
      'body.expires_at',
      'The expiry must be within five years; leave it out for a key that works until revoked.',
    );
  }
  if ((await repo.countUsableApiKeys(ctx.trx, ctx.tenantId)) >= MAX_USABLE_KEYS) {
    throw unprocessable(
      'too_many_api_keys',
      `The organizer already has ${MAX_USABLE_KEYS} API keys that work. Revoke those no longer used, then create this one.`,
    );
  }
  const secret = newApiKeySecret();
  const { id } = await repo.insertApiKey(ctx.trx, {
    tenant_id: ctx.tenantId,
    name: input.name.trim(),
    scopes: normalizeScopes(input.scopes),
    token_hash: secret.hash,
    display_prefix: secret.displayPrefix,
    created_by: person.userId,
    expires_at: expiresAt,
  });
  const row = await repo.findApiKey(ctx.trx, ctx.tenantId, id);
  if (!row) throw notFound('The API key');
  return { ...presentApiKey(row), secret: secret.secret };
}

/** Revokes a key: requests with it are refused from now on. Revoking it again changes nothing. */
export async function revokeApiKey(ctx: TenantContext, id: string) {
  requireRole(ctx, MANAGERS, 'revoke API keys');
  const person = requirePerson(ctx, 'revoke API keys');
  await repo.revokeApiKey(ctx.trx, ctx.tenantId, id, person.userId);
  const row = await repo.findApiKey(ctx.trx, ctx.tenantId, id);
  if (!row) throw notFound('The API key');
  return presentApiKey(row);
}

/** A request's API key, known before its organizer is entered. */
export interface ApiKeyCaller {
  apiKeyId: string;
  tenantId: string;
  scopes: string[];
  plan: TenantPlan;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The key behind an `apk_` bearer token, or a 401 that says why not (mistyped, unknown, revoked,
 * expired), or a 403 when the organizer's plan no longer has API keys. A mistyped key is refused
 * by its checksum alone, without asking the database.
 */
export async function authenticateApiKey(services: Services, token: string): Promise<ApiKeyCaller> {
  if (!isWellFormedApiKey(token)) {
    throw new AppError(
      401,
      'invalid_api_key',
      'This API key is mistyped or cut short: its last six characters do not match the rest. Copy the whole key again from where you stored it.',
    );
  }
  const key = await repo.findApiKeyByHash(services.db, hashSecret(token));
  if (!key) {
    throw new AppError(
      401,
      'invalid_api_key',
      `No organizer has this API key. Check that you are calling the Access Plus server it was made on. ${WHERE_KEYS_ARE_MADE}`,
    );
  }
  const status = statusOf(key);
  if (status === 'revoked' && key.revoked_at) {
    throw new AppError(
      401,
      'api_key_revoked',
      `This API key was revoked on ${day(key.revoked_at)}. ${WHERE_KEYS_ARE_MADE}`,
    );
  }
  if (status === 'expired' && key.expires_at) {
    throw new AppError(
      401,
      'api_key_expired',
      `This API key expired on ${day(key.expires_at)}. ${WHERE_KEYS_ARE_MADE}`,
    );
  }
  requireFeature(key.plan, 'api_keys', 'call the API with an API key');
  // Kept to the minute without a write on every request.
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000) {
    await runInTenantAsSystem(services, key.tenant_id, (ctx) => repo.markApiKeyUsed(ctx.trx, ctx.tenantId, key.id));
  }
  return { apiKeyId: key.id, tenantId: key.tenant_id, scopes: key.scopes, plan: key.plan };
}
