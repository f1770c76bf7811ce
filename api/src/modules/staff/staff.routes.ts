import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, Ref } from '../../lib/schemas.ts';
import { Billing } from '../billing/billing.schemas.ts';
import { Payout } from '../payouts/payouts.schemas.ts';
import {
  OrganizerParams,
  StaffAuditEntry,
  StaffOrganizer,
  StaffOrganizerDetail,
  StaffOrganizerQuery,
  StaffPayout,
  StaffPayoutQuery,
} from './staff.schemas.ts';
import * as staff from './staff.service.ts';

const tags = ['Staff'];

export const staffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Registered by the billing and payout routes too, each in its own plugin; the same schemas.
  app.addSchema(Billing);
  app.addSchema(Payout);
  app.addSchema(StaffOrganizer);
  app.addSchema(StaffAuditEntry);
  app.addSchema(StaffOrganizerDetail);
  app.addSchema(StaffPayout);

  app.get(
    '/v1/staff/organizers',
    {
      schema: {
        tags,
        operationId: 'staffListOrganizers',
        summary: 'Find organizers (staff)',
        description:
          'Platform staff only. Newest first; `q` finds part of a name, a slug or an owner’s email. Each with its plan, subscription, Stripe account and how many payouts are held or waiting.',
        querystring: StaffOrganizerQuery,
        response: { 200: Page(Ref(StaffOrganizer), 'A page of organizers.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.asStaffAcrossOrganizers(request, (ctx) => staff.listOrganizers(ctx, request.query)),
  );

  app.get(
    '/v1/staff/organizers/:organizer_id',
    {
      schema: {
        tags,
        operationId: 'staffGetOrganizer',
        summary: 'An organizer, its billing and audit log (staff)',
        description:
          'Platform staff only. The organizer as the list shows it, with its billing as its owners see it, the events its payouts are for, and what staff did to it, newest first. Its payouts: `staffListPayouts`.',
        params: OrganizerParams,
        response: {
          200: Ref(StaffOrganizerDetail, 'The organizer.'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    (request) => app.asStaff(request, request.params.organizer_id, (ctx) => staff.getOrganizer(ctx)),
  );

  app.get(
    '/v1/staff/payouts',
    {
      schema: {
        tags,
        operationId: 'staffListPayoutQueue',
        summary: 'Payouts of every organizer (staff)',
        description:
          'Platform staff only. Oldest due first, each with its organizer: `status=held` for what staff stopped, `status=scheduled&method=manual` for what waits to be paid by hand.',
        querystring: StaffPayoutQuery,
        response: { 200: Page(Ref(StaffPayout), 'A page of payouts.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.asStaffAcrossOrganizers(request, (ctx) => staff.listPayoutQueue(ctx, request.query)),
  );
};
