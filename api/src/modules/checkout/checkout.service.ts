import { type InTenant, runInTenantAsSystem, type Services } from '../../context.ts';
import type { LocalizedText, Tenant } from '../../db/schema.ts';
import { AppError, conflict, type ErrorDetail, notFound, unauthorized, unprocessable } from '../../lib/errors.ts';
import { textIn } from '../../lib/i18n.ts';
import { loadCheckoutSettings } from '../checkout-settings/checkout-settings.repository.ts';
import { customerForToken } from '../customers/customers.service.ts';
import { onlineUrlsOf } from '../events/events.service.ts';
import { lapsedOrdersHolding, type StockShortage, shortageAtCommit } from '../inventory/inventory.repository.ts';
import { renderTicketsPdf } from '../notifications/notifications.pdf.ts';
import { confirmationCopy } from '../notifications/notifications.tasks.ts';
import { ticketWords } from '../notifications/notifications.templates.ts';
import type { OrderParts } from '../orders/orders.lifecycle.ts';
import * as orders from '../orders/orders.lifecycle.ts';
import * as orderRepo from '../orders/orders.repository.ts';
import { loadOrderView, presentOrder } from '../orders/orders.service.ts';
import type { SettledPayment } from '../payments/payment-provider.ts';
import { paymentTerms, rememberPaymentIntent, settlePaymentIn } from '../payments/payments.service.ts';
import { findPromoCodeByCode } from '../promo-codes/promo-codes.repository.ts';
import { organizerBySlug } from '../tenants/storefront-organizers.ts';
import { activeSigningKey, signingPublicKeys } from '../tickets/signing-keys.repository.ts';
import { publicKeyJwk, signOrderAccess, signTicketCode, verifyOrderAccess } from '../tickets/ticket-codes.ts';
import { ticketQrPng, ticketQrSvg } from '../tickets/ticket-qr.ts';
import * as repo from './checkout.repository.ts';
import type { Cart, NewOrder, Payment } from './checkout.schemas.ts';
import { type CartLine, type FeePolicy, type PricedOrder, type PromoRule, priceOrder } from './pricing.ts';

type Settings = Awaited<ReturnType<typeof loadCheckoutSettings>>;

function feePolicy(settings: Settings): FeePolicy {
  return {
    percentBp: settings.service_fee_percent_bp,
    flatCents: settings.service_fee_flat_cents,
    paidBy: settings.fees_paid_by,
    impactShareBp: settings.impact_fee_share_bp,
    feesTaxable: settings.fees_taxable,
  };
}

interface LineMeta {
  eventId: string | null;
  tierId: string | null;
  productId: string | null;
  description: LocalizedText;
  attendeeNames: string[];
  /** A ticket line whose event needs a name on every ticket: the event's title, to say so. */
  namesRequiredBy: LocalizedText | null;
  /** Where the line is sold for, and so where its sales tax is owed. */
  taxPlace: TaxPlace;
}

interface TaxPlace {
  state: string;
  city: string;
}

function taxPlaceOf(venue: { state: string | null; city: string | null }): TaxPlace {
  const state = (venue.state ?? '').trim().toUpperCase();
  return { state: /^[A-Z]{2}$/.test(state) ? state : '', city: (venue.city ?? '').trim().slice(0, 100) };
}

export interface ResolvedCart {
  lines: CartLine[];
  meta: LineMeta[];
  priced: PricedOrder;
  promo: { id: string; code: string } | null;
}

const notOnSale = (field: string, message: string) => unprocessable('not_on_sale', message, [{ field, message }]);
const invalid = (field: string, message: string) => unprocessable('invalid_input', message, [{ field, message }]);

/**
 * Turns a cart into priced lines, checking every rule of what may be bought: tiers on sale and
 * within their per-order limits, active add-ons, events that take donations, a valid promo code.
 */
export async function resolveCart(ctx: InTenant, cart: Cart, settings: Settings): Promise<ResolvedCart> {
  const tickets = cart.tickets ?? [];
  const addOns = cart.add_ons ?? [];
  const donations = cart.donations ?? [];
  if (tickets.length + addOns.length + donations.length === 0) {
    throw unprocessable('empty_cart', 'Add at least one ticket, add-on or donation.', [
      { field: 'body', message: 'the cart is empty' },
    ]);
  }
  const tiers = new Map(
    (
      await repo.tiersForSale(
        ctx.trx,
        ctx.tenantId,
        tickets.map((t) => t.tier_id),
      )
    ).map((tier) => [tier.id, tier]),
  );
  const lines: CartLine[] = [];
  const meta: LineMeta[] = [];
  // The tax rate where the cart's first event is (see add-ons below).
  let firstEventTaxRate: number | null = null;
  let firstEventPlace: TaxPlace = { state: '', city: '' };
  const seen = new Set<string>();

  for (const [i, wanted] of tickets.entries()) {
    const field = `body.tickets.${i}`;
    const tier = tiers.get(wanted.tier_id);
    if (!tier) throw invalid(`${field}.tier_id`, 'There is no ticket tier with this id on sale at this organizer.');
    if (seen.has(tier.id)) {
      throw invalid(`${field}.tier_id`, 'This tier appears twice; send one line per tier with its quantity.');
    }
    seen.add(tier.id);
    if (tier.event_status !== 'published' || tier.event_over) {
      throw notOnSale(`${field}.tier_id`, `"${textIn(tier.event_title)}" is not on sale.`);
    }
    const now = Date.now();
    if (tier.sales_start_at && tier.sales_start_at.getTime() > now) {
      throw notOnSale(
        `${field}.tier_id`,
        `Sales of "${textIn(tier.name)}" open at ${tier.sales_start_at.toISOString()}.`,
      );
    }
    if (tier.sales_end_at && tier.sales_end_at.getTime() <= now) {
      throw notOnSale(`${field}.tier_id`, `Sales of "${textIn(tier.name)}" have closed.`);
    }
    if (wanted.quantity < tier.min_per_order || wanted.quantity > tier.max_per_order) {
      throw invalid(
        `${field}.quantity`,
        `"${textIn(tier.name)}" is sold ${tier.min_per_order} to ${tier.max_per_order} per order.`,
      );
    }
    if ((wanted.attendee_names?.length ?? 0) > wanted.quantity) {
      throw invalid(`${field}.attendee_names`, 'Give at most one attendee name per ticket.');
    }
    if (firstEventTaxRate === null) {
      firstEventTaxRate = tier.tax_rate_ppm;
      firstEventPlace = taxPlaceOf(tier);
    }
    lines.push({
      kind: 'ticket',
      refId: tier.id,
      quantity: wanted.quantity,
      unitPriceCents: tier.price_cents,
      taxRatePpm: tier.tax_rate_ppm,
    });
    meta.push({
      eventId: tier.event_id,
      tierId: tier.id,
      productId: null,
      description: tier.name,
      attendeeNames: (wanted.attendee_names ?? []).map((attendee) => attendee.trim()),
      namesRequiredBy: tier.event_attendee_names === 'required' ? tier.event_title : null,
      taxPlace: taxPlaceOf(tier),
    });
  }

  const products = new Map(
    (
      await repo.productsForSale(
        ctx.trx,
        ctx.tenantId,
        addOns.map((a) => a.product_id),
      )
    ).map((product) => [product.id, product]),
  );
  for (const [i, wanted] of addOns.entries()) {
    const field = `body.add_ons.${i}`;
    const product = products.get(wanted.product_id);
    if (!product) throw invalid(`${field}.product_id`, 'There is no add-on with this id on sale at this organizer.');
    if (seen.has(product.id)) throw invalid(`${field}.product_id`, 'This add-on appears twice; send it once.');
    seen.add(product.id);
    if (product.event_id && (product.event_status !== 'published' || product.event_over)) {
      throw notOnSale(`${field}.product_id`, `"${textIn(product.name)}" is not on sale.`);
    }
    if (wanted.quantity > product.max_per_order) {
      throw invalid(`${field}.quantity`, `At most ${product.max_per_order} of "${textIn(product.name)}" per order.`);
    }
    // An add-on is taxed where its event is; one tied to no event, where the cart's first event is.
    lines.push({
      kind: 'product',
      refId: product.id,
      quantity: wanted.quantity,
      unitPriceCents: product.price_cents,
      taxRatePpm: product.event_id ? product.tax_rate_ppm : (firstEventTaxRate ?? 0),
    });
    meta.push({
      eventId: product.event_id,
      tierId: null,
      productId: product.id,
      description: product.name,
      attendeeNames: [],
      namesRequiredBy: null,
      taxPlace: product.event_id ? taxPlaceOf(product) : firstEventPlace,
    });
  }

  const donationEvents = new Map(
    (
      await repo.eventsTakingDonations(
        ctx.trx,
        ctx.tenantId,
        donations.map((d) => d.event_id),
      )
    ).map((event) => [event.id, event]),
  );
  for (const [i, gift] of donations.entries()) {
    const field = `body.donations.${i}.event_id`;
    const event = donationEvents.get(gift.event_id);
    if (event?.status !== 'published' || event.event_over || !event.donations_enabled) {
      throw invalid(field, 'This event does not take donations.');
    }
    if (seen.has(`donation:${event.id}`)) throw invalid(field, 'Give one donation per event.');
    seen.add(`donation:${event.id}`);
    lines.push({ kind: 'donation', refId: event.id, quantity: 1, unitPriceCents: gift.amount_cents, taxRatePpm: 0 });
    meta.push({
      eventId: event.id,
      tierId: null,
      productId: null,
      description: event.title,
      attendeeNames: [],
      namesRequiredBy: null,
      taxPlace: taxPlaceOf(event),
    });
  }

  let promo: ResolvedCart['promo'] = null;
  let rule: PromoRule | null = null;
  if (cart.promo_code !== undefined) {
    const found = await findPromoCodeByCode(ctx.trx, ctx.tenantId, cart.promo_code);
    const now = Date.now();
    const usable =
      found?.active &&
      (!found.starts_at || found.starts_at.getTime() <= now) &&
      (!found.ends_at || found.ends_at.getTime() > now);
    if (!found || !usable) {
      throw unprocessable('promo_code_invalid', 'This promo code is not valid now. Check its spelling.', [
        { field: 'body.promo_code', message: 'not a valid code' },
      ]);
    }
    if (found.max_uses !== null && found.used_count >= found.max_uses) throw promoUsedUp();
    const applies = lines.some(
      (line) => line.kind === 'ticket' && (found.tier_ids.length === 0 || found.tier_ids.includes(line.refId)),
    );
    if (!applies) {
      throw unprocessable('promo_code_not_applicable', 'This promo code does not apply to the tickets in your cart.', [
        { field: 'body.promo_code', message: 'applies to none of these tickets' },
      ]);
    }
    promo = { id: found.id, code: found.code };
    rule =
      found.kind === 'percent'
        ? { kind: 'percent', percentOffBp: found.percent_off_bp ?? 0, tierIds: found.tier_ids }
        : { kind: 'amount', amountOffCents: found.amount_off_cents ?? 0, tierIds: found.tier_ids };
  }

  const priced = priceOrder(lines, feePolicy(settings), rule);
  if (priced.totalCents > MAX_ORDER_CENTS) {
    throw unprocessable('order_too_large', 'One order can be at most $10,000,000. Split it into several orders.');
  }
  return { lines, meta, priced, promo };
}

// Amounts are stored as 32-bit integers; an order stays well inside them.
const MAX_ORDER_CENTS = 1_000_000_000;

/**
 * An order (not a quote: the price does not depend on names) for an event that requires names
 * must name every one of its tickets. Ticket lines come first in a resolved cart, in the order of
 * `body.tickets`.
 */
function assertAttendeeNames(cart: ResolvedCart): void {
  for (const [i, line] of cart.lines.entries()) {
    const meta = cart.meta[i] as LineMeta;
    if (line.kind !== 'ticket' || !meta.namesRequiredBy) continue;
    const named = meta.attendeeNames.filter((name) => name !== '').length;
    if (named < line.quantity) {
      const count = line.quantity === 1 ? 'the name of its holder' : `${line.quantity} names, one per ticket`;
      throw unprocessable(
        'attendee_names_required',
        `"${textIn(meta.namesRequiredBy)}" needs a name on each ticket: give ${count}, in attendee_names.`,
        [{ field: `body.tickets.${i}.attendee_names`, message: `needs ${line.quantity} non-blank names` }],
      );
    }
  }
}

const promoUsedUp = () =>
  conflict('promo_code_used_up', 'This promo code has been used as many times as it allows.', [
    { field: 'body.promo_code', message: 'used up' },
  ]);

function presentQuote(cart: ResolvedCart, currency: string, settings: Settings) {
  const { priced } = cart;
  return {
    lines: priced.lines.map((line, i) => {
      const meta = cart.meta[i] as LineMeta;
      return {
        kind: line.kind,
        event_id: meta.eventId,
        tier_id: meta.tierId,
        product_id: meta.productId,
        description: meta.description,
        quantity: line.quantity,
        unit_price_cents: line.unitPriceCents,
        subtotal_cents: line.subtotalCents,
        discount_cents: line.discountCents,
        fee_cents: line.feeCents,
        impact_fee_cents: line.impactFeeCents,
        tax_cents: line.taxCents,
        total_cents: line.totalCents,
      };
    }),
    currency,
    subtotal_cents: priced.subtotalCents,
    discount_cents: priced.discountCents,
    fee_cents: priced.feeCents,
    impact_fee_cents: priced.impactFeeCents,
    tax_cents: priced.taxCents,
    donation_cents: priced.donationCents,
    total_cents: priced.totalCents,
    impact_fund_name: settings.impact_fund_name || null,
    promo_code: cart.promo?.code ?? null,
  };
}

export async function quoteCart(services: Services, slug: string, cart: Cart) {
  const tenant = await organizerBySlug(services, slug);
  return runInTenantAsSystem(services, tenant.id, async (ctx) => {
    const settings = await loadCheckoutSettings(ctx.trx, ctx.tenantId);
    return presentQuote(await resolveCart(ctx, cart, settings), tenant.currency.trim(), settings);
  });
}

function soldOut(shortage: StockShortage, cart: NewOrder): AppError {
  const detail: ErrorDetail =
    shortage.kind === 'product'
      ? {
          field: `body.add_ons.${(cart.add_ons ?? []).findIndex((a) => a.product_id === shortage.id)}.product_id`,
          message: 'sold out',
        }
      : shortage.kind === 'tier'
        ? {
            field: `body.tickets.${(cart.tickets ?? []).findIndex((t) => t.tier_id === shortage.id)}.tier_id`,
            message: 'sold out',
          }
        : { field: 'body.tickets', message: 'the event is full' };
  const what =
    shortage.kind === 'product' ? 'This add-on is' : shortage.kind === 'event' ? 'This event is' : 'These tickets are';
  return conflict(
    'sold_out',
    `${what} sold out, or fewer are left than you asked for. Choose fewer, or join the waitlist to be offered returned tickets.`,
    [detail],
  );
}

/**
 * Writes a resolved cart as a pending order with its priced lines, holding until `holdMinutes`
 * from now. Checkout and waitlist offers both record orders this way. A checkout order's stock is
 * taken as its transaction commits (`app.take_order_stock_at_commit`); a waitlist offer takes
 * its own with `takeOrderStock`.
 */
export async function recordOrder(
  ctx: InTenant,
  tenant: Pick<Tenant, 'currency'>,
  cart: ResolvedCart,
  buyer: { name: string; email: string; locale: string; marketingConsent?: boolean },
  options: { holdMinutes: number; waitlistEntryId?: string; customerId?: string },
) {
  const { priced } = cart;
  const order = await orderRepo.insertOrder(
    ctx.trx,
    {
      tenant_id: ctx.tenantId,
      buyer_name: buyer.name,
      buyer_email: buyer.email,
      buyer_locale: buyer.locale,
      marketing_consent: buyer.marketingConsent ?? false,
      currency: tenant.currency.trim(),
      subtotal_cents: priced.subtotalCents,
      discount_cents: priced.discountCents,
      fee_cents: priced.feeCents,
      impact_fee_cents: priced.impactFeeCents,
      organizer_fee_cents: priced.organizerFeeCents,
      tax_cents: priced.taxCents,
      donation_cents: priced.donationCents,
      total_cents: priced.totalCents,
      promo_code_id: cart.promo?.id ?? null,
      waitlist_entry_id: options.waitlistEntryId ?? null,
      customer_id: options.customerId ?? null,
    },
    options.holdMinutes,
  );
  const expiresAt = order.expires_at as Date;
  const lines = await orderRepo.insertOrderLines(
    ctx.trx,
    priced.lines.map((line, i) => {
      const meta = cart.meta[i] as LineMeta;
      return {
        tenant_id: ctx.tenantId,
        order_id: order.id,
        kind: line.kind,
        event_id: meta.eventId,
        tier_id: meta.tierId,
        product_id: meta.productId,
        description: JSON.stringify(meta.description),
        quantity: line.quantity,
        unit_price_cents: line.unitPriceCents,
        subtotal_cents: line.subtotalCents,
        discount_cents: line.discountCents,
        fee_cents: line.feeCents,
        impact_fee_cents: line.impactFeeCents,
        organizer_fee_cents: line.organizerFeeCents,
        tax_cents: line.taxCents,
        total_cents: line.totalCents,
        attendee_names: meta.attendeeNames,
        position: i,
        tax_state: meta.taxPlace.state,
        tax_city: meta.taxPlace.city,
      };
    }),
  );
  return { order, lines, expiresAt };
}

async function placeOrder(
  ctx: InTenant,
  tenant: Pick<Tenant, 'currency' | 'default_locale'>,
  input: NewOrder,
  customerToken: string | undefined,
) {
  const customer = customerToken === undefined ? null : await customerForToken(ctx, customerToken);
  if (customerToken !== undefined && !customer) {
    throw unauthorized(
      'Your sign-in at this storefront has ended. Sign in again, or check out as a guest without the token.',
    );
  }
  const settings = await loadCheckoutSettings(ctx.trx, ctx.tenantId);
  const cart = await resolveCart(ctx, input, settings);
  assertAttendeeNames(cart);
  const { order, lines } = await recordOrder(
    ctx,
    tenant,
    cart,
    {
      name: input.buyer.name.trim(),
      email: input.buyer.email.toLowerCase(),
      locale: input.buyer.locale ?? tenant.default_locale,
      marketingConsent: input.buyer.marketing_consent ?? false,
    },
    { holdMinutes: settings.hold_minutes, customerId: customer?.id },
  );
  if (cart.promo && !(await repo.usePromoCode(ctx.trx, ctx.tenantId, cart.promo.id))) throw promoUsedUp();
  const impactFundName = settings.impact_fund_name || null;
  const promoCode = cart.promo?.code ?? null;
  if (cart.priced.totalCents === 0) {
    const paid = await orders.completeOrder(
      ctx,
      order.id,
      { method: 'free', reference: null, testMode: false },
      { requireLiveHold: true },
    );
    if (paid) return presentForBuyer(ctx, { ...paid, promoCode, impactFundName });
  }
  return presentForBuyer(ctx, { order, lines, tickets: [], promoCode, impactFundName });
}

/**
 * Starts checkout: holds the tickets and add-ons for the organizer's hold time and returns the
 * pending order with its all-in price (a free order is complete at once). The stock is taken as
 * the order commits; when it runs short only because holds have lapsed and were not released
 * yet, they are released and it tries once more.
 */
export async function createOrder(services: Services, slug: string, input: NewOrder, customerToken?: string) {
  const tenant = await organizerBySlug(services, slug);
  for (let attempt = 0; ; attempt++) {
    try {
      return await runInTenantAsSystem(services, tenant.id, (ctx) => placeOrder(ctx, tenant, input, customerToken));
    } catch (error) {
      const shortage = shortageAtCommit(error);
      if (!shortage) throw error;
      if (attempt > 0 || !(await releaseLapsedHolds(services, tenant.id, shortage))) {
        throw soldOut(shortage, input);
      }
    }
  }
}

/** Releases lapsed holds on one tier or product; true if there were any. */
async function releaseLapsedHolds(services: Services, tenantId: string, shortage: StockShortage): Promise<boolean> {
  if (shortage.kind === 'event') return false;
  const lapsed = await runInTenantAsSystem(services, tenantId, (ctx) =>
    lapsedOrdersHolding(ctx.trx, tenantId, {
      tierIds: shortage.kind === 'tier' ? [shortage.id] : [],
      productIds: shortage.kind === 'product' ? [shortage.id] : [],
    }),
  );
  // Concurrent buyers may race to release the same holds; whoever wins, the seats are back.
  for (const orderId of lapsed) {
    await runInTenantAsSystem(services, tenantId, (ctx) => orders.releaseOrder(ctx, orderId, 'expired'));
  }
  return lapsed.length > 0;
}

/**
 * The links of the online events an order's valid tickets admit to: what the buyer paid for, so
 * shown once paid and gone once refunded.
 */
async function onlineEventsOf(ctx: InTenant, tickets: readonly { event_id: string; status: string }[]) {
  const admitted = [...new Set(tickets.filter((ticket) => ticket.status === 'valid').map((t) => t.event_id))];
  const links = await onlineUrlsOf(ctx, admitted);
  return admitted.flatMap((eventId) => {
    const url = links.get(eventId);
    return url ? [{ event_id: eventId, online_url: url }] : [];
  });
}

/** The buyer's view of an order in hand (just written), with the token that opens it again. */
async function presentForBuyer(
  ctx: InTenant,
  parts: OrderParts & { promoCode: string | null; impactFundName: string | null },
) {
  const key = await activeSigningKey(ctx.trx, ctx.tenantId);
  return {
    order: presentOrder(
      { ...parts.order, lapsed: false },
      parts.lines,
      parts.tickets,
      parts.promoCode,
      parts.impactFundName,
      key,
    ),
    access_token: signOrderAccess(key, ctx.tenantId, parts.order.id),
    online_events: await onlineEventsOf(ctx, parts.tickets),
  };
}

/** The buyer's view of an order as stored, read in the caller's transaction. */
async function buyerView(ctx: InTenant, orderId: string) {
  const key = await activeSigningKey(ctx.trx, ctx.tenantId);
  const order = await loadOrderView(ctx, orderId);
  return {
    order,
    access_token: signOrderAccess(key, ctx.tenantId, orderId),
    online_events: await onlineEventsOf(ctx, order.tickets),
  };
}

/** Opens an order with its access token; a wrong token looks like a missing order. */
async function authorizeBuyer(ctx: InTenant, orderId: string, token: string) {
  const keys = await signingPublicKeys(ctx.trx, ctx.tenantId);
  if (!verifyOrderAccess(token, keys, ctx.tenantId, orderId)) throw notFound('The order');
  const order = await orderRepo.findOrder(ctx.trx, ctx.tenantId, orderId);
  if (!order) throw notFound('The order');
  return order;
}

export async function getBuyerOrder(services: Services, slug: string, orderId: string, token: string) {
  const tenant = await organizerBySlug(services, slug);
  return runInTenantAsSystem(services, tenant.id, async (ctx) => {
    await authorizeBuyer(ctx, orderId, token);
    return buyerView(ctx, orderId);
  });
}

type PendingOrder = Awaited<ReturnType<typeof orderRepo.findOrder>> & object;

function assertPayable(order: PendingOrder): void {
  if (order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded') {
    throw conflict('already_paid', 'This order is already paid.');
  }
  if (order.status !== 'pending' || order.lapsed) {
    throw conflict(
      'hold_expired',
      'The time to pay for this order ran out and its tickets went back on sale. Start a new order.',
    );
  }
}

/**
 * Records a card payment the processor has taken and shows the buyer where it stands: paid, or,
 * when it came too late for its seats, refunded (409 hold_expired, the card refunded in full).
 */
async function settleForBuyer(services: Services, tenantId: string, orderId: string, payment: SettledPayment) {
  // The refund must commit before the buyer hears of it: the answer is decided after the transaction.
  const view = await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const outcome = await settlePaymentIn(ctx, orderId, payment);
    return outcome === 'refunded_seats_gone' || outcome === 'refunded_order_closed' ? null : buyerView(ctx, orderId);
  });
  if (!view) {
    throw conflict(
      'hold_expired',
      'The time to pay for this order ran out and its tickets were sold meanwhile. Your payment has been refunded in full.',
    );
  }
  return view;
}

/**
 * The buyer is back from paying in the browser (Stripe's redirect, or the Payment Element's
 * answer): asks Stripe how the payment stands and records it if it succeeded, without waiting for
 * the webhook, which then finds it recorded.
 */
export async function confirmBuyerPayment(services: Services, slug: string, orderId: string, token: string) {
  const tenant = await organizerBySlug(services, slug);
  const order = await runInTenantAsSystem(services, tenant.id, (ctx) => authorizeBuyer(ctx, orderId, token));
  if (order.status !== 'pending' || !order.payment_intent_id) {
    return runInTenantAsSystem(services, tenant.id, (ctx) => buyerView(ctx, orderId));
  }
  const state = await services.payments.paymentState(order.payment_intent_id);
  if (!state || state.tenantId !== tenant.id || state.orderId !== orderId) throw notFound('The payment');
  if (state.status === 'succeeded') return settleForBuyer(services, tenant.id, orderId, state.payment);
  if (state.status === 'failed') {
    throw new AppError(402, 'payment_failed', state.message ?? 'The payment did not go through. Try another card.');
  }
  return runInTenantAsSystem(services, tenant.id, (ctx) => buyerView(ctx, orderId));
}

/** Completes a paid (or claimed) order and presents it to its buyer; null if no longer payable. */
function completeForBuyer(services: Services, tenantId: string, orderId: string, payment: orders.PaymentRecord) {
  return runInTenantAsSystem(services, tenantId, async (ctx) => {
    const paid = await orders.completeOrder(ctx, orderId, payment, { requireLiveHold: true });
    if (!paid) return null;
    const promo = await orderRepo.promoCodeOf(ctx.trx, ctx.tenantId, paid.order.promo_code_id);
    const fund =
      paid.order.impact_fee_cents > 0 ? (await loadCheckoutSettings(ctx.trx, ctx.tenantId)).impact_fund_name : '';
    return presentForBuyer(ctx, { ...paid, promoCode: promo?.code ?? null, impactFundName: fund || null });
  });
}

export async function payOrder(services: Services, slug: string, orderId: string, token: string, payment: Payment) {
  const tenant = await organizerBySlug(services, slug);
  const { order, settings, terms } = await runInTenantAsSystem(services, tenant.id, async (ctx) => {
    const found = await authorizeBuyer(ctx, orderId, token);
    assertPayable(found);
    // Only paying in person depends on the organizer's settings; only a card, on her Stripe account.
    return {
      order: found,
      settings: payment.method === 'card' ? null : await loadCheckoutSettings(ctx.trx, ctx.tenantId),
      terms: payment.method === 'card' ? await paymentTerms(ctx, found) : null,
    };
  });

  if (order.total_cents === 0) {
    // Nothing to charge (free tickets offered from a waitlist): paying claims the order.
    const claimed = await completeForBuyer(services, tenant.id, orderId, {
      method: 'free',
      reference: null,
      testMode: false,
    });
    if (!claimed) throw conflict('hold_expired', 'The time to claim this order ran out. Start a new order.');
    return claimed;
  }

  if (payment.method === 'card') {
    if (!terms) throw new Error('card payment terms were not read');
    if (services.payments.name === 'test' && !payment.card_number) {
      throw invalid('body.card_number', 'Enter a card number; in test mode 4242 4242 4242 4242 succeeds.');
    }
    const attempt = await services.payments.startPayment({
      tenantId: tenant.id,
      orderId,
      orderNumber: order.number,
      amountCents: order.total_cents,
      currency: order.currency,
      buyerEmail: order.buyer_email,
      existingReference: order.payment_intent_id,
      paymentDetails: payment.card_number ? { card_number: payment.card_number } : {},
      ...terms,
    });
    if (attempt.status === 'declined') {
      throw new AppError(402, attempt.declineCode, attempt.message, [
        { field: 'body.card_number', message: attempt.message },
      ]);
    }
    if (attempt.status === 'requires_action') {
      // The buyer's browser confirms the payment with Stripe; its webhook (or the buyer's return
      // to the order page) records it.
      return runInTenantAsSystem(services, tenant.id, async (ctx) => {
        await rememberPaymentIntent(ctx, orderId, attempt.reference);
        return {
          ...(await buyerView(ctx, orderId)),
          payment_action: {
            type: 'stripe_payment_element' as const,
            client_secret: attempt.clientSecret,
            publishable_key: attempt.publishableKey,
          },
        };
      });
    }
    return settleForBuyer(services, tenant.id, orderId, attempt.payment);
  }

  if (!settings?.offline_methods.includes(payment.method)) {
    throw unprocessable(
      'payment_method_unavailable',
      payment.method === 'cash'
        ? 'This organizer does not take cash payment. Pay by card.'
        : 'This organizer does not take payment through community partners. Pay by card.',
      [{ field: 'body.method', message: 'not offered by this organizer' }],
    );
  }
  const partner = payment.method === 'partner' ? payment.partner.trim() : null;
  if (partner !== null && !settings.community_partners.includes(partner)) {
    throw invalid(
      'body.partner',
      `Choose one of this organizer's partners: ${settings.community_partners.join(', ')}.`,
    );
  }
  return runInTenantAsSystem(services, tenant.id, async (ctx) => {
    await orders.reserveForOfflinePayment(
      ctx,
      orderId,
      payment.method as 'cash' | 'partner',
      partner,
      settings.offline_payment_hours,
    );
    return buyerView(ctx, orderId);
  });
}

/** The buyer gives up a pending order: its tickets go back on sale at once. */
export async function cancelBuyerOrder(services: Services, slug: string, orderId: string, token: string) {
  const tenant = await organizerBySlug(services, slug);
  return runInTenantAsSystem(services, tenant.id, async (ctx) => {
    const order = await authorizeBuyer(ctx, orderId, token);
    if (order.status !== 'pending') {
      throw conflict('not_pending', `This order is ${order.status}; only unpaid orders can be cancelled here.`);
    }
    await orders.releaseOrder(ctx, orderId, 'cancelled');
    return buyerView(ctx, orderId);
  });
}

export async function ticketKeys(services: Services, slug: string) {
  const tenant = await organizerBySlug(services, slug);
  const keys = await runInTenantAsSystem(services, tenant.id, async (ctx) => {
    await activeSigningKey(ctx.trx, ctx.tenantId);
    return signingPublicKeys(ctx.trx, ctx.tenantId);
  });
  return { keys: keys.map(publicKeyJwk) };
}

/**
 * The order's valid tickets as the PDF its confirmation carries, in `locale` (the page the buyer
 * is on) or else the language they bought in: for a buyer without the email at hand.
 */
export async function renderBuyerTicketsPdf(
  services: Services,
  slug: string,
  orderId: string,
  token: string,
  locale: string | undefined,
): Promise<{ pdf: Buffer; filename: string }> {
  const tenant = await organizerBySlug(services, slug);
  const copy = await runInTenantAsSystem(services, tenant.id, async (ctx) => {
    await authorizeBuyer(ctx, orderId, token);
    return confirmationCopy(ctx, orderId, locale);
  });
  if (!copy) throw notFound('The order');
  if (copy.confirmation.tickets.length === 0) {
    throw conflict('no_valid_tickets', 'This order has no valid tickets: they come once it is paid.');
  }
  // Drawn after the transaction: a PDF of many pages takes a while, and holds no lock meanwhile.
  const pdf = await renderTicketsPdf(copy.buyer, copy.confirmation);
  return { pdf, filename: ticketWords(copy.buyer.locale).pdfFilename(copy.confirmation.orderNumber) };
}

export async function renderTicketQr(
  services: Services,
  slug: string,
  orderId: string,
  ticketId: string,
  token: string,
  format: 'svg' | 'png',
): Promise<string | Buffer> {
  const tenant = await organizerBySlug(services, slug);
  const code = await runInTenantAsSystem(services, tenant.id, async (ctx) => {
    await authorizeBuyer(ctx, orderId, token);
    const ticket = await ctx.trx
      .selectFrom('tickets')
      .select(['id', 'event_id', 'status'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('order_id', '=', orderId)
      .where('id', '=', ticketId)
      .executeTakeFirst();
    if (!ticket) throw notFound('The ticket');
    if (ticket.status !== 'valid')
      throw conflict('ticket_revoked', 'This ticket was revoked and has no code any more.');
    const key = await activeSigningKey(ctx.trx, ctx.tenantId);
    return signTicketCode(key, { tenantId: ctx.tenantId, eventId: ticket.event_id, ticketId: ticket.id });
  });
  return format === 'svg' ? ticketQrSvg(code) : ticketQrPng(code);
}
