import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Ref, SyncPage } from '../../lib/schemas.ts';
import {
  EventParams,
  HoldRequest,
  ManualPayoutRecord,
  Payout,
  PayoutList,
  PayoutListQuery,
  PayoutOutlook,
  StaffOrganizerParams,
  StaffPayoutParams,
} from './payouts.schemas.ts';
import * as payouts from './payouts.service.ts';

const tags = ['Payouts'];
const staffTags = ['Staff'];

export const payoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Payout);
  app.addSchema(PayoutOutlook);

  app.get(
    '/v1/organizer/payouts',
    {
      schema: {
        tags,
        operationId: 'listPayouts',
        'x-api-key-scope': 'payouts:read',
        summary: 'The organizer’s payouts',
        description:
          'Owners and admins. Newest first, with each early payout’s risk tier and its reasons. With `updated_since`, a sync page instead (see the parameter): every payout changed since.',
        querystring: PayoutListQuery,
        response: { 200: SyncPage(Ref(Payout), 'A page of payouts.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => payouts.listPayouts(ctx, request.query)),
  );

  app.get(
    '/v1/events/:event_id/payout-outlook',
    {
      schema: {
        tags,
        operationId: 'getEventPayoutOutlook',
        'x-api-key-scope': 'payouts:read',
        summary: 'Early payout tier of an event, and why',
        description:
          'Owners and admins. The organizer’s risk score for this event, the early payout tier it earns (25 %, 50 % or 100 % of settled net sales before the event, less a reserve), every reason with its points, and what the event owes now.',
        params: EventParams,
        response: { 200: Ref(PayoutOutlook, 'The outlook.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => payouts.getEventPayoutOutlook(ctx, request.params.event_id)),
  );

  app.get(
    '/v1/staff/organizers/:organizer_id/payouts',
    {
      schema: {
        tags: staffTags,
        operationId: 'staffListPayouts',
        summary: 'An organizer’s payouts (staff)',
        description: 'Platform staff only.',
        params: StaffOrganizerParams,
        response: { 200: PayoutList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.asStaff(request, request.params.organizer_id, (ctx) => payouts.staffListPayouts(ctx)),
  );

  app.post(
    '/v1/staff/organizers/:organizer_id/payouts/:payout_id/hold',
    {
      schema: {
        tags: staffTags,
        operationId: 'holdPayout',
        summary: 'Stop a payout before it is sent (staff)',
        description: 'Platform staff only; written to the audit log. A held payout waits until released.',
        params: StaffPayoutParams,
        body: HoldRequest,
        response: { 200: Ref(Payout, 'The held payout.'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) =>
      app.asStaff(request, request.params.organizer_id, (ctx) =>
        payouts.holdPayout(ctx, request.params.payout_id, request.body.reason),
      ),
  );

  app.post(
    '/v1/staff/organizers/:organizer_id/payouts/:payout_id/release',
    {
      schema: {
        tags: staffTags,
        operationId: 'releasePayout',
        summary: 'Let a held payout go (staff)',
        description: 'Platform staff only; written to the audit log. The worker sends it right after.',
        params: StaffPayoutParams,
        response: { 200: Ref(Payout, 'The released payout.'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) =>
      app.asStaff(request, request.params.organizer_id, (ctx) => payouts.releasePayout(ctx, request.params.payout_id)),
  );

  app.post(
    '/v1/staff/organizers/:organizer_id/payouts/:payout_id/paid',
    {
      schema: {
        tags: staffTags,
        operationId: 'recordManualPayout',
        summary: 'Record a payout paid by hand (staff)',
        description:
          'Platform staff only; written to the audit log. For organizers without a Stripe account: the money went out by bank transfer or check under this reference.',
        params: StaffPayoutParams,
        body: ManualPayoutRecord,
        response: { 200: Ref(Payout, 'The paid payout.'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) =>
      app.asStaff(request, request.params.organizer_id, (ctx) =>
        payouts.recordManualPayout(ctx, request.params.payout_id, request.body.reference),
      ),
  );
};
