import { describe, expect, it } from 'vitest';
import type { DonationReport, SalesReport, SalesTaxReport } from './api-types';
import { messagesFor } from './messages';
import {
  csvFileName,
  csvRecords,
  currentYear,
  displayCell,
  formatPeriod,
  isDay,
  majorUnits,
  readReportQuery,
  reportHref,
  reportTable,
  spreadsheetText,
} from './reports';
import { csvText } from './server/reports-csv';

const en = messagesFor('en');
const fr = messagesFor('fr');
const EVENT = '0b0c6f3e-3c59-4b8e-9d7a-6f1f3a2b1c00';

const figures = { sales_cents: 0, card_cents: 0, in_person_cents: 0, refunds_cents: 0, fees_cents: 0, tax_cents: 0 };
const sales: SalesReport = {
  currency: 'USD',
  time_zone: 'America/Chicago',
  from: '2026-01-01',
  to: '2026-12-31',
  rows: [
    {
      date: '2026-03-01',
      event_id: EVENT,
      event_title: { en: 'Enkutatash Gala', am: 'የእንቁጣጣሽ ምሽት' },
      line_kind: 'ticket',
      tier_id: EVENT,
      product_id: null,
      item_name: { en: 'General admission', fr: 'Entrée générale' },
      ...figures,
      sales_cents: 123_450,
      card_cents: 100_000,
      in_person_cents: 23_450,
      refunds_cents: 2500,
      fees_cents: 1000,
      tax_cents: 500,
      net_cents: 119_450,
    },
    {
      date: '2026-03-02',
      event_id: EVENT,
      event_title: { en: 'Enkutatash Gala' },
      line_kind: 'donation',
      tier_id: null,
      product_id: null,
      item_name: { en: 'Enkutatash Gala' },
      ...figures,
      sales_cents: 1500,
      card_cents: 1500,
      net_cents: 1500,
    },
    {
      date: '2026-03-02',
      event_id: EVENT,
      event_title: { en: '=HYPERLINK("http://evil.example","Click")' },
      line_kind: 'product',
      tier_id: null,
      product_id: EVENT,
      item_name: { en: '-Plate, "large"' },
      ...figures,
      sales_cents: 5,
      card_cents: 5,
      net_cents: 5,
    },
  ],
  totals: {
    sales_cents: 124_955,
    card_cents: 101_505,
    in_person_cents: 23_450,
    refunds_cents: 2500,
    fees_cents: 1000,
    tax_cents: 500,
    net_cents: 120_955,
  },
};

describe('readReportQuery', () => {
  it('defaults to the sales report of the calendar year on the organizer’s clock', () => {
    // 03:00 on New Year's Day in London is still the old year in Chicago.
    const now = new Date('2027-01-01T03:00:00Z');
    expect(readReportQuery(new URLSearchParams(), 'America/Chicago', now)).toEqual({
      report: 'sales',
      from: '2026-01-01',
      to: '2026-12-31',
      eventId: null,
      period: 'month',
    });
    expect(currentYear('Asia/Tokyo', now)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
  });

  it('reads the address, and leaves out what it does not understand', () => {
    const read = (search: string) => readReportQuery(new URLSearchParams(search), 'UTC', new Date('2026-06-01'));
    expect(read(`report=sales-tax&from=2026-01-01&to=2026-03-31&event=${EVENT}&period=quarter`)).toEqual({
      report: 'sales-tax',
      from: '2026-01-01',
      to: '2026-03-31',
      eventId: EVENT,
      period: 'quarter',
    });
    expect(read('report=ledger&from=2026-02-30&to=yesterday&event=1%20or%201=1&period=week')).toEqual({
      report: 'sales',
      from: '2026-01-01',
      to: '2026-12-31',
      eventId: null,
      period: 'month',
    });
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
  });

  it('writes the same query back into links, with the period for sales tax only', () => {
    const query = readReportQuery(new URLSearchParams(`from=2026-01-01&to=2026-03-31&event=${EVENT}`), 'UTC');
    expect(reportHref(query, { report: 'payouts' })).toBe(
      `/reports?report=payouts&from=2026-01-01&to=2026-03-31&event=${EVENT}`,
    );
    expect(reportHref(query, { report: 'sales-tax', eventId: null }, '/reports/csv')).toBe(
      '/reports/csv?report=sales-tax&from=2026-01-01&to=2026-03-31&period=month',
    );
    expect(csvFileName(query)).toBe('sales-2026-01-01-2026-03-31.csv');
  });
});

describe('majorUnits', () => {
  it('writes minor units as major units with a dot, as spreadsheets add them', () => {
    expect(majorUnits(123_450, 'USD')).toBe('1234.50');
    expect(majorUnits(5, 'USD')).toBe('0.05');
    expect(majorUnits(-2500, 'USD')).toBe('-25.00');
    expect(majorUnits(0, 'USD')).toBe('0.00');
    expect(majorUnits(1500, 'JPY')).toBe('1500');
    expect(majorUnits(12_345, 'KWD')).toBe('12.345');
  });
});

describe('spreadsheetText', () => {
  it('keeps a name from being read as a formula', () => {
    for (const name of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(spreadsheetText(name)).toBe(`'${name}`);
    for (const name of ['Enkutatash Gala', 'የእንቁጣጣሽ ምሽት', 'Gala = fun', '']) expect(spreadsheetText(name)).toBe(name);
  });
});

describe('reportTable and csvRecords', () => {
  it('writes the sales report with its totals row, names in the reader’s language', () => {
    const table = reportTable({ report: 'sales', data: sales }, fr, ['fr', 'en']);
    const records = csvRecords(table, fr);
    expect(records[0]).toEqual([
      'Date',
      'Événement',
      'Article',
      'Ventes',
      'Carte',
      'Sur place',
      'Remboursements',
      'Frais',
      'Taxe de vente',
      'Net',
      'Devise',
    ]);
    expect(records.slice(1)).toEqual([
      [
        '2026-03-01',
        'Enkutatash Gala',
        'Entrée générale',
        '1234.50',
        '1000.00',
        '234.50',
        '25.00',
        '10.00',
        '5.00',
        '1194.50',
        'USD',
      ],
      [
        '2026-03-02',
        'Enkutatash Gala',
        'Don : Enkutatash Gala',
        '15.00',
        '15.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '15.00',
        'USD',
      ],
      [
        '2026-03-02',
        `'=HYPERLINK("http://evil.example","Click")`,
        `'-Plate, "large"`,
        '0.05',
        '0.05',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.05',
        'USD',
      ],
      ['Total', '', '', '1249.55', '1015.05', '234.50', '25.00', '10.00', '5.00', '1209.55', 'USD'],
    ]);
    // The page shows the same cells in the reader's way of writing numbers and days.
    expect(table.rows[0]?.map((cell) => displayCell(cell, table, en))).toEqual([
      'Mar 1, 2026',
      'Enkutatash Gala',
      'Entrée générale',
      '$1,234.50',
      '$1,000.00',
      '$234.50',
      '$25.00',
      '$10.00',
      '$5.00',
      '$1,194.50',
    ]);
    expect(displayCell({ type: 'text', text: 'x' }, table, en)).toBe('x');
  });

  it('names a sale without a state, and each kind of period', () => {
    const report: SalesTaxReport = {
      currency: 'USD',
      time_zone: 'America/Chicago',
      from: '2026-01-01',
      to: '2026-12-31',
      period: 'quarter',
      rows: [
        {
          period_start: '2026-04-01',
          state: 'TX',
          city: 'Houston',
          sales_cents: 10_000,
          tax_collected_cents: 625,
          tax_refunded_cents: 125,
          tax_cents: 500,
        },
        {
          period_start: '2026-04-01',
          state: '',
          city: '',
          sales_cents: 2000,
          tax_collected_cents: 0,
          tax_refunded_cents: 0,
          tax_cents: 0,
        },
      ],
      totals: { sales_cents: 12_000, tax_collected_cents: 625, tax_refunded_cents: 125, tax_cents: 500 },
    };
    const table = reportTable({ report: 'sales-tax', data: report }, en, ['en']);
    expect(table.rows.map((row) => row.slice(0, 3).map((cell) => displayCell(cell, table, en)))).toEqual([
      ['Q2 2026', 'TX', 'Houston'],
      ['Q2 2026', 'No state (online)', ''],
    ]);
    expect(csvRecords(table, en).at(-1)).toEqual(['Total', '', '', '120.00', '6.25', '1.25', '5.00', 'USD']);
    expect(formatPeriod('2026-03-01', 'month', en)).toBe('March 2026');
    expect(formatPeriod('2026-01-01', 'year', en)).toBe('2026');
  });

  it('says how far each event is toward its goal, when it has one', () => {
    const report: DonationReport = {
      currency: 'USD',
      time_zone: 'UTC',
      from: null,
      to: null,
      rows: [
        {
          event_id: EVENT,
          event_title: { en: 'Gala' },
          goal_cents: 200_000,
          donated_cents: 100_000,
          refunded_cents: 10_000,
          net_cents: 90_000,
          impact_fund_cents: 120,
        },
        {
          event_id: EVENT,
          event_title: { en: 'Picnic' },
          goal_cents: null,
          donated_cents: 500,
          refunded_cents: 0,
          net_cents: 500,
          impact_fund_cents: 0,
        },
      ],
      totals: { donated_cents: 100_500, refunded_cents: 10_000, net_cents: 90_500, impact_fund_cents: 120 },
    };
    const table = reportTable({ report: 'donations', data: report }, en, ['en']);
    expect(table.rows.map((row) => row.map((cell) => displayCell(cell, table, en)))).toEqual([
      ['Gala', '$2,000.00', '$1,000.00', '$100.00', '$900.00', '45% of the goal', '$1.20'],
      ['Picnic', '', '$5.00', '$0.00', '$5.00', '', '$0.00'],
    ]);
    expect(csvRecords(table, en)[1]).toEqual(['Gala', '2000.00', '1000.00', '100.00', '900.00', '45.0', '1.20', 'USD']);
  });

  it('has no currency column for attendance, which counts tickets', () => {
    const table = reportTable(
      {
        report: 'attendance',
        data: {
          rows: [
            {
              event_id: EVENT,
              event_title: { en: 'Gala' },
              starts_at: '2026-09-11T23:00:00Z',
              tier_id: EVENT,
              tier_name: { en: 'Adult' },
              capacity: 100,
              sold: 3,
              checked_in: 1,
              not_checked_in: 2,
              refunded: 1,
            },
          ],
          totals: { sold: 3, checked_in: 1, not_checked_in: 2, refunded: 1 },
        },
      },
      en,
      ['en'],
    );
    expect(csvRecords(table, en)).toEqual([
      ['Event', 'Ticket type', 'Sold', 'Checked in', 'Not checked in', 'Refunded', 'Capacity'],
      ['Gala', 'Adult', '3', '1', '2', '1', '100'],
      ['Total', '', '3', '1', '2', '1', '100'],
    ]);
  });
});

describe('csvText', () => {
  it('starts with a byte order mark and quotes what needs quoting, so spreadsheets read it back', () => {
    const records = [
      ['Name', 'Amount'],
      ['የእንቁጣጣሽ ምሽት, "VIP"', '12.50'],
      ['عشاء العيد\nالثاني', '1.00'],
    ];
    const file = csvText(records);
    expect(file.startsWith('\uFEFFName,Amount\r\n')).toBe(true);
    expect(file).toContain('"የእንቁጣጣሽ ምሽት, ""VIP""",12.50\r\n');
    expect(file).toContain('"عشاء العيد\nالثاني",1.00\r\n');
    expect(file.endsWith('\r\n')).toBe(true);
  });
});
