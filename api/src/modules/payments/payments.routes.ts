import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import { OnboardingLink, OnboardingLinkRequest, PayoutAccount, WebhookReceipt } from './payments.schemas.ts';
import * as payments from './payments.service.ts';
import { receiveStripeEvent, verifyStripeEvent } from './stripe-events.ts';

export const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(PayoutAccount);
  app.addSchema(OnboardingLink);
  app.addSchema(WebhookReceipt);

  app.get(
    '/v1/organizer/payout-account',
    {
      schema: {
        tags: ['Payouts'],
        operationId: 'getPayoutAccount',
        'x-api-key-scope': 'payouts:read',
        summary: 'How the organizer is paid',
        description:
          'Owners and admins. The organizer’s Stripe Express account as Stripe last reported it: card sales pay into it once charges are enabled, and payouts wait until Stripe enables them.',
        response: { 200: Ref(PayoutAccount, 'The payout account.'), ...errorResponses(401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => payments.getPayoutAccount(ctx)),
  );

  app.post(
    '/v1/organizer/payout-account/onboarding-links',
    {
      schema: {
        tags: ['Payouts'],
        operationId: 'createPayoutOnboardingLink',
        summary: 'Connect or finish the organizer’s Stripe account',
        description:
          'Owners only. Creates the organizer’s Stripe Express account the first time, then returns Stripe’s onboarding page, where the organizer gives her bank account and identity. Each link works once; ask again when it expires.',
        body: OnboardingLinkRequest,
        response: { 201: Ref(OnboardingLink, 'The onboarding link.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return app.inTenant(request, (ctx) => payments.createOnboardingLink(ctx, request.body));
    },
  );

  // Stripe signs the exact bytes it sent, so this route keeps its body raw.
  await app.register(async (webhooks) => {
    webhooks.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    webhooks.post(
      '/v1/webhooks/stripe',
      {
        schema: {
          tags: ['Webhooks'],
          operationId: 'receiveStripeWebhook',
          security: [],
          summary: 'Stripe’s events',
          description:
            'Where Stripe delivers events (payments, disputes, Connect accounts, payouts, subscriptions). The `Stripe-Signature` header is checked on the raw body with a five-minute tolerance; each event takes effect once, however often and in whatever order it arrives.',
          response: { 200: Ref(WebhookReceipt, 'The event is stored.'), ...errorResponses(400, 404) },
        },
      },
      async (request) => {
        const { stripe, config } = app.services;
        if (!stripe || !config.stripe) {
          throw new AppError(404, 'not_found', 'This server does not take Stripe events: Stripe is not configured.');
        }
        const signature = request.headers['stripe-signature'];
        const event = verifyStripeEvent(
          stripe,
          config.stripe.webhookSecret,
          request.body as Buffer,
          typeof signature === 'string' ? signature : undefined,
        );
        const { duplicate } = await receiveStripeEvent(app.services, event);
        return { received: true as const, duplicate };
      },
    );
  });
};
