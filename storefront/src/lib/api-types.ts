// The public API's shapes, generated from openapi/openapi.json into @accessplus/sdk.
import type { components } from '@accessplus/sdk';

export type {
  Category,
  ErrorDetail as ApiErrorDetail,
  Page,
  PublicEvent,
  PublicEventSummary,
  PublicOrganizer,
  PublicTier,
} from '@accessplus/sdk';

type Schemas = components['schemas'];
/** The all-in, itemized price of a cart. */
export type Quote = Schemas['Quote'];
/** An order as its buyer sees it, with the access token that opens it. */
export type BuyerOrder = Schemas['BuyerOrder'];
/** How buyers can pay an organizer: the card provider and the ways to pay in person. */
export type PaymentOptions = Schemas['PublicOrganizer']['payments'];
export type Order = Schemas['Order'];
export type OrderStatus = Order['status'];
export type OrderTicket = Order['tickets'][number];
export type Customer = Schemas['Customer'];
export type CustomerSession = Schemas['CustomerSession'];
export type CustomerOrder = Schemas['CustomerOrder'];
export type WaitlistPlace = Schemas['WaitlistPlace'];
