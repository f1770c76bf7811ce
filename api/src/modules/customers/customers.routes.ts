import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { errorResponses, NoContent, Page, Ref, SyncPage } from '../../lib/schemas.ts';
import {
  Customer,
  CustomerListQuery,
  CustomerOrder,
  CustomerOrderListQuery,
  CustomerParams,
  CustomerSession,
  CustomerUpdate,
  customerSchemas,
  NewCustomerSession,
  SignInLinkRequest,
  SignInLinkSent,
} from './customers.schemas.ts';
import * as customers from './customers.service.ts';

const tags = ['Customers'];
/** A customer's session token, valid at its own organizer only; staff tokens are not accepted. */
const security = [{ customerToken: [] }];

/**
 * The customer token of a request, told apart by its prefix. Staff sign-in reads the same header
 * through the auth plugin, which these routes never call: each kind of token is looked up only
 * where it belongs, and a staff token sent to the storefront counts as no customer token.
 */
export function customerToken(request: FastifyRequest): string | undefined {
  const [scheme, value] = request.headers.authorization?.split(' ') ?? [];
  const token = scheme?.toLowerCase() === 'bearer' && value ? value.trim() : undefined;
  return token?.startsWith(`${customers.SESSION_TOKEN_PREFIX}_`) ? token : undefined;
}

/** Customer accounts at an organizer's storefront: passwordless sign-in by emailed link. */
export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const schema of customerSchemas) app.addSchema(schema);

  app.post(
    '/v1/public/organizers/:slug/customer/sign-in-links',
    {
      schema: {
        tags,
        operationId: 'requestCustomerSignInLink',
        security: [],
        summary: 'Email a sign-in link',
        description:
          "Emails a link to the organizer's storefront that signs the customer in, once, within 30 minutes. No password: opening the link proves the email, and creates the account if there is none. Always answers 202, whether or not the email has an account or orders here. Requests are limited per email and per client address (429).",
        params: CustomerParams,
        body: SignInLinkRequest,
        response: { 202: SignInLinkSent, ...errorResponses(400, 404, 429) },
      },
      preHandler: app.signInLinkGuard.preHandler,
    },
    async (request, reply) => {
      await customers.requestSignInLink(app.services, request.params.slug, request.body);
      return reply
        .code(202)
        .send({ message: 'A sign-in link is on its way to this address. It works once, within 30 minutes.' });
    },
  );

  app.post(
    '/v1/public/organizers/:slug/customer/sessions',
    {
      schema: {
        tags,
        operationId: 'createCustomerSession',
        security: [],
        summary: 'Sign in with the emailed link',
        description:
          "Uses up the link's token and starts a 30-day session at this organizer. A new email becomes a customer account; every guest order placed here with the email joins the account (`claimed_orders` counts those that joined now). A used or expired link: 422 `invalid_token`.",
        params: CustomerParams,
        body: NewCustomerSession,
        response: {
          201: Ref(CustomerSession, 'Signed in: the session token and the customer.'),
          ...errorResponses(400, 404, 422),
        },
      },
      // The answer carries the session token, which is kept only hashed: no copy for replay.
      config: { idempotency: false },
    },
    async (request, reply) =>
      reply.code(201).send(await customers.signIn(app.services, request.params.slug, request.body.token)),
  );

  app.delete(
    '/v1/public/organizers/:slug/customer/session',
    {
      schema: {
        tags,
        operationId: 'signOutCustomer',
        security,
        summary: 'Sign the customer out',
        description: 'Ends the session of the token sent; other sessions of the customer (other devices) go on.',
        params: CustomerParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await customers.signOut(app.services, request.params.slug, customerToken(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/public/organizers/:slug/customer',
    {
      schema: {
        tags,
        operationId: 'getCustomer',
        security,
        summary: 'The signed-in customer',
        params: CustomerParams,
        response: { 200: Ref(Customer, 'The customer.'), ...errorResponses(400, 401, 404) },
      },
    },
    (request) => customers.getCustomer(app.services, request.params.slug, customerToken(request)),
  );

  app.patch(
    '/v1/public/organizers/:slug/customer',
    {
      schema: {
        tags,
        operationId: 'updateCustomer',
        security,
        summary: "Change the customer's name or language",
        description: 'The email cannot change: it is what the account was proven with.',
        params: CustomerParams,
        body: CustomerUpdate,
        response: { 200: Ref(Customer, 'The customer, changed.'), ...errorResponses(400, 401, 404, 422) },
      },
    },
    (request) => customers.updateCustomer(app.services, request.params.slug, customerToken(request), request.body),
  );

  app.get(
    '/v1/customers',
    {
      schema: {
        tags,
        'x-api-key-scope': 'customers:read',
        operationId: 'listCustomers',
        summary: "List the organizer's customer accounts",
        description:
          'Buyers who made an account at the storefront, in the order the accounts were made; their orders list with `GET /v1/orders?email=…`. Owners, admins and staff. With `updated_since`, a sync page instead (see the parameter): every account made or changed since (a new name or language, a sign-in).',
        querystring: CustomerListQuery,
        response: { 200: SyncPage(Ref(Customer), 'A page of customers.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => customers.listCustomers(ctx, request.query)),
  );

  app.get(
    '/v1/public/organizers/:slug/customer/orders',
    {
      schema: {
        tags,
        operationId: 'listCustomerOrders',
        security,
        summary: "List the customer's orders",
        description:
          "Newest first: orders placed while signed in and guest orders claimed with the email. Each carries its `access_token`, which opens the full order and its tickets at the buyer's order endpoints.",
        params: CustomerParams,
        querystring: CustomerOrderListQuery,
        response: {
          200: Page(Ref(CustomerOrder), 'A page of orders.'),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    (request) => customers.listCustomerOrders(app.services, request.params.slug, customerToken(request), request.query),
  );
};
