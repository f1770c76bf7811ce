import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, NoContent, Ref } from '../../lib/schemas.ts';
import { NewTaxRate, TaxRate, TaxRateParams, TaxRateUpdate } from './tax-rates.schemas.ts';
import * as taxRates from './tax-rates.service.ts';

const tags = ['Tax rates'];

export const taxRateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(TaxRate);

  app.get(
    '/v1/tax-rates',
    {
      schema: {
        tags,
        operationId: 'listTaxRates',
        'x-api-key-scope': 'catalog:read',
        summary: 'List the sales tax rates',
        description: 'Every rate the organizer collects, by state and then city (the statewide rate first).',
        response: {
          200: Type.Object({ data: Type.Array(Ref(TaxRate)) }, { description: 'All tax rates.' }),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) => app.inTenant(request, async (ctx) => ({ data: await taxRates.listTaxRates(ctx) })),
  );

  app.post(
    '/v1/tax-rates',
    {
      schema: {
        tags,
        operationId: 'createTaxRate',
        'x-api-key-scope': 'catalog:write',
        summary: 'Add a sales tax rate',
        description:
          'Owners and admins only. Checkout charges an event the rate of its city, or else of its state. Leave `city` out for the statewide rate; a jurisdiction has one rate.',
        body: NewTaxRate,
        response: { 201: Ref(TaxRate, 'The new tax rate.'), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => taxRates.createTaxRate(ctx, request.body))),
  );

  app.patch(
    '/v1/tax-rates/:tax_rate_id',
    {
      schema: {
        tags,
        operationId: 'updateTaxRate',
        'x-api-key-scope': 'catalog:write',
        summary: 'Change a sales tax rate',
        description: 'Owners and admins only. Orders already placed keep the tax they were charged.',
        params: TaxRateParams,
        body: TaxRateUpdate,
        response: { 200: Ref(TaxRate, 'The changed tax rate.'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxRates.updateTaxRate(ctx, request.params.tax_rate_id, request.body)),
  );

  app.delete(
    '/v1/tax-rates/:tax_rate_id',
    {
      schema: {
        tags,
        operationId: 'deleteTaxRate',
        'x-api-key-scope': 'catalog:write',
        summary: 'Remove a sales tax rate',
        description: 'Owners and admins only. Orders already placed keep the tax they were charged.',
        params: TaxRateParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => taxRates.deleteTaxRate(ctx, request.params.tax_rate_id));
      return reply.code(204).send(null);
    },
  );
};
