import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Ref, SyncPage } from '../../lib/schemas.ts';
import {
  MarkPaid,
  Order,
  OrderListQuery,
  OrderParams,
  Refund,
  RefundListQuery,
  RefundRequest,
} from './orders.schemas.ts';
import * as orders from './orders.service.ts';

const tags = ['Orders'];

export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Refund);

  app.get(
    '/v1/orders',
    {
      schema: {
        tags,
        operationId: 'listOrders',
        'x-api-key-scope': 'orders:read',
        summary: "List the organizer's orders",
        description:
          'Newest last. Filter by status, event or buyer email. With `updated_since`, a sync page instead (see the parameter): every order changed since, with its lines and tickets as they now are; a cancelled or expired order is its tombstone. Tickets change on their own too (a check-in): sync `GET /v1/tickets` for those.',
        querystring: OrderListQuery,
        response: { 200: SyncPage(Ref(Order), 'A page of orders.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => orders.listOrders(ctx, request.query)),
  );

  app.get(
    '/v1/refunds',
    {
      schema: {
        tags,
        'x-api-key-scope': 'orders:read',
        operationId: 'listRefunds',
        summary: 'List refunds',
        description:
          "Every refund of the organizer's orders (or of one order, with `order_id`), oldest first. With `updated_since`, a sync page instead (see the parameter). A refund also changes its order, whose sync shows what it covered.",
        querystring: RefundListQuery,
        response: { 200: SyncPage(Ref(Refund), 'A page of refunds.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => orders.listRefunds(ctx, request.query)),
  );

  app.get(
    '/v1/orders/:order_id',
    {
      schema: {
        tags,
        operationId: 'getOrder',
        'x-api-key-scope': 'orders:read',
        summary: 'Get an order with its lines and tickets',
        params: OrderParams,
        response: { 200: Ref(Order, 'The order.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => orders.getOrder(ctx, request.params.order_id)),
  );

  app.post(
    '/v1/orders/:order_id/mark-paid',
    {
      schema: {
        tags,
        operationId: 'markOrderPaid',
        'x-api-key-scope': 'orders:write',
        summary: 'Record an in-person payment',
        description:
          'For orders the buyer chose to pay in cash or through a community partner: records the receipt and issues the tickets. Any member, check-in staff included, may do it at the door.',
        params: OrderParams,
        body: MarkPaid,
        response: { 200: Ref(Order, 'The paid order with its tickets.'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) =>
        orders.markOrderPaid(ctx, request.params.order_id, request.body.receipt_reference),
      ),
  );

  app.post(
    '/v1/orders/:order_id/cancel',
    {
      schema: {
        tags,
        operationId: 'cancelOrder',
        'x-api-key-scope': 'orders:write',
        summary: 'Cancel an unpaid order',
        description: 'Its tickets go back on sale at once. Paid orders are refunded instead.',
        params: OrderParams,
        response: { 200: Ref(Order, 'The cancelled order.'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => app.inTenant(request, (ctx) => orders.cancelOrder(ctx, request.params.order_id)),
  );

  app.post(
    '/v1/orders/:order_id/refunds',
    {
      schema: {
        tags,
        operationId: 'refundOrder',
        'x-api-key-scope': 'orders:write',
        summary: 'Refund an order, or some of its tickets and lines',
        description:
          'Gives the money back through the way it was paid, revokes the refunded tickets and puts their seats and add-ons back on sale (unless the event is over). Refund chosen tickets (`ticket_ids`), whole lines such as a donation or an add-on (`line_ids`), or, with neither, everything not refunded yet. Owners and admins only.',
        params: OrderParams,
        body: RefundRequest,
        response: { 200: Ref(Order, 'The order after the refund.'), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => orders.refundOrder(ctx, request.params.order_id, request.body)),
  );
};
