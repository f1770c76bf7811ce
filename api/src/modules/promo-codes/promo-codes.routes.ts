import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, NoContent, Page, Ref } from '../../lib/schemas.ts';
import {
  NewPromoCode,
  PromoCode,
  PromoCodeListQuery,
  PromoCodeParams,
  PromoCodeUpdate,
} from './promo-codes.schemas.ts';
import * as promoCodes from './promo-codes.service.ts';

const tags = ['Promo codes'];

export const promoCodeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(PromoCode);

  app.get(
    '/v1/promo-codes',
    {
      schema: {
        tags,
        operationId: 'listPromoCodes',
        'x-api-key-scope': 'catalog:read',
        summary: "List the organizer's promo codes",
        description: 'Oldest first, with how often each was used.',
        querystring: PromoCodeListQuery,
        response: { 200: Page(Ref(PromoCode), 'A page of promo codes.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => promoCodes.listPromoCodes(ctx, request.query)),
  );

  app.post(
    '/v1/promo-codes',
    {
      schema: {
        tags,
        operationId: 'createPromoCode',
        'x-api-key-scope': 'catalog:write',
        summary: 'Create a promo code',
        description:
          'Owners and admins only. A `percent` code needs `percent_off_bp`, an `amount` code `amount_off_cents`. Codes are unique per organizer regardless of case.',
        body: NewPromoCode,
        response: { 201: Ref(PromoCode, 'The new promo code.'), ...errorResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => promoCodes.createPromoCode(ctx, request.body))),
  );

  app.get(
    '/v1/promo-codes/:promo_code_id',
    {
      schema: {
        tags,
        operationId: 'getPromoCode',
        'x-api-key-scope': 'catalog:read',
        summary: 'Get a promo code',
        params: PromoCodeParams,
        response: { 200: Ref(PromoCode, 'The promo code.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => promoCodes.getPromoCode(ctx, request.params.promo_code_id)),
  );

  app.patch(
    '/v1/promo-codes/:promo_code_id',
    {
      schema: {
        tags,
        operationId: 'updatePromoCode',
        'x-api-key-scope': 'catalog:write',
        summary: 'Change a promo code',
        description:
          'Owners and admins only. Send only the fields to change. `max_uses` cannot go below the orders that already used the code.',
        params: PromoCodeParams,
        body: PromoCodeUpdate,
        response: { 200: Ref(PromoCode, 'The changed promo code.'), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (request) =>
      app.inTenant(request, (ctx) => promoCodes.updatePromoCode(ctx, request.params.promo_code_id, request.body)),
  );

  app.delete(
    '/v1/promo-codes/:promo_code_id',
    {
      schema: {
        tags,
        operationId: 'deletePromoCode',
        'x-api-key-scope': 'catalog:write',
        summary: 'Delete an unused promo code',
        description: 'Owners and admins only. A code orders used stays on record: deactivate it instead.',
        params: PromoCodeParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => promoCodes.deletePromoCode(ctx, request.params.promo_code_id));
      return reply.code(204).send(null);
    },
  );
};
