import { matchLocale } from '@accessplus/i18n';
import { stringify } from 'csv-stringify/sync';
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import type { ExportFormat } from '../../db/schema.ts';
import { m } from '../../paraglide/messages.js';
import { locales } from '../../paraglide/runtime.js';

/** One cell of an exported row: text, a sum of money in minor units, or a time. */
export type ExportValue = string | { cents: number; currency: string } | { at: string | null };

/** What the rows of a list are headed by, and how many the first column of a table shows. */
export interface ExportColumns {
  sheet: string;
  headings: string[];
}

type Locale = (typeof locales)[number];

/** The file's language: an interface language for `locale`, else English. */
export function fileLocale(locale: string): Locale {
  return (matchLocale(locale, locales) as Locale | undefined) ?? 'en';
}

const yesNo = (value: boolean, o: { locale: Locale }) => (value ? m.export_yes({}, o) : m.export_no({}, o));

export function attendeeColumns(locale: Locale): ExportColumns {
  const o = { locale };
  return {
    sheet: m.export_attendeesSheet({}, o),
    headings: [
      m.export_attendee({}, o),
      m.export_tier({}, o),
      m.export_ticketCode({}, o),
      m.export_ticketStatus({}, o),
      m.export_checkedInAt({}, o),
      m.export_buyerName({}, o),
      m.export_buyerEmail({}, o),
      m.export_language({}, o),
      m.export_orderNumber({}, o),
      m.export_marketingConsent({}, o),
    ],
  };
}

export interface AttendeeLine {
  attendee_name: string;
  tier: string;
  short_code: string;
  status: 'valid' | 'revoked';
  checked_in_at: string | null;
  buyer_name: string;
  buyer_email: string;
  buyer_locale: string;
  order_number: string;
  marketing_consent: boolean;
}

export function attendeeRow(line: AttendeeLine, locale: Locale): ExportValue[] {
  const o = { locale };
  return [
    line.attendee_name || line.buyer_name,
    line.tier,
    line.short_code,
    line.status === 'valid' ? m.export_ticketValid({}, o) : m.export_ticketRevoked({}, o),
    { at: line.checked_in_at },
    line.buyer_name,
    line.buyer_email,
    line.buyer_locale,
    line.order_number,
    yesNo(line.marketing_consent, o),
  ];
}

export function orderColumns(locale: Locale): ExportColumns {
  const o = { locale };
  return {
    sheet: m.export_ordersSheet({}, o),
    headings: [
      m.export_orderNumber({}, o),
      m.export_placedAt({}, o),
      m.export_paidAt({}, o),
      m.export_orderStatus({}, o),
      m.export_buyerName({}, o),
      m.export_buyerEmail({}, o),
      m.export_language({}, o),
      m.export_marketingConsent({}, o),
      m.export_items({}, o),
      m.export_subtotal({}, o),
      m.discount({}, o),
      m.serviceFee({}, o),
      m.salesTax({}, o),
      m.donation({}, o),
      m.export_total({}, o),
      m.export_refunded({}, o),
      m.export_currency({}, o),
      m.export_paymentMethod({}, o),
      m.export_promoCode({}, o),
    ],
  };
}

export interface OrderLine {
  number: string;
  created_at: string;
  paid_at: string | null;
  status: 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled' | 'expired';
  buyer: { name: string; email: string; locale: string; marketing_consent: boolean };
  lines: { description: string; quantity: number }[];
  subtotal_cents: number;
  discount_cents: number;
  fee_cents: number;
  tax_cents: number;
  donation_cents: number;
  total_cents: number;
  refunded_cents: number;
  currency: string;
  payment_method: 'test' | 'stripe' | 'cash' | 'partner' | 'free' | null;
  payment_partner?: string | null;
  promo_code: string | null;
}

function orderStatus(status: OrderLine['status'], o: { locale: Locale }): string {
  switch (status) {
    case 'pending':
      return m.export_statusPending({}, o);
    case 'paid':
      return m.export_statusPaid({}, o);
    case 'partially_refunded':
      return m.export_statusPartiallyRefunded({}, o);
    case 'refunded':
      return m.export_statusRefunded({}, o);
    case 'cancelled':
      return m.export_statusCancelled({}, o);
    case 'expired':
      return m.export_statusExpired({}, o);
  }
}

function paymentMethod(method: OrderLine['payment_method'], o: { locale: Locale }): string {
  switch (method) {
    case 'test':
    case 'stripe':
      return m.export_methodCard({}, o);
    case 'cash':
      return m.export_methodCash({}, o);
    case 'partner':
      return m.export_methodPartner({}, o);
    case 'free':
      return m.export_methodFree({}, o);
    case null:
      return '';
  }
}

export function orderRow(order: OrderLine, locale: Locale): ExportValue[] {
  const o = { locale };
  const money = (cents: number) => ({ cents, currency: order.currency });
  return [
    order.number,
    { at: order.created_at },
    { at: order.paid_at },
    orderStatus(order.status, o),
    order.buyer.name,
    order.buyer.email,
    order.buyer.locale,
    yesNo(order.buyer.marketing_consent, o),
    order.lines.map((line) => `${line.quantity} × ${line.description}`).join('; '),
    money(order.subtotal_cents),
    money(order.discount_cents),
    money(order.fee_cents),
    money(order.tax_cents),
    money(order.donation_cents),
    money(order.total_cents),
    money(order.refunded_cents),
    order.currency,
    paymentMethod(order.payment_method, o),
    order.promo_code ?? '',
  ];
}

/** `2026-03-05 19:32` on the organizer's clock: sortable, and read the same way in every language. */
function clockTime(timeZone: string) {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (at: string | null) => (at ? format.format(new Date(at)) : '');
}

const fractionDigits = new Map<string, number>();

/** A sum in the currency's major unit (12.5 for 1250 cents of USD), as spreadsheets add them up. */
function major(cents: number, currency: string): { value: number; digits: number } {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigits.set(currency, digits);
  }
  return { value: cents / 10 ** digits, digits };
}

/**
 * Collects a list's rows as they are read, page by page, and gives the file at the end. A CSV
 * is text from the start; an Excel workbook is written in one go once every row is in.
 */
export interface ExportWriter {
  add(rows: readonly ExportValue[][]): void;
  finish(): Promise<{ bytes: Uint8Array; contentType: string }>;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function exportWriter(format: ExportFormat, columns: ExportColumns, timeZone: string): ExportWriter {
  const time = clockTime(timeZone);
  if (format === 'csv') {
    // A byte order mark, or Excel reads the file in the machine's legacy code page and garbles
    // Amharic and Arabic names. Fields with a bare line feed are quoted too: spreadsheets end a
    // row there.
    const options = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;
    const chunks: Buffer[] = [Buffer.from(`\uFEFF${stringify([columns.headings], options)}`)];
    const text = (value: ExportValue): string => {
      if (typeof value === 'string') return value;
      if ('cents' in value) {
        const { value: amount, digits } = major(value.cents, value.currency);
        return amount.toFixed(digits);
      }
      return time(value.at);
    };
    return {
      add(rows) {
        if (rows.length > 0)
          chunks.push(
            Buffer.from(
              stringify(
                rows.map((row) => row.map(text)),
                options,
              ),
            ),
          );
      },
      async finish() {
        return { bytes: Buffer.concat(chunks), contentType: CONTENT_TYPES.csv };
      },
    };
  }
  const data: SheetData = [columns.headings.map((heading): Cell => ({ value: heading, fontWeight: 'bold' }))];
  const cell = (value: ExportValue): Cell => {
    if (typeof value === 'string') return value ? { value, type: String } : null;
    if ('cents' in value) {
      const { value: amount, digits } = major(value.cents, value.currency);
      return { value: amount, type: Number, format: digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0' };
    }
    const at = time(value.at);
    return at ? { value: at, type: String } : null;
  };
  return {
    add(rows) {
      for (const row of rows) data.push(row.map(cell));
    },
    async finish() {
      const bytes = await writeXlsxFile(data, { sheet: columns.sheet.slice(0, 31), stickyRowsCount: 1 }).toBuffer();
      return { bytes, contentType: CONTENT_TYPES.xlsx };
    },
  };
}
