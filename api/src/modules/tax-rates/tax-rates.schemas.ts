import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../lib/schemas.ts';

const taxRateFields = {
  state: Type.String({
    pattern: '^[A-Z]{2}$',
    description: 'Two-letter state code in capitals.',
    examples: ['MD'],
  }),
  city: Type.String({
    maxLength: 100,
    description: 'The city the rate applies in, matched without regard to case; empty for the statewide rate.',
    examples: ['Baltimore'],
  }),
  rate_ppm: Type.Integer({
    minimum: 0,
    maximum: 300_000,
    description: 'Rate in parts per million: 8.875% is 88750.',
    examples: [60000],
  }),
  label: Type.String({ maxLength: 100, description: 'What receipts call the tax, e.g. "Maryland sales tax".' }),
};

export const NewTaxRate = Type.Object(
  {
    state: taxRateFields.state,
    city: Type.Optional(taxRateFields.city),
    rate_ppm: taxRateFields.rate_ppm,
    label: Type.Optional(taxRateFields.label),
  },
  { additionalProperties: false },
);
export type NewTaxRate = Static<typeof NewTaxRate>;

export const TaxRateUpdate = Type.Partial(Type.Object(taxRateFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type TaxRateUpdate = Static<typeof TaxRateUpdate>;

export const TaxRate = Type.Object(
  {
    id: Uuid,
    state: Type.String(),
    city: Type.String({ description: 'Empty for the statewide rate.' }),
    rate_ppm: Type.Integer({ description: 'Rate in parts per million: 8.875% is 88750.' }),
    label: Type.String(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'TaxRate',
    description: "Sales tax collected on sales for events in a jurisdiction. A city's rate wins over its state's.",
  },
);

export const TaxRateParams = Type.Object({ tax_rate_id: Uuid });
