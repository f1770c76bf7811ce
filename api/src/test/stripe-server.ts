import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

// biome-ignore lint/suspicious/noExplicitAny: Stripe objects are open-ended JSON that tests read freely.
export type StripeObject = Record<string, any>;

export interface FakeStripe {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** SDK config for pointing `new Stripe(secretKey, …)` here. */
  sdkConfig: { host: string; port: number; protocol: 'http' };
  /** Requests with another bearer key get a 401. */
  secretKey: string;
  webhookSecret: string;
  /** Every request received; `body` is the form body (the query of a GET or DELETE) parsed to an object. */
  requests: {
    method: string;
    path: string;
    body: Record<string, unknown>;
    idempotencyKey: string | null;
    stripeAccount: string | null;
  }[];
  /** Stored objects by id. */
  objects: Map<string, StripeObject>;
  /** Events created so far, in order. Nothing is delivered by itself: use `signedDelivery`. */
  events: StripeObject[];
  signedDelivery(
    event: StripeObject,
    options?: { timestamp?: number; secret?: string },
  ): { payload: string; headers: Record<string, string> };
  /** A buyer's Payment Element confirming; `pm_card_chargeDeclined*` declines. */
  confirmPaymentIntent(id: string, paymentMethod?: string): StripeObject;
  openDispute(chargeId: string, reason?: string): StripeObject;
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): StripeObject;
  /** Deep-merges `changes` into a connected account, as onboarding or Stripe's review would. */
  updateAccount(id: string, changes: StripeObject): StripeObject;
  completeCheckoutSession(id: string): StripeObject;
  updateSubscription(
    id: string,
    changes: { status?: string; price?: string; cancel_at_period_end?: boolean },
  ): StripeObject;
  settlePayout(id: string, outcome: 'paid' | 'failed'): StripeObject;
  /** The available balance of a connected account (null: the platform), in the currency's minor unit. */
  balance(account: string | null, currency?: string): number;
  close(): Promise<void>;
}

const API_VERSION = Stripe.API_VERSION;
const DISPUTE_FEE = 1500;
const ONBOARDING_DUE = ['external_account', 'individual.dob.day'];
const DECLINE_CODES: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclinedExpiredCard: 'expired_card',
};
const CURRENCIES: Record<string, string> = { US: 'usd', CA: 'cad', GB: 'gbp', AU: 'aud', FR: 'eur', DE: 'eur' };
/** What GET /v1/<collection>/:id answers; the object type is the collection's name in the singular. */
const COLLECTIONS =
  'payment_intents charges refunds disputes accounts transfers payouts customers subscriptions prices products balance_transactions application_fees checkout/sessions payment_method_domains';
/** Balance transaction type → reporting category, where they differ. */
const CATEGORIES: Record<string, string> = {
  payment: 'charge',
  payment_refund: 'refund',
  transfer_refund: 'transfer_reversal',
  application_fee: 'platform_earning',
  application_fee_refund: 'platform_earning_refund',
  payout_failure: 'payout_reversal',
};
function reportingCategory(account: string | null, type: string, amount: number): string {
  if (type === 'adjustment') return amount < 0 ? 'dispute' : 'dispute_reversal';
  if (account && type.startsWith('application_fee')) return 'fee';
  return CATEGORIES[type] ?? type;
}
const GET_BY_ID = new RegExp(`^/v1/(${COLLECTIONS.replaceAll(' ', '|')})/([^/]+)$`);

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeObject,
  ) {
    super(String(body.message));
  }
}

const invalid = (message: string, extra: StripeObject = {}) =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...extra });
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const now = () => Math.floor(Date.now() / 1000);
const clone = <T>(value: T): T => structuredClone(value);
const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const bool = (value: unknown) => value === 'true';
const nulls = (names: string) => Object.fromEntries(names.split(' ').map((name) => [name, null]));
const list = (url: string, data: StripeObject[] = []) => ({ object: 'list', data, has_more: false, url });
const isPlainObject = (value: unknown): value is StripeObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Stripe's standard US card pricing, 2.9% + 30¢, rounded half up in integer arithmetic. */
export const stripeFee = (amount: number) => Math.floor((amount * 29 + 500) / 1000) + 30;

/** Form body in Stripe's bracket notation (`a[b][0][c]=…`, `expand[]=…`) to nested objects and arrays; values stay strings. */
function parseForm(text: string): StripeObject {
  const root: StripeObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const [head = '', ...rest] = key.split('[');
    const path = [head, ...rest.map((segment) => segment.replace(/\]$/, ''))];
    if (path.includes('__proto__')) continue;
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] ?? '';
      const field = segment === '' && Array.isArray(node) ? String(node.length) : segment;
      if (i === path.length - 1) {
        node[field] = value;
      } else {
        node[field] ??= /^\d*$/.test(path[i + 1] ?? '') ? [] : {};
        node = node[field];
      }
    }
  }
  return root;
}

function required(value: unknown, param: string): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
  }
  return value;
}

function int(value: unknown, param: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw invalid(`Invalid integer: ${String(value)}`, { code: 'parameter_invalid_integer', param });
  }
  return Number(value);
}

const requiredInt = (value: unknown, param: string) => int(required(value, param), param) as number;

/** Metadata update semantics: '' unsets everything, a key set to '' is removed. */
function mergeMetadata(current: StripeObject, update: unknown): StripeObject {
  if (update === '') return {};
  const merged = { ...current, ...(isPlainObject(update) ? update : {}) };
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];
  return merged;
}

function requirementsDue(fields: string[]): StripeObject {
  const due = { currently_due: [...fields], eventually_due: [...fields], past_due: [...fields] };
  const disabled_reason = fields.length ? 'requirements.past_due' : null;
  return { ...due, disabled_reason, alternatives: [], current_deadline: null, errors: [], pending_verification: [] };
}

function deepMerge(target: StripeObject, source: StripeObject): void {
  for (const [key, value] of Object.entries(source)) {
    if (isPlainObject(value) && isPlainObject(target[key])) deepMerge(target[key], value);
    else target[key] = clone(value);
  }
}

function periodEnd(start: number, interval: string, count: number): number {
  const date = new Date(start * 1000);
  if (interval === 'year') date.setUTCFullYear(date.getUTCFullYear() + count);
  else if (interval === 'month') date.setUTCMonth(date.getUTCMonth() + count);
  else date.setUTCDate(date.getUTCDate() + count * (interval === 'week' ? 7 : 1));
  return Math.floor(date.getTime() / 1000);
}

export async function startFakeStripe(options: { port?: number } = {}): Promise<FakeStripe> {
  const secretKey = `sk_test_fake_${hex(12)}`;
  const webhookSecret = `whsec_${hex(16)}`;
  const requests: FakeStripe['requests'] = [];
  const objects = new Map<string, StripeObject>();
  const events: StripeObject[] = [];
  /** Available balance by account ('' is the platform) and currency, moved only by `ledger`. */
  const balances = new Map<string, Map<string, number>>();
  const payoutAccounts = new Map<string, string>();
  const sessionSetup = new Map<string, { items: { price: string; quantity: number }[]; metadata: StripeObject }>();
  const replays = new Map<string, { path: string; body: string; status: number; payload: string }>();
  const platformBank = `ba_1${hex(12)}`;
  /** The API request being handled, recorded on the events it causes (test controls have none). */
  let context: { id: string | null; idempotency_key: string | null } = { id: null, idempotency_key: null };
  let url = '';

  /** Stores a Stripe object; the fields every object has come first. */
  function record(object: string, id: string, fields: StripeObject): StripeObject {
    const stored = { id, object, created: now(), livemode: false, ...fields };
    objects.set(id, stored);
    return stored;
  }

  function find(kind: string, id: unknown, param = 'id', label = kind): StripeObject {
    const object = typeof id === 'string' ? objects.get(id) : undefined;
    if (object?.object === kind) return object;
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param,
      message: `No such ${label}: '${String(id)}'`,
    });
  }

  function emit(type: string, object: StripeObject, extra: { account?: string | null; previous?: StripeObject } = {}) {
    events.push({
      id: `evt_1${hex(12)}`,
      object: 'event',
      ...(extra.account ? { account: extra.account } : {}),
      api_version: API_VERSION,
      created: now(),
      data: { object: clone(object), ...(extra.previous ? { previous_attributes: clone(extra.previous) } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { ...context },
      type,
    });
  }

  const available = (account: string | null, currency: string) => balances.get(account ?? '')?.get(currency) ?? 0;

  /** Books a balance transaction on an account (null: the platform) and moves its balance by the net. */
  function ledger(account: string | null, type: string, source: string, amount: number, currency: string, fee = 0) {
    const byCurrency = balances.get(account ?? '') ?? new Map<string, number>();
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + amount - fee);
    balances.set(account ?? '', byCurrency);
    const description = type === 'adjustment' ? 'Dispute fee' : 'Stripe processing fees';
    return record('balance_transaction', `txn_1${hex(12)}`, {
      amount,
      available_on: now(),
      currency,
      fee,
      fee_details: fee ? [{ amount: fee, application: null, currency, description, type: 'stripe_fee' }] : [],
      net: amount - fee,
      reporting_category: reportingCategory(account, type, amount),
      source,
      status: 'available',
      type,
      ...nulls('description exchange_rate'),
    }).id as string;
  }

  /** Stripe refuses money movement to an account that cannot take transfers yet. */
  function transferableAccount(id: unknown, param: string): StripeObject {
    const account = find('account', id, param, 'destination');
    if (account.charges_enabled) return account;
    throw invalid(
      'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      { code: 'insufficient_capabilities_for_transfer', param },
    );
  }

  function createPaymentIntent(body: StripeObject): StripeObject {
    const amount = requiredInt(body.amount, 'amount');
    const currency = required(body.currency, 'currency').toLowerCase();
    if (amount < 50) throw invalid('Amount must be at least $0.50 usd', { code: 'amount_too_small', param: 'amount' });
    const fee = int(body.application_fee_amount, 'application_fee_amount') ?? null;
    if (fee !== null && fee > amount) {
      throw invalid('The application fee cannot be greater than the amount.', { param: 'application_fee_amount' });
    }
    let transferData: StripeObject | null = null;
    if (isPlainObject(body.transfer_data)) {
      const destination = transferableAccount(body.transfer_data.destination, 'transfer_data[destination]').id;
      const transferAmount = int(body.transfer_data.amount, 'transfer_data[amount]');
      transferData = { destination, ...(transferAmount === undefined ? {} : { amount: transferAmount }) };
    }
    const id = `pi_3${hex(12)}`;
    const automatic = isPlainObject(body.automatic_payment_methods) ? body.automatic_payment_methods : null;
    return record('payment_intent', id, {
      amount,
      amount_received: 0,
      application_fee_amount: fee,
      automatic_payment_methods: automatic && { allow_redirects: 'always', enabled: bool(automatic.enabled) },
      client_secret: `${id}_secret_${hex(12)}`,
      currency,
      customer: body.customer ?? null,
      description: body.description ?? null,
      metadata: mergeMetadata({}, body.metadata),
      payment_method_types: ['card'],
      receipt_email: body.receipt_email ?? null,
      status: 'requires_payment_method',
      transfer_data: transferData,
      transfer_group: body.transfer_group ?? null,
      ...nulls('canceled_at cancellation_reason last_payment_error latest_charge next_action payment_method'),
    });
  }

  function createTransfer(
    fields: { amount: number; currency: string; destination: string } & StripeObject,
    sourceTransaction: string | null = null,
  ): StripeObject {
    const id = `tr_1${hex(12)}`;
    const { amount, currency, destination } = fields;
    const payment = `py_1${hex(12)}`;
    const transfer = record('transfer', id, {
      amount,
      amount_reversed: 0,
      balance_transaction: ledger(null, 'transfer', id, -amount, currency),
      currency,
      description: fields.description ?? null,
      destination,
      destination_payment: payment,
      metadata: mergeMetadata({}, fields.metadata),
      reversals: list(`/v1/transfers/${id}/reversals`),
      reversed: false,
      source_transaction: sourceTransaction,
      transfer_group: fields.transfer_group ?? null,
    });
    ledger(destination, 'payment', payment, amount, currency);
    emit('transfer.created', transfer);
    return transfer;
  }

  function createCharge(intent: StripeObject, paymentMethod: string, declineCode: string | undefined): StripeObject {
    const id = `ch_3${hex(12)}`;
    const { amount, currency } = intent;
    const charge = record('charge', id, {
      amount,
      amount_captured: declineCode ? 0 : amount,
      amount_refunded: 0,
      application_fee_amount: intent.application_fee_amount,
      captured: !declineCode,
      currency,
      customer: intent.customer,
      description: intent.description,
      disputed: false,
      failure_code: declineCode ? 'card_declined' : null,
      failure_message: declineCode ? 'Your card was declined.' : null,
      metadata: clone(intent.metadata),
      paid: !declineCode,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      payment_method_details: {
        card: { brand: 'visa', country: 'US', exp_month: 12, exp_year: 2034, last4: declineCode ? '0002' : '4242' },
        type: 'card',
      },
      receipt_email: intent.receipt_email,
      receipt_url: declineCode ? null : `${url}/receipts/${id}`,
      refunded: false,
      status: declineCode ? 'failed' : 'succeeded',
      transfer_data: clone(intent.transfer_data),
      transfer_group: intent.transfer_group,
      ...nulls('application_fee balance_transaction'),
    });
    if (declineCode) return charge;
    const fee = stripeFee(amount);
    charge.balance_transaction = ledger(null, 'charge', id, amount, currency, fee);
    const destination: string | undefined = intent.transfer_data?.destination;
    if (!destination) return charge;
    // Destination charge: the transfer carries the whole amount (or transfer_data[amount]), then
    // the application fee is collected back from the connected account.
    intent.transfer_group ??= `group_${intent.id}`;
    charge.transfer_group = intent.transfer_group;
    const transferAmount = intent.transfer_data.amount ?? amount;
    const transfer = createTransfer(
      { amount: transferAmount, currency, destination, transfer_group: charge.transfer_group },
      id,
    );
    charge.transfer = transfer.id;
    const applicationFee = intent.application_fee_amount ?? 0;
    if (applicationFee > 0) {
      const feeId = `fee_1${hex(12)}`;
      ledger(destination, 'application_fee', feeId, -applicationFee, currency);
      record('application_fee', feeId, {
        account: destination,
        amount: applicationFee,
        amount_refunded: 0,
        balance_transaction: ledger(null, 'application_fee', feeId, applicationFee, currency),
        charge: id,
        currency,
        originating_transaction: transfer.destination_payment,
        refunded: false,
      });
      charge.application_fee = feeId;
    }
    return charge;
  }

  function confirmPaymentIntent(id: string, paymentMethod = 'pm_card_visa'): StripeObject {
    const intent = find('payment_intent', id);
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
      throw invalid(
        `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
        { code: 'payment_intent_unexpected_state', payment_intent: clone(intent) },
      );
    }
    const declineCode = DECLINE_CODES[paymentMethod];
    const charge = createCharge(intent, paymentMethod, declineCode);
    intent.latest_charge = charge.id;
    if (declineCode) {
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: declineCode,
        message: 'Your card was declined.',
        charge: charge.id,
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        payment_method: { id: paymentMethod, object: 'payment_method', type: 'card' },
      };
      emit('charge.failed', charge);
      emit('payment_intent.payment_failed', intent);
    } else {
      Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, payment_method: paymentMethod });
      intent.last_payment_error = null;
      emit('charge.succeeded', charge);
      emit('payment_intent.succeeded', intent);
    }
    return intent;
  }

  function cancelPaymentIntent(id: string, body: StripeObject): StripeObject {
    const intent = find('payment_intent', id);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        { code: 'payment_intent_unexpected_state' },
      );
    }
    Object.assign(intent, {
      status: 'canceled',
      canceled_at: now(),
      cancellation_reason: body.cancellation_reason ?? null,
    });
    emit('payment_intent.canceled', intent);
    return intent;
  }

  function refundedCharge(body: StripeObject): StripeObject {
    if (body.charge) return find('charge', body.charge, 'charge');
    if (!body.payment_intent) {
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.');
    }
    const intent = find('payment_intent', body.payment_intent, 'payment_intent');
    if (intent.status === 'succeeded') return find('charge', intent.latest_charge);
    throw invalid(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, {
      param: 'payment_intent',
    });
  }

  function createRefund(body: StripeObject): StripeObject {
    const charge = refundedCharge(body);
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining === 0)
      throw invalid(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    const amount = int(body.amount, 'amount') ?? remaining;
    if (amount <= 0) throw invalid('Invalid positive integer', { code: 'parameter_invalid_integer', param: 'amount' });
    if (amount > remaining) {
      const message = `Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`;
      throw invalid(message, { param: 'amount' });
    }
    const id = `re_3${hex(12)}`;
    const { currency } = charge;
    const refund = record('refund', id, {
      amount,
      balance_transaction: ledger(null, 'refund', id, -amount, currency),
      charge: charge.id,
      currency,
      metadata: mergeMetadata({}, body.metadata),
      payment_intent: charge.payment_intent,
      reason: body.reason ?? null,
      status: 'succeeded',
      ...nulls('receipt_number source_transfer_reversal transfer_reversal'),
    });
    // Connect reverses the transfer and the application fee in proportion to the refunded share.
    const transfer = charge.transfer ? find('transfer', charge.transfer) : null;
    if (transfer && bool(body.reverse_transfer)) {
      const share = Math.round((amount * transfer.amount) / charge.amount);
      const reversed = Math.min(share, transfer.amount - transfer.amount_reversed);
      const reversalId = `trr_1${hex(12)}`;
      const paymentRefund = `pyr_1${hex(12)}`;
      const reversal = record('transfer_reversal', reversalId, {
        amount: reversed,
        balance_transaction: ledger(null, 'transfer_refund', reversalId, reversed, currency),
        currency,
        destination_payment_refund: paymentRefund,
        metadata: {},
        source_refund: id,
        transfer: transfer.id,
      });
      ledger(transfer.destination, 'payment_refund', paymentRefund, -reversed, currency);
      transfer.amount_reversed += reversed;
      transfer.reversed = transfer.amount_reversed === transfer.amount;
      transfer.reversals.data.push(clone(reversal));
      refund.transfer_reversal = reversalId;
    }
    const applicationFee = charge.application_fee ? find('application_fee', charge.application_fee) : null;
    if (applicationFee && transfer && bool(body.refund_application_fee)) {
      const share = Math.round((amount * applicationFee.amount) / charge.amount);
      const back = Math.min(share, applicationFee.amount - applicationFee.amount_refunded);
      const source = `fr_1${hex(12)}`;
      ledger(null, 'application_fee_refund', source, -back, currency);
      ledger(transfer.destination, 'application_fee_refund', source, back, currency);
      applicationFee.amount_refunded += back;
      applicationFee.refunded = applicationFee.amount_refunded === applicationFee.amount;
    }
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    emit('charge.refunded', charge);
    emit('refund.created', refund);
    return refund;
  }

  /** Gives part of an application fee back to the connected account it was taken from. */
  function createFeeRefund(feeId: string, body: StripeObject): StripeObject {
    const fee = find('application_fee', feeId, 'id', 'application fee');
    const remaining = fee.amount - fee.amount_refunded;
    const amount = int(body.amount, 'amount') ?? remaining;
    if (amount <= 0) throw invalid('Invalid positive integer', { code: 'parameter_invalid_integer', param: 'amount' });
    if (amount > remaining) {
      const message = `Refund amount (${dollars(amount)}) is greater than unrefunded amount on fee (${dollars(remaining)})`;
      throw invalid(message, { param: 'amount' });
    }
    const id = `fr_1${hex(12)}`;
    const refund = record('fee_refund', id, {
      amount,
      balance_transaction: ledger(null, 'application_fee_refund', id, -amount, fee.currency),
      currency: fee.currency,
      fee: fee.id,
      metadata: mergeMetadata({}, body.metadata),
    });
    ledger(fee.account, 'application_fee_refund', id, amount, fee.currency);
    fee.amount_refunded += amount;
    fee.refunded = fee.amount_refunded === fee.amount;
    emit('application_fee.refunded', fee);
    return refund;
  }

  function openDispute(chargeId: string, reason = 'fraudulent'): StripeObject {
    const charge = find('charge', chargeId);
    if (charge.status !== 'succeeded') throw new Error(`Charge ${chargeId} did not succeed; it cannot be disputed.`);
    const id = `du_1${hex(12)}`;
    const { amount, currency } = charge;
    const withdrawal = ledger(null, 'adjustment', id, -amount, currency, DISPUTE_FEE);
    const dispute = record('dispute', id, {
      amount,
      balance_transactions: [clone(objects.get(withdrawal))],
      charge: charge.id,
      currency,
      evidence: {},
      evidence_details: { due_by: now() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
      is_charge_refundable: false,
      metadata: {},
      payment_intent: charge.payment_intent,
      reason,
      status: 'needs_response',
    });
    charge.disputed = true;
    emit('charge.dispute.created', dispute);
    return dispute;
  }

  function closeDispute(disputeId: string, outcome: 'won' | 'lost'): StripeObject {
    const dispute = find('dispute', disputeId);
    if (dispute.status === 'won' || dispute.status === 'lost')
      throw new Error(`Dispute ${disputeId} is already closed.`);
    if (outcome === 'won') {
      const { amount, currency, id } = dispute;
      const reinstatement = ledger(null, 'adjustment', id, amount, currency, -DISPUTE_FEE);
      dispute.balance_transactions.push(clone(objects.get(reinstatement)));
    }
    dispute.status = outcome;
    emit('charge.dispute.closed', dispute);
    return dispute;
  }

  function createAccount(body: StripeObject): StripeObject {
    const id = `acct_1${hex(8)}`;
    const country = (typeof body.country === 'string' ? body.country : 'US').toUpperCase();
    const requested = Object.entries(isPlainObject(body.capabilities) ? body.capabilities : {})
      .filter(([, capability]) => bool(capability?.requested))
      .map(([name]) => [name, 'inactive']);
    const interval = body.settings?.payouts?.schedule?.interval ?? 'daily';
    return record('account', id, {
      business_profile: { name: body.business_profile?.name ?? null, url: body.business_profile?.url ?? null },
      business_type: body.business_type ?? null,
      capabilities: Object.fromEntries(requested),
      charges_enabled: false,
      country,
      default_currency: CURRENCIES[country] ?? 'usd',
      details_submitted: false,
      email: body.email ?? null,
      external_accounts: list(`/v1/accounts/${id}/external_accounts`),
      future_requirements: requirementsDue([]),
      metadata: mergeMetadata({}, body.metadata),
      payouts_enabled: false,
      requirements: requirementsDue(ONBOARDING_DUE),
      settings: { payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval } } },
      type: body.type ?? 'express',
    });
  }

  function updateAccount(id: string, changes: StripeObject): StripeObject {
    const account = find('account', id);
    const previous = Object.fromEntries(Object.keys(changes).map((key) => [key, clone(account[key] ?? null)]));
    deepMerge(account, changes);
    if (account.charges_enabled) {
      for (const name of new Set(['card_payments', 'transfers', ...Object.keys(account.capabilities)])) {
        account.capabilities[name] = 'active';
      }
    }
    // A fully onboarded account has nothing due, unless the caller says otherwise.
    if (account.charges_enabled && account.payouts_enabled && account.details_submitted && !changes.requirements) {
      Object.assign(account.requirements, requirementsDue([]));
    }
    if (account.payouts_enabled && account.external_accounts.data.length === 0) {
      account.external_accounts.data.push({
        id: `ba_1${hex(12)}`,
        object: 'bank_account',
        account: id,
        bank_name: 'STRIPE TEST BANK',
        currency: account.default_currency,
        default_for_currency: true,
        last4: '6789',
        status: 'new',
      });
    }
    emit('account.updated', account, { account: id, previous });
    return account;
  }

  function createPayout(body: StripeObject, accountId: string | null): StripeObject {
    const amount = requiredInt(body.amount, 'amount');
    const currency = required(body.currency, 'currency').toLowerCase();
    const id = `po_1${hex(12)}`;
    let destination = platformBank;
    if (accountId) {
      const account = find('account', accountId);
      if (!account.payouts_enabled) {
        throw invalid(
          "Payouts have been disabled on the connected account. Check the connected account's status to see if any additional information needs to be provided, or if payouts have been disabled for another reason.",
          { code: 'payouts_not_allowed' },
        );
      }
      if (amount > available(accountId, currency)) {
        throw invalid(
          'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).',
          { code: 'balance_insufficient' },
        );
      }
      destination = account.external_accounts.data[0]?.id ?? platformBank;
      payoutAccounts.set(id, accountId);
    }
    const payout = record('payout', id, {
      amount,
      arrival_date: now() + 2 * 86400,
      automatic: false,
      balance_transaction: ledger(accountId, 'payout', id, -amount, currency),
      currency,
      description: body.description ?? null,
      destination,
      metadata: mergeMetadata({}, body.metadata),
      method: body.method ?? 'standard',
      statement_descriptor: body.statement_descriptor ?? null,
      status: 'pending',
      type: 'bank_account',
      ...nulls('failure_balance_transaction failure_code failure_message'),
    });
    emit('payout.created', payout, { account: accountId });
    return payout;
  }

  function settlePayout(id: string, outcome: 'paid' | 'failed'): StripeObject {
    const payout = find('payout', id);
    if (payout.status !== 'pending' && payout.status !== 'in_transit') {
      throw new Error(`Payout ${id} is already ${payout.status}.`);
    }
    const account = payoutAccounts.get(id) ?? null;
    if (outcome === 'failed') {
      // The bank returns the money to the account's Stripe balance.
      const { amount, currency } = payout;
      Object.assign(payout, {
        failure_balance_transaction: ledger(account, 'payout_failure', id, amount, currency),
        failure_code: 'account_closed',
        failure_message: 'The bank account has been closed.',
      });
    }
    payout.status = outcome;
    emit(`payout.${outcome}`, payout, { account });
    return payout;
  }

  function createCustomer(body: StripeObject): StripeObject {
    return record('customer', `cus_${hex(7)}`, {
      balance: 0,
      description: body.description ?? null,
      email: body.email ?? null,
      invoice_settings: { default_payment_method: null },
      metadata: mergeMetadata({}, body.metadata),
      name: body.name ?? null,
      ...nulls('address currency default_source phone shipping'),
    });
  }

  function createPrice(body: StripeObject): StripeObject {
    const currency = required(body.currency, 'currency').toLowerCase();
    const unitAmount = requiredInt(body.unit_amount, 'unit_amount');
    let product = body.product;
    if (!product) {
      const name = required(body.product_data?.name, 'product_data[name]');
      product = record('product', `prod_${hex(7)}`, { active: true, metadata: {}, name }).id;
    }
    const recurring = isPlainObject(body.recurring) ? body.recurring : null;
    return record('price', `price_1${hex(12)}`, {
      active: true,
      billing_scheme: 'per_unit',
      currency,
      lookup_key: body.lookup_key ?? null,
      metadata: mergeMetadata({}, body.metadata),
      nickname: body.nickname ?? null,
      product,
      recurring: recurring && {
        interval: required(recurring.interval, 'recurring[interval]'),
        interval_count: int(recurring.interval_count, 'recurring[interval_count]') ?? 1,
        usage_type: 'licensed',
      },
      type: recurring ? 'recurring' : 'one_time',
      unit_amount: unitAmount,
      unit_amount_decimal: String(unitAmount),
    });
  }

  function createCheckoutSession(body: StripeObject): StripeObject {
    const mode = required(body.mode, 'mode');
    const lineItems: StripeObject[] = Array.isArray(body.line_items) ? body.line_items : [];
    if (lineItems.length === 0) required(undefined, 'line_items');
    const items = lineItems.map((item, i) => ({
      price: find('price', required(item?.price, `line_items[${i}][price]`), `line_items[${i}][price]`),
      quantity: int(item?.quantity, `line_items[${i}][quantity]`) ?? 1,
    }));
    if (body.customer) find('customer', body.customer, 'customer');
    const id = `cs_test_${hex(24)}`;
    const total = items.reduce((sum, item) => sum + item.price.unit_amount * item.quantity, 0);
    sessionSetup.set(id, {
      items: items.map((item) => ({ price: item.price.id, quantity: item.quantity })),
      metadata: mergeMetadata({}, body.subscription_data?.metadata),
    });
    return record('checkout.session', id, {
      amount_subtotal: total,
      amount_total: total,
      cancel_url: body.cancel_url ?? null,
      client_reference_id: body.client_reference_id ?? null,
      currency: items[0]?.price.currency ?? null,
      customer: body.customer ?? null,
      customer_email: body.customer_email ?? null,
      expires_at: now() + 86400,
      metadata: mergeMetadata({}, body.metadata),
      mode,
      payment_status: 'unpaid',
      status: 'open',
      success_url: body.success_url ?? null,
      url: `${url}/checkout/${id}`,
      ...nulls('customer_details invoice payment_intent setup_intent subscription'),
    });
  }

  function createSubscription(customer: string, items: { price: string; quantity: number }[], metadata: StripeObject) {
    const id = `sub_1${hex(12)}`;
    const start = now();
    const prices = items.map((item) => find('price', item.price));
    const first = prices[0]?.recurring ?? { interval: 'month', interval_count: 1 };
    const end = periodEnd(start, first.interval, first.interval_count);
    const period = { current_period_start: start, current_period_end: end };
    const data = items.map((item, i) => ({
      id: `si_${hex(7)}`,
      object: 'subscription_item',
      created: start,
      ...period,
      metadata: {},
      price: clone(prices[i]),
      quantity: item.quantity,
      subscription: id,
    }));
    return record('subscription', id, {
      billing_cycle_anchor: start,
      cancel_at_period_end: false,
      cancellation_details: nulls('comment feedback reason'),
      collection_method: 'charge_automatically',
      currency: prices[0]?.currency ?? 'usd',
      ...period,
      customer,
      items: list(`/v1/subscription_items?subscription=${id}`, data),
      metadata,
      start_date: start,
      status: 'active',
      ...nulls('cancel_at canceled_at default_payment_method ended_at latest_invoice trial_end trial_start'),
    });
  }

  function completeCheckoutSession(id: string): StripeObject {
    const session = find('checkout.session', id);
    const setup = sessionSetup.get(id);
    if (session.status !== 'open' || !setup) throw new Error(`Checkout Session ${id} is ${session.status}, not open.`);
    if (session.mode !== 'subscription')
      throw new Error('The fake completes subscription-mode Checkout Sessions only.');
    let customer = session.customer ? find('customer', session.customer) : null;
    if (!customer) {
      customer = createCustomer({ email: session.customer_email ?? 'buyer@example.com' });
      emit('customer.created', customer);
    }
    const subscription = createSubscription(customer.id, setup.items, clone(setup.metadata));
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      customer: customer.id,
      subscription: subscription.id,
      customer_details: { email: customer.email, name: customer.name, ...nulls('address phone') },
    });
    emit('customer.subscription.created', subscription);
    emit('checkout.session.completed', session);
    return session;
  }

  function updateSubscription(
    id: string,
    changes: { status?: string; price?: string; cancel_at_period_end?: boolean; metadata?: unknown; itemId?: string },
  ): StripeObject {
    const subscription = find('subscription', id);
    if (
      subscription.status === 'canceled' &&
      (changes.status || changes.price || changes.cancel_at_period_end !== undefined)
    ) {
      throw invalid('A canceled subscription can only update its cancellation_details and metadata.');
    }
    const previous: StripeObject = {};
    const set = (key: string, value: unknown) => {
      if (JSON.stringify(subscription[key]) === JSON.stringify(value)) return;
      previous[key] = clone(subscription[key]);
      subscription[key] = value;
    };
    if (changes.price) {
      const items = clone(subscription.items);
      const item = changes.itemId
        ? items.data.find((entry: StripeObject) => entry.id === changes.itemId)
        : items.data[0];
      if (!item)
        throw invalid(`No such subscription item: '${changes.itemId}'`, {
          code: 'resource_missing',
          param: 'items[0][id]',
        });
      item.price = clone(find('price', changes.price, 'items[0][price]'));
      set('items', items);
    }
    if (changes.cancel_at_period_end !== undefined) {
      set('cancel_at_period_end', changes.cancel_at_period_end);
      set('cancel_at', changes.cancel_at_period_end ? subscription.current_period_end : null);
    }
    if (changes.metadata !== undefined) set('metadata', mergeMetadata(subscription.metadata, changes.metadata));
    if (changes.status) set('status', changes.status);
    if (changes.status === 'canceled' && previous.status) {
      subscription.canceled_at = subscription.ended_at = now();
      subscription.cancellation_details.reason = 'cancellation_requested';
      emit('customer.subscription.deleted', subscription);
    } else {
      emit('customer.subscription.updated', subscription, { previous });
    }
    return subscription;
  }

  /** `items[0][price]` replaces the price of the item named by `items[0][id]` (or the first). */
  function postSubscription(id: string, body: StripeObject): StripeObject {
    const item = Array.isArray(body.items) ? body.items[0] : undefined;
    return updateSubscription(id, {
      ...(body.cancel_at_period_end === undefined ? {} : { cancel_at_period_end: bool(body.cancel_at_period_end) }),
      ...(item?.price ? { price: item.price, itemId: item.id } : {}),
      ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
    });
  }

  function balanceOf(account: string | null): StripeObject {
    const byCurrency = [...(balances.get(account ?? '') ?? new Map<string, number>())];
    const entries = byCurrency.length ? byCurrency : [['usd', 0] as const];
    return {
      object: 'balance',
      available: entries.map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } })),
      livemode: false,
      pending: entries.map(([currency]) => ({ amount: 0, currency, source_types: { card: 0 } })),
    };
  }

  /** Replaces ids by the stored objects along each `a.b.c` path, on a copy. */
  function expand(object: StripeObject, paths: unknown): StripeObject {
    if (!Array.isArray(paths)) return object;
    const result = clone(object);
    for (const path of paths.filter((entry): entry is string => typeof entry === 'string')) {
      let targets = [result];
      for (const field of path.split('.')) {
        const next: StripeObject[] = [];
        for (const target of targets) {
          const value = target[field];
          if (typeof value === 'string' && objects.has(value)) target[field] = clone(objects.get(value));
          if (isPlainObject(target[field])) next.push(target[field]);
        }
        targets = next;
      }
    }
    return result;
  }

  function confirmOverApi(id: string, body: StripeObject): StripeObject {
    const intent = confirmPaymentIntent(id, typeof body.payment_method === 'string' ? body.payment_method : undefined);
    // Over the API a decline is a 402 card error carrying the intent, as Stripe answers it.
    if (intent.status === 'requires_payment_method' && intent.last_payment_error) {
      throw new StripeApiError(402, { ...clone(intent.last_payment_error), payment_intent: clone(intent) });
    }
    return intent;
  }

  function createAccountLink(body: StripeObject): StripeObject {
    const account = find('account', required(body.account, 'account'), 'account').id;
    required(body.type, 'type');
    const created = now();
    return { object: 'account_link', created, expires_at: created + 300, url: `${url}/connect/onboarding/${account}` };
  }

  function postTransfer(body: StripeObject): StripeObject {
    const amount = requiredInt(body.amount, 'amount');
    const currency = required(body.currency, 'currency').toLowerCase();
    const destination = transferableAccount(required(body.destination, 'destination'), 'destination').id;
    return createTransfer({ ...body, amount, currency, destination }, body.source_transaction ?? null);
  }

  /** A storefront's host registered for wallets; Stripe refuses a second one of the same name. */
  function createPaymentMethodDomain(body: StripeObject): StripeObject {
    const domain = required(body.domain_name, 'domain_name').toLowerCase();
    if (paymentMethodDomains().some((existing) => existing.domain_name === domain)) {
      throw invalid(`The domain ${domain} is already registered for this account.`, { param: 'domain_name' });
    }
    const status = { status: 'active', status_details: null };
    return record('payment_method_domain', `pmd_1${hex(12)}`, {
      domain_name: domain,
      enabled: body.enabled === undefined ? true : bool(body.enabled),
      apple_pay: status,
      google_pay: status,
      link: status,
      paypal: status,
    });
  }

  function paymentMethodDomains(): StripeObject[] {
    return [...objects.values()].filter((object) => object.object === 'payment_method_domain');
  }

  function listPaymentMethodDomains(body: StripeObject): StripeObject {
    const named = typeof body.domain_name === 'string' ? body.domain_name.toLowerCase() : null;
    const found = paymentMethodDomains().filter((domain) => named === null || domain.domain_name === named);
    return list('/v1/payment_method_domains', clone(found));
  }

  function updatePaymentMethodDomain(id: string, body: StripeObject): StripeObject {
    const domain = find('payment_method_domain', id);
    if (body.enabled !== undefined) domain.enabled = bool(body.enabled);
    return domain;
  }

  function createPortalSession(body: StripeObject): StripeObject {
    const customer = find('customer', required(body.customer, 'customer'), 'customer').id;
    return {
      id: `bps_1${hex(12)}`,
      object: 'billing_portal.session',
      created: now(),
      customer,
      livemode: false,
      return_url: body.return_url ?? null,
      url: `${url}/billing/${customer}`,
    };
  }

  type Handler = (params: [string, string], body: StripeObject, account: string | null) => StripeObject;
  const routes: [method: string, pattern: RegExp, handle: Handler][] = [
    ['POST', /^\/v1\/payment_intents$/, (_, body) => createPaymentIntent(body)],
    ['POST', /^\/v1\/payment_intents\/([^/]+)\/confirm$/, ([id], body) => confirmOverApi(id, body)],
    ['POST', /^\/v1\/payment_intents\/([^/]+)\/cancel$/, ([id], body) => cancelPaymentIntent(id, body)],
    ['POST', /^\/v1\/refunds$/, (_, body) => createRefund(body)],
    ['POST', /^\/v1\/application_fees\/([^/]+)\/refunds$/, ([id], body) => createFeeRefund(id, body)],
    ['POST', /^\/v1\/accounts$/, (_, body) => createAccount(body)],
    ['POST', /^\/v1\/account_links$/, (_, body) => createAccountLink(body)],
    ['POST', /^\/v1\/transfers$/, (_, body) => postTransfer(body)],
    ['POST', /^\/v1\/payouts$/, (_, body, account) => createPayout(body, account)],
    ['POST', /^\/v1\/customers$/, (_, body) => createCustomer(body)],
    ['POST', /^\/v1\/prices$/, (_, body) => createPrice(body)],
    ['POST', /^\/v1\/checkout\/sessions$/, (_, body) => createCheckoutSession(body)],
    ['POST', /^\/v1\/subscriptions\/([^/]+)$/, ([id], body) => postSubscription(id, body)],
    ['DELETE', /^\/v1\/subscriptions\/([^/]+)$/, ([id]) => updateSubscription(id, { status: 'canceled' })],
    ['POST', /^\/v1\/billing_portal\/sessions$/, (_, body) => createPortalSession(body)],
    ['POST', /^\/v1\/payment_method_domains$/, (_, body) => createPaymentMethodDomain(body)],
    ['GET', /^\/v1\/payment_method_domains$/, (_, body) => listPaymentMethodDomains(body)],
    ['POST', /^\/v1\/payment_method_domains\/([^/]+)$/, ([id], body) => updatePaymentMethodDomain(id, body)],
    ['GET', /^\/v1\/balance$/, (_, __, account) => balanceOf(account)],
    ['GET', GET_BY_ID, ([collection, id]) => find(collection.replace('/', '.').replace(/s$/, ''), id)],
  ];

  function dispatch(method: string, path: string, body: StripeObject, account: string | null): [number, string] {
    try {
      if (account && objects.get(account)?.object !== 'account') {
        throw new StripeApiError(403, {
          type: 'invalid_request_error',
          code: 'account_invalid',
          message: `The provided key '${secretKey.slice(0, 8)}****${secretKey.slice(-4)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
        });
      }
      for (const [routeMethod, pattern, handle] of routes) {
        const match = routeMethod === method ? pattern.exec(path) : null;
        if (!match) continue;
        const result = handle(match.slice(1) as [string, string], body, account);
        return [200, JSON.stringify(expand(result, body.expand), null, 2)];
      }
      throw new StripeApiError(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      });
    } catch (error) {
      if (error instanceof StripeApiError) return [error.status, JSON.stringify({ error: error.body }, null, 2)];
      return [500, JSON.stringify({ error: { type: 'api_error', message: String(error) } })];
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = target.pathname;
    const body = parseForm(method === 'POST' ? Buffer.concat(chunks).toString('utf8') : target.search.slice(1));
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' && value !== '' ? value : null;
    };
    const idempotencyKey = header('idempotency-key');
    const stripeAccount = header('stripe-account');
    requests.push({ method, path, body, idempotencyKey, stripeAccount });
    const requestId = `req_${hex(7)}`;
    const send = (status: number, payload: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': requestId,
        'stripe-version': API_VERSION,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        ...extra,
      });
      res.end(payload);
    };
    const error = (status: number, type: string, message: string) =>
      send(status, JSON.stringify({ error: { type, message } }, null, 2));

    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const masked = `${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}`;
      const message = given ? `Invalid API Key provided: ${masked}` : 'You did not provide an API key.';
      return error(401, 'invalid_request_error', message);
    }
    // Stripe scopes keys by account and refuses a key reused for another endpoint or other parameters.
    const replayKey = method === 'POST' && idempotencyKey ? `${stripeAccount ?? ''} ${idempotencyKey}` : null;
    const seen = replayKey ? replays.get(replayKey) : undefined;
    const canonicalBody = JSON.stringify(body);
    const tryOther = `Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`;
    if (seen && seen.path !== path) {
      const message = `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${seen.path}' vs '${path}'). ${tryOther}`;
      return error(400, 'idempotency_error', message);
    }
    if (seen && seen.body !== canonicalBody) {
      const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. ${tryOther}`;
      return error(400, 'idempotency_error', message);
    }
    if (seen) return send(seen.status, seen.payload, { 'idempotent-replayed': 'true' });

    context = { id: requestId, idempotency_key: idempotencyKey };
    const [status, payload] = dispatch(method, path, body, stripeAccount);
    context = { id: null, idempotency_key: null };
    // Stripe saves a result only once the endpoint ran: a request that failed validation may be retried with its key.
    if (replayKey && (status === 200 || status === 402)) {
      replays.set(replayKey, { path, body: canonicalBody, status, payload });
    }
    send(status, payload);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    sdkConfig: { host: '127.0.0.1', port, protocol: 'http' },
    secretKey,
    webhookSecret,
    requests,
    objects,
    events,
    signedDelivery(event, delivery = {}) {
      const payload = JSON.stringify(event, null, 2);
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: delivery.secret ?? webhookSecret,
        ...(delivery.timestamp === undefined ? {} : { timestamp: delivery.timestamp }),
      });
      return { payload, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
    },
    confirmPaymentIntent,
    openDispute,
    closeDispute,
    updateAccount,
    completeCheckoutSession,
    updateSubscription,
    settlePayout,
    balance: (account, currency = 'usd') => available(account, currency),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
