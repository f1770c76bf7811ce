import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, OrganizerSlugParams, Ref } from '../../lib/schemas.ts';
import { customerToken } from '../customers/customers.routes.ts';
import {
  BuyerOrder,
  BuyerOrderParams,
  BuyerTicketParams,
  Cart,
  NewOrder,
  OrderAccessQuery,
  Payment,
  Quote,
  TicketKeys,
  TicketsPdfQuery,
} from './checkout.schemas.ts';
import * as checkout from './checkout.service.ts';

const tags = ['Checkout'];

/** The storefront's side of buying: no organizer sign-in; an order opens with its access token. */
export const checkoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/public/organizers/:slug/quote',
    {
      schema: {
        tags,
        operationId: 'quoteCart',
        security: [],
        summary: 'Price a cart',
        description:
          'The all-in, itemized price of a cart, without holding anything: tickets, add-ons and donations with service fee, impact fee, sales tax and promo code. Checkout charges exactly this if nothing changes meanwhile. Requests are limited per client address (429).',
        params: OrganizerSlugParams,
        body: Cart,
        response: { 200: Ref(Quote, 'The priced cart.'), ...errorResponses(400, 404, 409, 422, 429) },
      },
      preHandler: app.quoteGuard.preHandler,
    },
    (request) => checkout.quoteCart(app.services, request.params.slug, request.body),
  );

  app.post(
    '/v1/public/organizers/:slug/orders',
    {
      schema: {
        tags,
        operationId: 'createOrder',
        // A signed-in customer's order joins their account; a guest needs no token.
        security: [{}, { customerToken: [] }],
        summary: 'Start checkout: hold the tickets',
        description:
          "Holds the cart's tickets and add-ons for the organizer's hold time (10 minutes unless set otherwise) and returns the pending order with its all-in price and an access token. Pay within `expires_at`, or the tickets go back on sale. A free order is complete at once. When tickets run out: 409 `sold_out`. With a customer token (from signing in at this storefront) the order joins that customer's account; an ended session answers 401. Orders started are limited per client address (429), so one script cannot hold an event's stock.",
        params: OrganizerSlugParams,
        body: NewOrder,
        response: {
          201: Ref(BuyerOrder, 'The pending (or, if free, paid) order.'),
          ...errorResponses(400, 401, 404, 409, 422, 429),
        },
      },
      preHandler: app.orderHoldGuard.preHandler,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await checkout.createOrder(app.services, request.params.slug, request.body, customerToken(request))),
  );

  app.get(
    '/v1/public/organizers/:slug/orders/:order_id',
    {
      schema: {
        tags,
        operationId: 'getBuyerOrder',
        security: [],
        summary: 'Open an order with its access token',
        description: 'What the link in the order email opens: the order, its payment state and its tickets.',
        params: BuyerOrderParams,
        querystring: OrderAccessQuery,
        response: { 200: Ref(BuyerOrder, 'The order.'), ...errorResponses(400, 404) },
      },
    },
    (request) =>
      checkout.getBuyerOrder(app.services, request.params.slug, request.params.order_id, request.query.token),
  );

  app.post(
    '/v1/public/organizers/:slug/orders/:order_id/pay',
    {
      schema: {
        tags,
        operationId: 'payOrder',
        security: [],
        summary: 'Pay for a pending order',
        description:
          'By card (in test mode, numbers behave like Stripe test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined with 402), or reserve it to pay in cash at the door or through a community partner when the organizer allows it. An order with nothing to pay (free tickets offered from a waitlist) is claimed, whatever the method.',
        params: BuyerOrderParams,
        querystring: OrderAccessQuery,
        body: Payment,
        response: {
          200: Ref(BuyerOrder, 'The paid order with its tickets, or the reserved order with its payment deadline.'),
          ...errorResponses(400, 402, 404, 409, 422),
        },
      },
    },
    (request) =>
      checkout.payOrder(app.services, request.params.slug, request.params.order_id, request.query.token, request.body),
  );

  app.post(
    '/v1/public/organizers/:slug/orders/:order_id/payment-confirmations',
    {
      schema: {
        tags,
        operationId: 'confirmOrderPayment',
        security: [],
        summary: 'Check a card payment finished in the browser',
        description:
          'After Stripe’s Payment Element (or its redirect back) reports the payment done, this asks Stripe and records it at once instead of waiting for the webhook. A payment that arrives after the hold lapsed still pays the order if its tickets are free; otherwise it is refunded in full (409 `hold_expired`).',
        params: BuyerOrderParams,
        querystring: OrderAccessQuery,
        response: {
          200: Ref(BuyerOrder, 'The order as it stands: paid with its tickets, or still pending.'),
          ...errorResponses(400, 402, 404, 409),
        },
      },
    },
    (request) =>
      checkout.confirmBuyerPayment(app.services, request.params.slug, request.params.order_id, request.query.token),
  );

  app.post(
    '/v1/public/organizers/:slug/orders/:order_id/cancel',
    {
      schema: {
        tags,
        operationId: 'cancelBuyerOrder',
        security: [],
        summary: 'Give up an unpaid order',
        description: 'Its tickets go back on sale at once.',
        params: BuyerOrderParams,
        querystring: OrderAccessQuery,
        response: { 200: Ref(BuyerOrder, 'The cancelled order.'), ...errorResponses(400, 404, 409) },
      },
    },
    (request) =>
      checkout.cancelBuyerOrder(app.services, request.params.slug, request.params.order_id, request.query.token),
  );

  app.get(
    '/v1/public/organizers/:slug/orders/:order_id/tickets.pdf',
    {
      schema: {
        tags,
        operationId: 'getBuyerTicketsPdf',
        security: [],
        summary: "The order's tickets as a PDF",
        description:
          'The same PDF as the order confirmation carries, a page per valid ticket with its QR code and short code, in the language asked for or the one the buyer ordered in. 409 `no_valid_tickets` while the order is unpaid or when none is valid any more.',
        params: BuyerOrderParams,
        querystring: TicketsPdfQuery,
        response: {
          200: {
            description: 'The tickets (PDF).',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { slug, order_id } = request.params;
      const { token, locale } = request.query;
      const { pdf, filename } = await checkout.renderBuyerTicketsPdf(app.services, slug, order_id, token, locale);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf as never);
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/v1/public/organizers/:slug/orders/:order_id/tickets/:ticket_id/qr.${format}`,
      {
        schema: {
          tags,
          operationId: format === 'svg' ? 'getTicketQrSvg' : 'getTicketQrPng',
          security: [],
          summary: `A ticket's QR code as ${format.toUpperCase()}`,
          description: 'The signed ticket code as a QR image, for printing or a wallet. Revoked tickets have none.',
          params: BuyerTicketParams,
          querystring: OrderAccessQuery,
          response: {
            200: {
              description: `The QR code (${format.toUpperCase()}).`,
              content: {
                [format === 'svg' ? 'image/svg+xml' : 'image/png']: { schema: { type: 'string', format: 'binary' } },
              },
            },
            ...errorResponses(400, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const { slug, order_id, ticket_id } = request.params;
        const image = await checkout.renderTicketQr(
          app.services,
          slug,
          order_id,
          ticket_id,
          request.query.token,
          format,
        );
        // A Buffer goes out as it is, past the JSON serializer.
        return reply
          .type(format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png')
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(image) as never);
      },
    );
  }

  app.get(
    '/v1/public/organizers/:slug/ticket-keys',
    {
      schema: {
        tags,
        operationId: 'getTicketKeys',
        security: [],
        summary: "The organizer's ticket signing keys",
        description: 'Public keys (JWK set) for verifying ticket codes offline, e.g. in a scanner app.',
        params: OrganizerSlugParams,
        response: { 200: Ref(TicketKeys, 'The public keys.'), ...errorResponses(400, 404) },
      },
    },
    (request) => checkout.ticketKeys(app.services, request.params.slug),
  );
};
