import { type Static, Type } from 'typebox';
import { LocalizedText, Nullable, StringEnum, Timestamp, TimeZone, Uuid } from '../../lib/schemas.ts';

const Day = (description?: string) =>
  Type.String({ format: 'date', maxLength: 10, examples: ['2026-03-01'], ...(description && { description }) });

export const ReportRange = Type.Object({
  from: Type.Optional(Day('First day, in the organizer’s time zone. Omitted: from the first sale.')),
  to: Type.Optional(Day('Last day (included), in the organizer’s time zone. Omitted: up to now.')),
  event_id: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: 'Only this event.' })),
});
export type ReportRange = Static<typeof ReportRange>;

export const SalesTaxQuery = Type.Object({
  ...ReportRange.properties,
  period: Type.Optional(
    StringEnum(['month', 'quarter', 'year'] as const, {
      description: 'How the rows are grouped in time, as sales tax returns are filed. Default: month.',
    }),
  ),
});
export type SalesTaxQuery = Static<typeof SalesTaxQuery>;

const Cents = (description: string) => Type.Integer({ description });

const ReportFrame = {
  currency: Type.String({ description: 'ISO 4217; every amount is in its minor unit.' }),
  time_zone: TimeZone,
  from: Nullable(Day()),
  to: Nullable(Day()),
};

const SalesFigures = {
  sales_cents: Cents('What buyers paid: prices after codes, fees they paid and sales tax, before refunds.'),
  card_cents: Cents('The part of the sales paid by card.'),
  in_person_cents: Cents('The part paid to the organizer in person (cash, a community partner).'),
  refunds_cents: Cents('Given back to buyers.'),
  fees_cents: Cents('Service fees kept by the platform (the impact fund share included), net of fees refunded.'),
  tax_cents: Cents('Sales tax collected, net of tax refunded; the organizer remits it.'),
  net_cents: Cents('The organizer’s share: sales − refunds − fees − tax.'),
};
const SalesTotals = Type.Object(SalesFigures);

export const SalesReportRow = Type.Object({
  date: Day(),
  event_id: Nullable(Uuid),
  event_title: Nullable(LocalizedText(300)),
  line_kind: StringEnum(['ticket', 'product', 'donation'] as const, {
    description: 'A ticket tier, an add-on, or a donation.',
  }),
  tier_id: Nullable(Uuid),
  product_id: Nullable(Uuid),
  item_name: LocalizedText(300, { description: 'The tier’s or add-on’s name; for a donation, the event’s title.' }),
  ...SalesFigures,
});

export const SalesReport = Type.Object(
  { ...ReportFrame, rows: Type.Array(SalesReportRow), totals: SalesTotals },
  {
    $id: 'SalesReport',
    description:
      'Sales by day, event and item, read from the ledger: every figure is a sum of ledger lines, so the report and the ledger never disagree. A refund counts on the day it was given.',
  },
);

export const AttendanceReportRow = Type.Object({
  event_id: Uuid,
  event_title: LocalizedText(300),
  starts_at: Timestamp,
  tier_id: Uuid,
  tier_name: LocalizedText(300),
  capacity: Type.Integer({ description: 'Tickets the tier has for sale in all.' }),
  sold: Type.Integer({ description: 'Valid tickets (refunded and cancelled ones are not counted).' }),
  checked_in: Type.Integer({ description: 'Valid tickets scanned at the door.' }),
  not_checked_in: Type.Integer(),
  refunded: Type.Integer({ description: 'Tickets given back with a refund.' }),
});

export const AttendanceReport = Type.Object(
  {
    rows: Type.Array(AttendanceReportRow),
    totals: Type.Object({
      sold: Type.Integer(),
      checked_in: Type.Integer(),
      not_checked_in: Type.Integer(),
      refunded: Type.Integer(),
    }),
  },
  { $id: 'AttendanceReport', description: 'Tickets sold and checked in, per event and tier.' },
);

const PayoutFigures = {
  sales_cents: Cents('What buyers paid.'),
  refunds_cents: Cents('Given back to buyers.'),
  fees_cents: Cents('Service fees, net of fees refunded.'),
  disputes_cents: Cents('Taken back by buyers’ banks (chargebacks and their fees), less disputes won.'),
  net_cents: Cents('Earned: sales − refunds − fees − disputes (the sales tax to remit included).'),
  tax_cents: Cents('The sales tax inside net_cents.'),
  in_person_cents: Cents('Of net_cents, what buyers paid the organizer in person, which she holds already.'),
  paid_out_cents: Cents('Paid out to the organizer’s bank.'),
  to_pay_cents: Cents('net − in person − paid out: for all time, what the platform still owes her for the event.'),
};

export const PayoutReportRow = Type.Object({
  event_id: Nullable(Uuid),
  event_title: Nullable(LocalizedText(300)),
  ...PayoutFigures,
});

export const PayoutReport = Type.Object(
  { ...ReportFrame, rows: Type.Array(PayoutReportRow), totals: Type.Object(PayoutFigures) },
  {
    $id: 'PayoutReport',
    description:
      'Fees, disputes and payouts per event, read from the ledger. Without a range, to_pay is what each event still owes.',
  },
);

export const DonationReportRow = Type.Object({
  event_id: Uuid,
  event_title: LocalizedText(300),
  goal_cents: Nullable(Type.Integer({ description: 'The event’s fundraising goal, if it has one.' })),
  donated_cents: Cents('Donations given.'),
  refunded_cents: Cents('Donations given back.'),
  net_cents: Cents('Donations kept: the whole gift is the organizer’s; no fee or tax is taken from it.'),
  impact_fund_cents: Cents('The impact fund’s share of service fees on the event’s sales, net of refunds.'),
});

export const DonationReport = Type.Object(
  {
    ...ReportFrame,
    rows: Type.Array(DonationReportRow),
    totals: Type.Object({
      donated_cents: Type.Integer(),
      refunded_cents: Type.Integer(),
      net_cents: Type.Integer(),
      impact_fund_cents: Type.Integer(),
    }),
  },
  { $id: 'DonationReport', description: 'Donations per event against its goal, and the impact fund, from the ledger.' },
);

const SalesTaxFigures = {
  sales_cents: Cents('Sales there before tax (tickets and add-ons; donations are not sales), net of refunds.'),
  tax_collected_cents: Cents('Sales tax charged.'),
  tax_refunded_cents: Cents('Sales tax given back with refunds.'),
  tax_cents: Cents('Sales tax to remit: collected − refunded.'),
};

export const SalesTaxReportRow = Type.Object({
  period_start: Day('The first day of the month, quarter or year.'),
  state: Type.String({ description: 'Two-letter state code of the venue, or empty for none (an online event).' }),
  city: Type.String({ description: 'The venue’s city, or empty.' }),
  ...SalesTaxFigures,
});

export const SalesTaxReport = Type.Object(
  {
    ...ReportFrame,
    period: StringEnum(['month', 'quarter', 'year'] as const),
    rows: Type.Array(SalesTaxReportRow),
    totals: Type.Object(SalesTaxFigures),
  },
  {
    $id: 'SalesTaxReport',
    description:
      'Sales tax by place and period, from the ledger. A sale counts where its event’s venue was when the order was placed.',
  },
);
