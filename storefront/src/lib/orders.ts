import type { Order } from './api-types';
import { formatMoney } from './format';
import { type LocalizedText, localized } from './locale';
import type { Messages, StatusOf } from './messages';

/** The totals a quote and an order share. */
export interface PriceTotals {
  currency: string;
  subtotal_cents: number;
  discount_cents: number;
  fee_cents: number;
  impact_fee_cents: number;
  tax_cents: number;
  donation_cents: number;
  total_cents: number;
  impact_fund_name: string | null;
  promo_code: string | null;
}

export interface PriceRow {
  kind: 'subtotal' | 'discount' | 'fee' | 'impact' | 'tax' | 'donations' | 'total';
  label: string;
  amount: string;
  /** A part of the row above it (the impact fee is part of the service fee), not added to the total. */
  part?: boolean;
}

/**
 * The itemized, all-in price as a buyer reads it, amounts exactly as the API computed them:
 * subtotal, discount, service fee (and the share of it that goes to the community fund), sales
 * tax, donations and the total. The fee and tax rows stay even at zero, so the total is visibly
 * all-in; discount, fund and donations appear only when there are any.
 */
export function priceRows(totals: PriceTotals, locale: string, t: Messages): PriceRow[] {
  const money = (cents: number) => formatMoney(cents, totals.currency, locale);
  const rows: PriceRow[] = [{ kind: 'subtotal', label: t.subtotal, amount: money(totals.subtotal_cents) }];
  if (totals.discount_cents > 0 || totals.promo_code) {
    rows.push({
      kind: 'discount',
      label: totals.promo_code ? t.discountWithCode({ code: totals.promo_code }) : t.discount,
      amount: `−${money(totals.discount_cents)}`,
    });
  }
  rows.push({ kind: 'fee', label: t.serviceFee, amount: money(totals.fee_cents) });
  if (totals.impact_fee_cents > 0) {
    rows.push({
      kind: 'impact',
      label: totals.impact_fund_name ? t.impactFeeTo({ fund: totals.impact_fund_name }) : t.impactFee,
      amount: money(totals.impact_fee_cents),
      part: true,
    });
  }
  rows.push({ kind: 'tax', label: t.salesTax, amount: money(totals.tax_cents) });
  if (totals.donation_cents > 0) {
    rows.push({ kind: 'donations', label: t.donations, amount: money(totals.donation_cents) });
  }
  rows.push({ kind: 'total', label: t.total, amount: money(totals.total_cents) });
  return rows;
}

/** One line of a price summary: what is bought and how many, or a gift and to what. */
export interface SummaryLine {
  label: string;
  lang: string | undefined;
  /** Null for a donation, which is given once. */
  quantity: number | null;
  gift: boolean;
  amount: string;
}

/** A quote's or an order's lines as the buyer reads them, amounts before discount, fees and tax. */
export function summaryLines(
  lines: readonly { kind: string; description: LocalizedText; quantity: number; subtotal_cents: number }[],
  currency: string,
  locale: string,
  preferred: readonly string[],
): SummaryLine[] {
  return lines.map((line) => {
    const label = localized(line.description, [...preferred]);
    const gift = line.kind === 'donation';
    return {
      label: label?.text ?? '',
      lang: label?.locale,
      quantity: gift ? null : line.quantity,
      gift,
      amount: formatMoney(line.subtotal_cents, currency, locale),
    };
  });
}

/** Where an order stands for its buyer, which decides what the order page offers. */
export type OrderStage = StatusOf<'orderStatus'>;

export function orderStage(
  order: Pick<Order, 'status' | 'payment_method' | 'expires_at'>,
  now: Date = new Date(),
): OrderStage {
  if (order.status !== 'pending') return order.status;
  // The API calls a lapsed hold expired at once; a page opened just before may not know yet.
  if (order.expires_at && new Date(order.expires_at) <= now) return 'expired';
  return order.payment_method === 'cash' || order.payment_method === 'partner' ? 'reserved' : 'awaiting_payment';
}

/** Time left as a clock reads it: `9:05`, `1:02:03`; `0:00` once it has run out. */
export function formatCountdown(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The storefront address of an order, with the access token that opens it. */
export function orderHref(orderId: string, accessToken: string): string {
  return `/orders/${orderId}?token=${encodeURIComponent(accessToken)}`;
}

/** The storefront address of a ticket's QR image, served through the storefront's own host. */
/** The order's tickets as a PDF, through the storefront: `/orders/<id>/tickets.pdf?token=…`. */
export function ticketsPdfHref(orderId: string, accessToken: string): string {
  return `/orders/${orderId}/tickets.pdf?token=${encodeURIComponent(accessToken)}`;
}

export function ticketQrHref(orderId: string, ticketId: string, accessToken: string): string {
  return `/orders/${orderId}/tickets/${ticketId}/qr.svg?token=${encodeURIComponent(accessToken)}`;
}

/** The buy form's field with the key it was rendered with: one per showing of the form. */
export const ORDER_KEY_FIELD = 'order_key';
