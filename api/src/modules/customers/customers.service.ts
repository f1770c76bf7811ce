import {
  EDITORS,
  type InTenant,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { Customer } from '../../db/schema.ts';
import { syncedListPage } from '../../db/sync.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, invalidField, unauthorized } from '../../lib/errors.ts';
import { isLocale } from '../../lib/i18n.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { newSecret } from '../auth/auth.repository.ts';
import { normalizeEmail } from '../auth/auth.service.ts';
import { mailBranding } from '../branding/branding.service.ts';
import type { BuyerMailRecipient, SignInMail } from '../notifications/buyer-mail.ts';
import { storefrontLink } from '../notifications/notifications.tasks.ts';
import * as orderRepo from '../orders/orders.repository.ts';
import { organizerBySlug } from '../tenants/storefront-organizers.ts';
import { findTenantById } from '../tenants/tenants.repository.ts';
import { activeSigningKey } from '../tickets/signing-keys.repository.ts';
import { signOrderAccess } from '../tickets/ticket-codes.ts';
import * as repo from './customers.repository.ts';
import type {
  CustomerListQuery,
  CustomerOrderListQuery,
  CustomerUpdate,
  SignInLinkRequest,
} from './customers.schemas.ts';

// Prefixes tell the secrets apart for people and secret scanners; staff sessions use `aps`.
// Their hashes live in tables of their own, so a token of one kind is never found as another.
const LINK_TOKEN_PREFIX = 'apcl';
export const SESSION_TOKEN_PREFIX = 'apc';
const SIGN_IN_LINK_MINUTES = 30;
const SESSION_DAYS = 30;
const TOUCH_AFTER_MS = 5 * 60 * 1000;

/** A signed-in customer, as checkout needs one to tie a new order to its account. */
export interface SignedInCustomer {
  id: string;
  email: string;
  name: string;
  locale: string;
}

type CustomerRow = Pick<
  Customer,
  'id' | 'email' | 'name' | 'locale' | 'email_verified_at' | 'created_at' | 'updated_at' | 'last_signed_in_at'
>;

function presentCustomer(customer: CustomerRow) {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    locale: customer.locale,
    email_verified_at: customer.email_verified_at?.toISOString() ?? null,
    created_at: customer.created_at.toISOString(),
    updated_at: customer.updated_at.toISOString(),
    last_signed_in_at: customer.last_signed_in_at?.toISOString() ?? null,
  };
}

/** The organizer's customer accounts: a plain page by creation, or a sync page. */
export async function listCustomers(ctx: TenantContext, query: CustomerListQuery) {
  requireRole(ctx, EDITORS, 'see customers');
  const filter = { email: query.email === undefined ? undefined : normalizeEmail(query.email) };
  return syncedListPage(ctx.trx, query, 20, {
    name: 'customers',
    changes: () => repo.customerChanges(ctx.trx, ctx.tenantId, filter),
    table: 'customers',
    page: (after, limit) => repo.listCustomers(ctx.trx, ctx.tenantId, { ...filter, after, limit }),
    present: (rows) => rows.map(presentCustomer),
  });
}

/**
 * Asks for a sign-in link to be emailed. It answers the same whether or not the email has an
 * account or orders here, and does the same work either way: only the job looks anything up.
 */
export async function requestSignInLink(services: Services, slug: string, input: SignInLinkRequest): Promise<void> {
  const tenant = await organizerBySlug(services, slug);
  const email = normalizeEmail(input.email);
  await runInTenantAsSystem(services, tenant.id, async (ctx) => {
    await repo.deleteLapsedSignInTokens(ctx.trx, ctx.tenantId, email);
    const link = await repo.insertSignInToken(ctx.trx, {
      tenant_id: ctx.tenantId,
      email,
      locale: input.locale ?? null,
      lifetimeMinutes: SIGN_IN_LINK_MINUTES,
    });
    await enqueueJob(ctx.trx, 'customers__email_sign_in_link', { tenantId: ctx.tenantId, tokenId: link.id });
  });
}

/**
 * Makes the token of a sign-in link and what its email says, for the job that sends it. Only
 * the token's hash is stored, so each attempt of the job makes a new one and only the link last
 * sent works. Null once the link was used or has lapsed: a late job sends nothing.
 */
export async function prepareSignInMail(
  ctx: InTenant,
  tokenId: string,
): Promise<{ to: BuyerMailRecipient; mail: SignInMail } | null> {
  const secret = newSecret(LINK_TOKEN_PREFIX);
  const link = await repo.setSignInTokenHash(ctx.trx, ctx.tenantId, tokenId, secret.hash);
  if (!link) return null;
  const tenant = await findTenantById(ctx.trx, ctx.tenantId);
  if (!tenant) return null;
  const customer = await repo.findCustomerByEmail(ctx.trx, ctx.tenantId, link.email);
  return {
    to: {
      email: link.email,
      name: customer?.name ?? '',
      locale: link.locale ?? customer?.locale ?? tenant.default_locale,
    },
    mail: {
      organizerName: tenant.name,
      brand: await mailBranding(ctx),
      link: await storefrontLink(ctx, tenant.slug, '/account/sign-in', secret.token),
      expiresAt: link.expires_at,
    },
  };
}

/**
 * Opens a session with the token of an emailed link, which works once. The email is proven by
 * it, so the customer is created if new, and every guest order placed here with that email
 * joins the account (again on each sign-in: guest orders may have been placed in between).
 */
export async function signIn(services: Services, slug: string, token: string) {
  const tenant = await organizerBySlug(services, slug);
  return runInTenantAsSystem(services, tenant.id, async (ctx) => {
    const link = await repo.consumeSignInToken(ctx.trx, ctx.tenantId, hashSecret(token));
    if (!link) throw invalidLink();
    const lastOrder = await repo.latestBuyerDetails(ctx.trx, ctx.tenantId, link.email);
    const customer = await repo.upsertVerifiedCustomer(ctx.trx, {
      tenant_id: ctx.tenantId,
      email: link.email,
      name: lastOrder?.buyer_name ?? '',
      locale: link.locale ?? lastOrder?.buyer_locale ?? tenant.default_locale,
    });
    const claimed = await repo.claimGuestOrders(ctx.trx, ctx.tenantId, customer.id, customer.email);
    await repo.deleteLapsedSessions(ctx.trx, ctx.tenantId, customer.id);
    const secret = newSecret(SESSION_TOKEN_PREFIX);
    const session = await repo.insertSession(ctx.trx, {
      tenant_id: ctx.tenantId,
      customer_id: customer.id,
      token_hash: secret.hash,
      lifetimeDays: SESSION_DAYS,
    });
    return {
      token: secret.token,
      expires_at: session.expires_at.toISOString(),
      customer: presentCustomer(customer),
      claimed_orders: claimed,
    };
  });
}

async function findCustomerSession(ctx: InTenant, token: string) {
  const row = await repo.findSessionByHash(ctx.trx, ctx.tenantId, hashSecret(token));
  if (!row) return null;
  // Keep last_seen_at roughly current without a write on every request.
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await repo.touchSession(ctx.trx, ctx.tenantId, row.session_id);
  }
  return {
    sessionId: row.session_id,
    customer: { id: row.id, email: row.email, name: row.name, locale: row.locale } satisfies SignedInCustomer,
  };
}

/**
 * The customer signed in with `token` at the organizer of `ctx`, or null. A session of another
 * organizer is not found: the lookup runs under this tenant's row-level security.
 */
export async function customerForToken(ctx: InTenant, token: string): Promise<SignedInCustomer | null> {
  return (await findCustomerSession(ctx, token))?.customer ?? null;
}

/** Runs `work` for the customer of `token` at the organizer of `slug`, or answers 401. */
async function asCustomer<T>(
  services: Services,
  slug: string,
  token: string | undefined,
  work: (ctx: InTenant, session: { sessionId: string; customer: SignedInCustomer }) => Promise<T>,
): Promise<T> {
  const tenant = await organizerBySlug(services, slug);
  return runInTenantAsSystem(services, tenant.id, async (ctx) => {
    const session = token ? await findCustomerSession(ctx, token) : null;
    if (!session) throw notSignedIn();
    return work(ctx, session);
  });
}

async function loadCustomer(ctx: InTenant, customerId: string) {
  const customer = await repo.findCustomer(ctx.trx, ctx.tenantId, customerId);
  // The session cascades away with its customer, so this is a race with a deletion at most.
  if (!customer) throw notSignedIn();
  return customer;
}

export function getCustomer(services: Services, slug: string, token: string | undefined) {
  return asCustomer(services, slug, token, async (ctx, { customer }) =>
    presentCustomer(await loadCustomer(ctx, customer.id)),
  );
}

export async function updateCustomer(
  services: Services,
  slug: string,
  token: string | undefined,
  input: CustomerUpdate,
) {
  if (input.locale !== undefined && !isLocale(input.locale)) {
    throw invalidField('body.locale', `"${input.locale}" is not a language tag; use one like en, am or fr-CA.`);
  }
  return asCustomer(services, slug, token, async (ctx, { customer }) => {
    const updated = await repo.updateCustomer(ctx.trx, ctx.tenantId, customer.id, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
    });
    return presentCustomer(updated ?? (await loadCustomer(ctx, customer.id)));
  });
}

export function signOut(services: Services, slug: string, token: string | undefined): Promise<void> {
  return asCustomer(services, slug, token, async (ctx, { sessionId }) => {
    await repo.deleteSession(ctx.trx, ctx.tenantId, sessionId);
  });
}

type OrderRow = Awaited<ReturnType<typeof orderRepo.listOrders>>[number];

async function presentOrders(ctx: InTenant, orders: OrderRow[]) {
  const lines = await orderRepo.linesOf(
    ctx.trx,
    ctx.tenantId,
    orders.map((order) => order.id),
  );
  const eventIds = [...new Set(lines.flatMap((line) => (line.event_id ? [line.event_id] : [])))];
  const [events, key] = await Promise.all([
    repo.eventSummaries(ctx.trx, ctx.tenantId, eventIds),
    activeSigningKey(ctx.trx, ctx.tenantId),
  ]);
  return orders.map((order) => {
    const own = lines.filter((line) => line.order_id === order.id);
    const ownEvents = new Set(own.map((line) => line.event_id));
    return {
      id: order.id,
      number: order.number,
      // A lapsed hold the worker has not released yet is already expired for everyone.
      status: order.status === 'pending' && order.lapsed ? ('expired' as const) : order.status,
      currency: order.currency.trim(),
      subtotal_cents: order.subtotal_cents,
      discount_cents: order.discount_cents,
      fee_cents: order.fee_cents,
      tax_cents: order.tax_cents,
      donation_cents: order.donation_cents,
      total_cents: order.total_cents,
      refunded_cents: order.refunded_cents,
      events: events
        .filter((event) => ownEvents.has(event.id))
        .map((event) => ({
          id: event.id,
          title: event.title,
          starts_at: event.starts_at.toISOString(),
          time_zone: event.time_zone,
          venue_name: event.venue_name,
          city: event.city,
        })),
      lines: own.map((line) => ({
        kind: line.kind,
        event_id: line.event_id,
        description: line.description,
        quantity: line.quantity,
        total_cents: line.total_cents,
      })),
      access_token: signOrderAccess(key, ctx.tenantId, order.id),
      paid_at: order.paid_at?.toISOString() ?? null,
      created_at: order.created_at.toISOString(),
    };
  });
}

/** The customer's orders, newest first, each with the token that opens it at the buyer endpoints. */
export async function listCustomerOrders(
  services: Services,
  slug: string,
  token: string | undefined,
  query: CustomerOrderListQuery,
) {
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  return asCustomer(services, slug, token, async (ctx, { customer }) => {
    const rows = await orderRepo.listOrders(ctx.trx, ctx.tenantId, {
      customerId: customer.id,
      newestFirst: true,
      after: after ? { key: after[0] as string, id: after[1] as string } : undefined,
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: await presentOrders(ctx, page),
      next_cursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
    };
  });
}

function invalidLink(): AppError {
  return new AppError(422, 'invalid_token', 'This sign-in link has expired or was already used. Ask for a new one.', [
    { field: 'body.token', message: 'is expired, used or unknown' },
  ]);
}

function notSignedIn(): AppError {
  return unauthorized(
    "Sign in at this organizer's storefront first: send the customer token from signing in as Authorization: Bearer <token>.",
  );
}
