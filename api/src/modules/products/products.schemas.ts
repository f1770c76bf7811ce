import { type Static, Type } from 'typebox';
import { LocalizedText, MAX_PRICE_CENTS, Nullable, PageQuery, Timestamp, Uuid } from '../../lib/schemas.ts';

const MAX_QUANTITY = 1_000_000;

const productFields = {
  event_id: Nullable(
    Type.String({
      format: 'uuid',
      maxLength: 36,
      description: 'The event the add-on is sold with (one of yours); null when it belongs to no one event.',
    }),
  ),
  name: LocalizedText(120, { minProperties: 1, description: 'Name per locale, e.g. `{"en": "Parking pass"}`.' }),
  description: LocalizedText(2000),
  price_cents: Type.Integer({
    minimum: 0,
    maximum: MAX_PRICE_CENTS,
    description: "Price in cents (the currency's minor unit); 0 makes it free.",
  }),
  quantity: Type.Integer({
    minimum: 0,
    maximum: MAX_QUANTITY,
    description: 'Units for sale in all, including those already sold.',
  }),
  max_per_order: Type.Integer({ minimum: 1, maximum: 100, description: 'Most units one order may take.' }),
  active: Type.Boolean({ description: 'Inactive add-ons are not offered to buyers.' }),
  position: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Order in which add-ons are shown.' }),
};

export const NewProduct = Type.Object(
  {
    name: productFields.name,
    description: Type.Optional(productFields.description),
    price_cents: productFields.price_cents,
    quantity: productFields.quantity,
    event_id: Type.Optional(productFields.event_id),
    max_per_order: Type.Optional(productFields.max_per_order),
    active: Type.Optional(productFields.active),
    position: Type.Optional(productFields.position),
  },
  { additionalProperties: false },
);
export type NewProduct = Static<typeof NewProduct>;

export const ProductUpdate = Type.Partial(Type.Object(productFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ProductUpdate = Static<typeof ProductUpdate>;

export const Product = Type.Object(
  {
    id: Uuid,
    event_id: Nullable(Uuid),
    name: LocalizedText(120),
    description: LocalizedText(2000),
    price_cents: Type.Integer(),
    currency: Type.String(),
    quantity: Type.Integer(),
    sold_count: Type.Integer({ description: 'Units in paid orders, less those refunded.' }),
    remaining: Type.Integer({ description: 'Units still for sale: not sold or held by a checkout (never negative).' }),
    max_per_order: Type.Integer(),
    active: Type.Boolean(),
    position: Type.Integer(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Product', description: 'An add-on sold with tickets, such as merchandise, food or parking.' },
);

export const ProductParams = Type.Object({ product_id: Uuid });

export const ProductListQuery = Type.Object(
  {
    event_id: Type.Optional(
      Type.String({ format: 'uuid', maxLength: 36, description: 'Only the add-ons of this event.' }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ProductListQuery = Static<typeof ProductListQuery>;
