/**
 * Order pricing: turns a cart into priced lines and order totals. It is pure and synchronous so that checkout,
 * order previews and refunds all price a cart the same way.
 *
 * Money: every amount is a whole number of cents. No fraction of a cent is ever stored or carried from one step to
 * the next, and money is never multiplied by a floating-point fraction.
 *
 * Rounding rule:
 * - Every percentage (discount, service fee, impact share, sales tax) is applied once per line, to the line's whole
 *   amount rather than per ticket, and rounded half up to a whole cent. Amounts are never negative, so half up is also
 *   half away from zero: 12.5¢ becomes 13¢, 12.49¢ becomes 12¢.
 * - A line is priced in this order, each step taking the previous steps' rounded results:
 *     subtotal = unit price × quantity
 *     discount = the line's part of the promo (below)
 *     net      = subtotal − discount
 *     fee      = round(net × fee percent) + flat fee × quantity
 *     impact   = round(fee × impact share)
 *     tax      = round((net + the fee the buyer pays, when fees are taxable) × tax rate)
 *     total    = net + the fee the buyer pays + tax
 *   So each rounded figure is within half a cent of the exact value of its own step.
 * - Percent promo: each eligible line gets round(subtotal × percent off).
 * - Amount promo: min(amount off, the eligible lines' subtotal) is split over the eligible lines in proportion to their
 *   subtotals by the largest-remainder method: each line first gets the whole cents of its exact share, then the cents
 *   still left go one each to the lines with the largest fractions left over, earlier lines first on ties. The parts
 *   add up exactly to the discount and each is within one cent of its exact share.
 * - Order figures are plain sums of the lines' figures; nothing is rounded again at order level. The order's subtotal
 *   is that of the goods (tickets and add-ons) and its donation figure that of the gifts, so that
 *     total = subtotal − discount + fee + tax + donation    (`orderTotal`, the rule the `orders` table checks)
 *   is the sum of the lines' totals, each gift counted once.
 *
 * What applies where:
 * - Promos apply to ticket lines of the promo's tiers (every tier when it names none); a line's discount never exceeds
 *   its subtotal.
 * - The service fee applies to ticket lines whose net is above zero: free and fully discounted tickets carry none.
 *   Whoever pays it, it is the same amount and the impact fund gets the same share of it. When the buyer pays, it is
 *   added to the line (and taxed when fees are taxable); when the organizer absorbs it, the buyer's total and tax are
 *   exactly what they would be without a fee.
 * - Add-on products are taxed but carry no discount or fee. Donations (quantity 1) carry no discount, fee or tax.
 *
 * Range: with prices up to 10,000,000¢, quantities up to 1,000, flat fees up to 100,000¢ and tax rates up to 30%, the
 * largest product is the tax step: (10¹⁰¢ net + 1.01·10¹⁰¢ fee) × 300,000 ppm ≈ 6.03·10¹⁵, below 2⁵³ ≈ 9.007·10¹⁵.
 * Rounding therefore adds half the divisor instead of doubling the product (doubling would reach 1.2·10¹⁶), and any
 * product past 2⁵³ throws rather than silently losing cents. The amount split multiplies two amounts of money together,
 * which can pass 2⁵³, so it works in BigInt.
 *
 * Invalid input throws a RangeError. Callers validate first; this is the last guard.
 */

export interface FeePolicy {
  /** Service fee per ticket as basis points of the ticket's price after discount (250 = 2.5%). */
  percentBp: number;
  /** Flat service fee per paid ticket, in cents. */
  flatCents: number;
  /** 'buyer': the fee is added to what the buyer pays; 'organizer': the organizer absorbs it. */
  paidBy: 'buyer' | 'organizer';
  /** Share of the service fee (basis points) that goes to a community impact fund. */
  impactShareBp: number;
  /** Whether sales tax applies to the buyer-paid service fee too. */
  feesTaxable: boolean;
}

export type PromoRule =
  | { kind: 'percent'; percentOffBp: number; tierIds: readonly string[] }
  | { kind: 'amount'; amountOffCents: number; tierIds: readonly string[] }; // empty tierIds = every ticket tier

export interface CartLine {
  kind: 'ticket' | 'product' | 'donation';
  /** The tier (tickets), product (add-ons) or event (donations) the line is for. */
  refId: string;
  quantity: number; // donation lines: always 1
  unitPriceCents: number; // donation lines: the amount given
  /** Sales tax rate of the line's jurisdiction, parts per million (8.875% = 88750). */
  taxRatePpm: number;
}

export interface PricedLine extends CartLine {
  subtotalCents: number; // unitPriceCents * quantity
  discountCents: number;
  feeCents: number; // service fee the buyer pays on this line (0 when paidBy = organizer)
  organizerFeeCents: number; // service fee the organizer absorbs on this line (0 when paidBy = buyer)
  impactFeeCents: number; // part of (feeCents + organizerFeeCents) going to the impact fund
  taxCents: number;
  totalCents: number; // subtotal - discount + fee + tax
}

/** The figures an order is stored with. */
export interface OrderTotals {
  subtotalCents: number; // sum of the goods' (tickets' and add-ons') subtotals; donations are not goods
  discountCents: number;
  feeCents: number;
  organizerFeeCents: number;
  impactFeeCents: number;
  taxCents: number;
  donationCents: number; // sum of donation lines' totals
  totalCents: number; // orderTotal(…): the sum of the lines' totals
}

export interface PricedOrder extends OrderTotals {
  lines: PricedLine[];
}

/**
 * What the buyer pays for an order, from its parts. The `orders` table checks the same rule
 * (`total_cents = subtotal_cents − discount_cents + fee_cents + tax_cents + donation_cents`); a
 * test inserts priced carts to keep the two in step.
 */
export function orderTotal(
  parts: Pick<OrderTotals, 'subtotalCents' | 'discountCents' | 'feeCents' | 'taxCents' | 'donationCents'>,
): number {
  return parts.subtotalCents - parts.discountCents + parts.feeCents + parts.taxCents + parts.donationCents;
}

const BASIS_POINTS = 10_000;
const PARTS_PER_MILLION = 1_000_000;
const MAX_TAX_RATE_PPM = 300_000;
const LINE_KINDS: ReadonlySet<string> = new Set(['ticket', 'product', 'donation']);

export function priceOrder(lines: readonly CartLine[], fees: FeePolicy, promo: PromoRule | null): PricedOrder {
  checkFeePolicy(fees);
  if (promo !== null) checkPromo(promo);
  lines.forEach(checkLine);

  const subtotals = lines.map((line) => product(line.unitPriceCents, line.quantity));
  const discounts = promoDiscounts(lines, subtotals, promo);
  const priced = lines.map((line, i) => priceLine(line, subtotals[i] ?? 0, discounts[i] ?? 0, fees));
  return { lines: priced, ...totalsOf(priced) };
}

/**
 * An order's figures from its priced lines. A donation line carries no discount, fee or tax, so
 * its whole total is the gift: it counts in `donationCents` and nowhere else.
 */
export function totalsOf(lines: readonly PricedLine[]): OrderTotals {
  const goods = lines.filter((line) => line.kind !== 'donation');
  const gifts = lines.filter((line) => line.kind === 'donation');
  const parts = {
    subtotalCents: sumOf(goods, (line) => line.subtotalCents),
    discountCents: sumOf(lines, (line) => line.discountCents),
    feeCents: sumOf(lines, (line) => line.feeCents),
    organizerFeeCents: sumOf(lines, (line) => line.organizerFeeCents),
    impactFeeCents: sumOf(lines, (line) => line.impactFeeCents),
    taxCents: sumOf(lines, (line) => line.taxCents),
    donationCents: sumOf(gifts, (line) => line.totalCents),
  };
  return { ...parts, totalCents: orderTotal(parts) };
}

const sumOf = <T>(items: readonly T[], pick: (item: T) => number) => items.reduce((sum, item) => sum + pick(item), 0);

function priceLine(line: CartLine, subtotal: number, discount: number, fees: FeePolicy): PricedLine {
  const net = subtotal - discount;
  const fee =
    line.kind === 'ticket' && net > 0
      ? portion(net, fees.percentBp, BASIS_POINTS) + product(fees.flatCents, line.quantity)
      : 0;
  const buyerFee = fees.paidBy === 'buyer' ? fee : 0;
  const taxBase = net + (fees.feesTaxable ? buyerFee : 0);
  const tax = line.kind === 'donation' ? 0 : portion(taxBase, line.taxRatePpm, PARTS_PER_MILLION);
  return {
    kind: line.kind,
    refId: line.refId,
    quantity: line.quantity,
    unitPriceCents: line.unitPriceCents,
    taxRatePpm: line.taxRatePpm,
    subtotalCents: subtotal,
    discountCents: discount,
    feeCents: buyerFee,
    organizerFeeCents: fee - buyerFee,
    impactFeeCents: portion(fee, fees.impactShareBp, BASIS_POINTS),
    taxCents: tax,
    totalCents: net + buyerFee + tax,
  };
}

/** Each line's discount, in line order; 0 for lines the promo does not cover. */
function promoDiscounts(lines: readonly CartLine[], subtotals: readonly number[], promo: PromoRule | null): number[] {
  const discounts = lines.map(() => 0);
  if (promo === null) return discounts;
  const tiers = new Set(promo.tierIds);
  const eligible = lines.flatMap((line, i) =>
    line.kind === 'ticket' && (tiers.size === 0 || tiers.has(line.refId)) ? [i] : [],
  );

  if (promo.kind === 'percent') {
    for (const i of eligible) discounts[i] = portion(subtotals[i] ?? 0, promo.percentOffBp, BASIS_POINTS);
    return discounts;
  }
  const eligibleSubtotals = eligible.map((i) => subtotals[i] ?? 0);
  const eligibleTotal = sumOf(eligibleSubtotals, (subtotal) => subtotal);
  const parts = splitByLargestRemainder(Math.min(promo.amountOffCents, eligibleTotal), eligibleSubtotals);
  eligible.forEach((lineIndex, k) => {
    discounts[lineIndex] = parts[k] ?? 0;
  });
  return discounts;
}

/**
 * Splits `amount` (at most the weights' sum) into whole-cent parts proportional to `weights` that add up exactly to
 * `amount`: whole cents of each exact share first, then one more cent to each of the largest fractions left over.
 * Ties go to the earlier weight (Array#sort is stable). Since the leftover cents equal the sum of those fractions,
 * a part never gets a cent its share has no fraction for, so each part stays within one cent of its share.
 */
function splitByLargestRemainder(amount: number, weights: readonly number[]): number[] {
  const total = sumOf(weights, (weight) => weight);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const bigAmount = BigInt(amount);
  const bigTotal = BigInt(total);
  const shares = weights.map((weight, index) => {
    const scaled = bigAmount * BigInt(weight);
    return { index, cents: Number(scaled / bigTotal), fraction: scaled % bigTotal };
  });
  let left = amount - sumOf(shares, (share) => share.cents);
  const byFraction = [...shares].sort((a, b) => (a.fraction > b.fraction ? -1 : a.fraction < b.fraction ? 1 : 0));
  for (const share of byFraction) {
    if (left === 0) break;
    share.cents += 1;
    left -= 1;
  }
  return shares.map((share) => share.cents);
}

/**
 * round(amount × rate / scale), half up. Adding half the divisor and cutting off the remainder keeps the arithmetic in
 * integers; `scale` is even (10,000 or 1,000,000), so half of it is a whole number.
 */
function portion(amount: number, rate: number, scale: number): number {
  const shifted = product(amount, rate) + scale / 2;
  if (!Number.isSafeInteger(shifted)) throw tooLarge(amount, rate);
  return (shifted - (shifted % scale)) / scale;
}

function product(a: number, b: number): number {
  const result = a * b;
  if (!Number.isSafeInteger(result)) throw tooLarge(a, b);
  return result;
}

const tooLarge = (a: number, b: number) =>
  new RangeError(`Pricing overflow: ${a} × ${b} is past the range where cents stay exact (2^53).`);

function checkFeePolicy(fees: FeePolicy): void {
  requireWhole('fees.percentBp', fees.percentBp, 0, BASIS_POINTS);
  requireWhole('fees.flatCents', fees.flatCents, 0);
  requireWhole('fees.impactShareBp', fees.impactShareBp, 0, BASIS_POINTS);
  if (fees.paidBy !== 'buyer' && fees.paidBy !== 'organizer') {
    throw new RangeError(`fees.paidBy must be 'buyer' or 'organizer', got ${String(fees.paidBy)}.`);
  }
}

function checkPromo(promo: PromoRule): void {
  if (promo.kind === 'percent') requireWhole('promo.percentOffBp', promo.percentOffBp, 1, BASIS_POINTS);
  else if (promo.kind === 'amount') requireWhole('promo.amountOffCents', promo.amountOffCents, 0);
  else throw new RangeError(`promo.kind must be 'percent' or 'amount', got ${String((promo as PromoRule).kind)}.`);
}

function checkLine(line: CartLine, i: number): void {
  if (!LINE_KINDS.has(line.kind)) {
    throw new RangeError(`lines[${i}].kind must be 'ticket', 'product' or 'donation', got ${String(line.kind)}.`);
  }
  requireWhole(`lines[${i}].quantity`, line.quantity, 1);
  if (line.kind === 'donation' && line.quantity !== 1) {
    throw new RangeError(`lines[${i}].quantity must be 1 on a donation line, got ${line.quantity}.`);
  }
  requireWhole(`lines[${i}].unitPriceCents`, line.unitPriceCents, 0);
  requireWhole(`lines[${i}].taxRatePpm`, line.taxRatePpm, 0, MAX_TAX_RATE_PPM);
}

function requireWhole(name: string, value: number, min: number, max?: number): void {
  if (Number.isSafeInteger(value) && value >= min && (max === undefined || value <= max)) return;
  const range = max === undefined ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
  throw new RangeError(`${name} must be ${range}, got ${String(value)}.`);
}
