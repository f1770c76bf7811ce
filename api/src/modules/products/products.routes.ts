import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, NoContent, Page, Ref } from '../../lib/schemas.ts';
import { NewProduct, Product, ProductListQuery, ProductParams, ProductUpdate } from './products.schemas.ts';
import * as products from './products.service.ts';

const tags = ['Add-ons'];

export const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Product);

  app.get(
    '/v1/products',
    {
      schema: {
        tags,
        operationId: 'listProducts',
        'x-api-key-scope': 'catalog:read',
        summary: "List the organizer's add-ons",
        description:
          'In display order (`position`), with units sold and remaining. Filter by `event_id` for one event.',
        querystring: ProductListQuery,
        response: { 200: Page(Ref(Product), 'A page of add-ons.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => products.listProducts(ctx, request.query)),
  );

  app.post(
    '/v1/products',
    {
      schema: {
        tags,
        operationId: 'createProduct',
        'x-api-key-scope': 'catalog:write',
        summary: 'Create an add-on',
        description:
          "Merchandise, food, parking and the like, sold with tickets from their own stock, in the organizer's currency. Tie it to one of your events with `event_id`.",
        body: NewProduct,
        response: { 201: Ref(Product, 'The new add-on.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => products.createProduct(ctx, request.body))),
  );

  app.get(
    '/v1/products/:product_id',
    {
      schema: {
        tags,
        operationId: 'getProduct',
        'x-api-key-scope': 'catalog:read',
        summary: 'Get an add-on',
        params: ProductParams,
        response: { 200: Ref(Product, 'The add-on.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => products.getProduct(ctx, request.params.product_id)),
  );

  app.patch(
    '/v1/products/:product_id',
    {
      schema: {
        tags,
        operationId: 'updateProduct',
        'x-api-key-scope': 'catalog:write',
        summary: 'Change an add-on',
        description: 'Send only the fields to change. The quantity cannot go below the units sold or held.',
        params: ProductParams,
        body: ProductUpdate,
        response: { 200: Ref(Product, 'The changed add-on.'), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => products.updateProduct(ctx, request.params.product_id, request.body)),
  );

  app.delete(
    '/v1/products/:product_id',
    {
      schema: {
        tags,
        operationId: 'deleteProduct',
        'x-api-key-scope': 'catalog:write',
        summary: 'Delete an add-on without sales',
        description: 'An add-on that orders include stays on record: deactivate it instead.',
        params: ProductParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => products.deleteProduct(ctx, request.params.product_id));
      return reply.code(204).send(null);
    },
  );
};
