import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from './context.ts';
import type { Logger } from './lib/logger.ts';
import type { SharedRedis } from './lib/redis.ts';
import { ErrorResponse } from './lib/schemas.ts';
import { activityRoutes } from './modules/activity/activity.routes.ts';
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { billingRoutes } from './modules/billing/billing.routes.ts';
import { brandingRoutes } from './modules/branding/branding.routes.ts';
import { catalogRoutes } from './modules/catalog/catalog.routes.ts';
import { changeRoutes } from './modules/changes/changes.routes.ts';
import { checkInRoutes } from './modules/checkin/checkin.routes.ts';
import { checkoutRoutes } from './modules/checkout/checkout.routes.ts';
import { checkoutSchemas } from './modules/checkout/checkout.schemas.ts';
import { checkoutSettingsRoutes } from './modules/checkout-settings/checkout-settings.routes.ts';
import { contactRoutes } from './modules/contact/contact.routes.ts';
import { customerRoutes } from './modules/customers/customers.routes.ts';
import { devMailboxRoutes } from './modules/dev-mailbox/dev-mailbox.routes.ts';
import { domainRoutes } from './modules/domains/domains.routes.ts';
import { eventRoutes } from './modules/events/events.routes.ts';
import { exportRoutes } from './modules/exports/exports.routes.ts';
import { imageRoutes } from './modules/images/images.routes.ts';
import { messageRoutes } from './modules/messages/messages.routes.ts';
import { orderRoutes } from './modules/orders/orders.routes.ts';
import { paymentRoutes } from './modules/payments/payments.routes.ts';
import { payoutRoutes } from './modules/payouts/payouts.routes.ts';
import { productRoutes } from './modules/products/products.routes.ts';
import { promoCodeRoutes } from './modules/promo-codes/promo-codes.routes.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { staffRoutes } from './modules/staff/staff.routes.ts';
import { taxFormRoutes } from './modules/tax-forms/tax-forms.routes.ts';
import { taxRateRoutes } from './modules/tax-rates/tax-rates.routes.ts';
import { tenantRoutes } from './modules/tenants/tenants.routes.ts';
import { themeRoutes } from './modules/themes/themes.routes.ts';
import { ticketRoutes } from './modules/tickets/tickets.routes.ts';
import { translationRoutes } from './modules/translations/translations.routes.ts';
import { waitlistRoutes } from './modules/waitlist/waitlist.routes.ts';
import { webhookRoutes } from './modules/webhooks/webhooks.routes.ts';
import { authPlugin, DEFAULT_SECURITY, documentApiKeyAccess } from './plugins/auth.ts';
import { clientError, errorsPlugin, frameworkError } from './plugins/errors.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import {
  createAccountMailGuard,
  createApiKeyLimit,
  createContactGuard,
  createLoginGuard,
  createOrderHoldGuard,
  createQuoteGuard,
  createSignInLinkGuard,
  createWaitlistGuard,
} from './plugins/rate-limits.ts';
import { buildValidator } from './plugins/validation.ts';

export const API_VERSION = '0.1.0';

export interface BuildOptions {
  services: Services;
  /** Shared rate-limit counters; null counts in this process. */
  redis: SharedRedis | null;
  logger?: Logger;
  /** Serve the rendered reference at /docs (off when generating the spec). */
  docs?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A hop count trusts the nearest `hops` proxies (Fastify takes it as a function of the hop). */
function trustedProxies(setting: false | number | string[]) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger ?? options.services.logger,
    bodyLimit: 1024 * 1024,
    trustProxy: trustedProxies(options.services.config.trustProxy),
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Longer than any id or slug, so an over-long one reaches its schema and is named there.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    // Fastify's types describe its own Ajv pool; ours takes the same arguments (external schemas).
    schemaController: { compilersFactory: { buildValidator: buildValidator as never } },
  });

  app.decorate('services', options.services);
  const { config } = options.services;
  const redis = options.redis;
  app.decorate('loginGuard', createLoginGuard(config, redis?.main ?? null));
  app.decorate('accountMailGuard', createAccountMailGuard(config, redis?.main ?? null));
  app.decorate('signInLinkGuard', createSignInLinkGuard(config, redis?.main ?? null));
  app.decorate('waitlistGuard', createWaitlistGuard(config, redis?.main ?? null));
  app.decorate('contactGuard', createContactGuard(config, redis?.main ?? null));
  app.decorate('orderHoldGuard', createOrderHoldGuard(config, redis?.main ?? null));
  app.decorate('quoteGuard', createQuoteGuard(config, redis?.main ?? null));
  app.decorate('apiKeyLimit', createApiKeyLimit(redis?.main ?? null));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  // Cookies are parsed only where a session is looked for, not on every public request.
  await app.register(cookie, { hook: false });
  await app.register(authPlugin);
  await app.register(idempotencyPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Access Plus API',
        version: API_VERSION,
        description:
          'The Access Plus REST API: organizers, events, ticket tiers and the public catalog.\n\n' +
          'Authenticate with the bearer token from sign-in (`Authorization: Bearer …`) or the session cookie. ' +
          'Integrations use an API key instead (`Authorization: Bearer apk_…`, made by an owner or admin in the admin under Settings → API keys): it acts for the organizer, not a person, and each operation says which scope it needs from a key (`x-api-key-scope`) or that keys cannot call it. ' +
          'Requests with a key are limited per key by the plan (Pro: 300 a minute, Enterprise: 1,200), and the storefront operations that hold tickets, price carts or join waitlists per client address; limited answers carry the `RateLimit-Policy` and `RateLimit` header fields, and a 429 also `Retry-After`. ' +
          'Every error has the shape `{"error": {"code", "message", "details", "request_id"}}`. ' +
          'Lists are cursor-paginated: pass `next_cursor` back as `cursor`. ' +
          'Writes (POST, PATCH, DELETE) take an `Idempotency-Key` header: retried with the same key, a request replays its first answer instead of doing the work twice. ' +
          'Events, tiers, orders, tickets, check-ins, refunds, payouts, customers and waitlist entries also sync incrementally: ' +
          'pass `updated_since` (a time the first time, then the `next_updated_since` the last sync page gave) to get every change since, each once, deletions included.',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: '/', description: 'The server this document was served by' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Session token from sign-in or sign-up.' },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'apk_…',
            description:
              "An organizer's API key, sent as `Authorization: Bearer apk_…`. It acts for the organizer within its scopes; an operation lists the scope it needs here. A key without it: 403 `missing_scope`; revoked, expired or unknown: 401.",
          },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'ap_session',
            description:
              "Set by sign-in, for the admin. A change made with it (any method but GET) must come from the admin's or this API's own pages, as the browser's Origin or Sec-Fetch-Site header shows; otherwise it is refused with 403 `cross_site_request`.",
          },
          customerToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              "A customer's session token from `POST /v1/public/organizers/{slug}/customer/sessions`; valid at that organizer only.",
          },
        },
      },
      security: DEFAULT_SECURITY,
      tags: [
        { name: 'Accounts', description: 'Sign-up, sign-in, sessions, email verification, password reset.' },
        { name: 'Organizer', description: 'The organizer a session acts for, and its team.' },
        {
          name: 'API keys',
          description:
            "Keys for the organizer's own integrations (a CRM, accounting) to call this API, with read or write scopes per group of resources. Managed by owners and admins, signed in.",
        },
        { name: 'Events', description: "An organizer's events." },
        { name: 'Ticket tiers', description: 'Kinds of tickets of an event, with price and stock.' },
        {
          name: 'Images',
          description:
            "Uploaded images (events' cover images), re-encoded in a few widths and served from addresses that never change.",
        },
        { name: 'Public catalog', description: 'Published events for storefronts and discovery. No authentication.' },
        { name: 'Checkout settings', description: 'How an organizer sells: fees, holds, offline payment, waitlist.' },
        { name: 'Billing', description: 'Plans (Basic, Pro, Enterprise), what they allow, their subscription.' },
        { name: 'Tax rates', description: 'Sales tax an organizer collects, per state and city.' },
        { name: 'Promo codes', description: 'Discount codes buyers enter at checkout.' },
        { name: 'Add-ons', description: 'Merchandise, food or parking sold with tickets, with their own stock.' },
        {
          name: 'Checkout',
          description:
            "Buying at an organizer's storefront: price a cart, hold tickets, pay, open the order and its tickets. No sign-in; an order opens with its access token.",
        },
        {
          name: 'Payouts',
          description:
            'How organizers are paid: their Stripe account, payouts per event (early, by risk tier, and standard) and the reasons behind each tier.',
        },
        { name: 'Webhooks', description: 'Events other services deliver to us (Stripe).' },
        {
          name: 'Webhook endpoints',
          description:
            "The organizer's own addresses that receive its changes as signed webhooks (Standard Webhooks), retried for about three days, with a delivery log and redelivery.",
        },
        {
          name: 'Custom domains',
          description:
            "The organizer's own host names for its storefront (Pro and Enterprise): the DNS records to create, their checks, the certificate; and which organizer a host belongs to.",
        },
        {
          name: 'Staff',
          description:
            'Platform staff only: finding organizers, their plans and payouts, the payout queue. Every change is written to the audit log.',
        },
        { name: 'Orders', description: "The organizer's orders: payments in person, cancellations, refunds." },
        {
          name: 'Tickets',
          description: "Every ticket of the organizer's events, valid and revoked, with its order's buyer.",
        },
        {
          name: 'Check-in',
          description: 'The door: scanning tickets (once, however many scanners), the scan log, finding attendees.',
        },
        {
          name: 'Waitlist',
          description:
            'People waiting for sold-out tiers. Returned tickets are offered to them in line order as a pending order that paying claims.',
        },
        {
          name: 'Customers',
          description:
            "Buyers' accounts at an organizer's storefront, one per organizer and email. Sign-in is by emailed link (no password); it gathers the guest orders placed with that email.",
        },
        {
          name: 'Development',
          description:
            'For running Access Plus on your own machine: the local mail sink. Answers 404 in production and when mail is sent by SMTP.',
        },
      ],
    },
    transform: ({ schema, url }) => ({ schema: documentApiKeyAccess(schema), url }),
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  app.addSchema(ErrorResponse);
  // Shared by the buyer's and the organizer's routes.
  for (const schema of checkoutSchemas) app.addSchema(schema);

  if (options.docs !== false) {
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  }

  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Redis unreachable is `degraded` and still 200: the API answers correctly without it (limits and
  // cache invalidation fall back to this process), so a balancer should keep sending traffic; a
  // 503 would take every instance out at once when the one shared Redis goes, an outage of its own.
  app.get('/health', { schema: { hide: true } }, async () => {
    const redisState = redis ? await redis.check() : 'not_configured';
    return { ok: true, status: redisState === 'unreachable' ? 'degraded' : 'ok', redis: redisState };
  });

  await app.register(authRoutes);
  await app.register(tenantRoutes);
  await app.register(contactRoutes);
  await app.register(apiKeyRoutes);
  await app.register(billingRoutes);
  await app.register(eventRoutes);
  await app.register(translationRoutes);
  await app.register(imageRoutes);
  await app.register(brandingRoutes);
  await app.register(catalogRoutes);
  await app.register(checkoutSettingsRoutes);
  await app.register(taxRateRoutes);
  await app.register(promoCodeRoutes);
  await app.register(productRoutes);
  await app.register(checkoutRoutes);
  await app.register(orderRoutes);
  await app.register(paymentRoutes);
  await app.register(payoutRoutes);
  await app.register(reportRoutes);
  await app.register(taxFormRoutes);
  await app.register(activityRoutes);
  await app.register(exportRoutes);
  await app.register(messageRoutes);
  await app.register(staffRoutes);
  await app.register(checkInRoutes);
  await app.register(ticketRoutes);
  await app.register(waitlistRoutes);
  await app.register(customerRoutes);
  await app.register(changeRoutes);
  await app.register(webhookRoutes);
  await app.register(domainRoutes);
  await app.register(themeRoutes);
  await app.register(devMailboxRoutes);

  return app;
}
