import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import {
  Billing,
  NewCheckoutSession,
  NewEnterpriseSubscription,
  NewPortalSession,
  OrganizerParams,
  PlanOverride,
  StripeRedirect,
} from './billing.schemas.ts';
import * as billing from './billing.service.ts';

const tags = ['Billing'];
const staffTags = ['Staff'];

export const billingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Billing);

  app.get(
    '/v1/organizer/billing',
    {
      schema: {
        tags,
        operationId: 'getBilling',
        summary: "The organizer's plan and subscription",
        description:
          'The plan in force, which features it allows, a plan set by Access Plus staff (if any), and the Stripe subscription as Stripe last reported it.',
        response: { 200: Ref(Billing, 'The plan and its subscription.'), ...errorResponses(401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => billing.getBilling(ctx)),
  );

  app.post(
    '/v1/organizer/billing/checkout-sessions',
    {
      schema: {
        tags,
        operationId: 'createBillingCheckoutSession',
        summary: 'Start subscribing to Pro',
        description:
          'Owners only. Answers a Stripe Checkout page to send the owner to; the plan changes once Stripe confirms the subscription, usually within seconds of paying. 409 while the organizer already has a subscription or a plan set by staff; 422 when this server takes no plan payments.',
        body: NewCheckoutSession,
        response: {
          201: StripeRedirect,
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => billing.startCheckout(ctx, request.body))),
  );

  app.post(
    '/v1/organizer/billing/portal-sessions',
    {
      schema: {
        tags,
        operationId: 'createBillingPortalSession',
        summary: 'Manage the subscription at Stripe',
        description:
          'Owners only. Answers a Stripe billing portal page where the owner changes the card, downloads invoices or cancels. A cancellation takes effect as Stripe reports it.',
        body: NewPortalSession,
        response: {
          201: StripeRedirect,
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => billing.startPortalSession(ctx, request.body))),
  );

  app.put(
    '/v1/staff/organizers/:organizer_id/plan',
    {
      schema: {
        tags: staffTags,
        operationId: 'staffSetOrganizerPlan',
        summary: "Set an organizer's plan (platform staff)",
        description:
          'Platform staff only, and written to the audit log. Puts the organizer on a plan whatever its subscription pays for (a custom deal, a courtesy); `plan: null` clears that and the subscription decides again.',
        params: OrganizerParams,
        body: PlanOverride,
        response: {
          200: Ref(Billing, "The organizer's plan with the change."),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    (request) => app.asStaff(request, request.params.organizer_id, (ctx) => billing.overridePlan(ctx, request.body)),
  );

  app.post(
    '/v1/staff/organizers/:organizer_id/enterprise-subscription',
    {
      schema: {
        tags: staffTags,
        operationId: 'staffOfferEnterprise',
        summary: 'Offer an organizer Enterprise at an agreed price (platform staff)',
        description:
          'Platform staff only, and written to the audit log. Makes a monthly Stripe price for the organizer and answers a Stripe Checkout page to send to it; the organizer is on Enterprise once it has paid. 409 while it has another subscription.',
        params: OrganizerParams,
        body: NewEnterpriseSubscription,
        response: {
          201: StripeRedirect,
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await app.asStaff(request, request.params.organizer_id, (ctx) =>
            billing.startEnterpriseCheckout(ctx, request.body),
          ),
        ),
  );
};
