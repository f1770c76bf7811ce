import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Ref } from '../../lib/schemas.ts';
import {
  AttendanceReport,
  DonationReport,
  PayoutReport,
  ReportRange,
  SalesReport,
  SalesTaxQuery,
  SalesTaxReport,
} from './reports.schemas.ts';
import * as reports from './reports.service.ts';

const tags = ['Reports'];
const fromTheLedger =
  'Every amount is a sum of the organizer’s ledger lines, in minor units, so reports never disagree with the ledger or with each other. Days are counted in the organizer’s time zone.';

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const schema of [SalesReport, AttendanceReport, PayoutReport, DonationReport, SalesTaxReport]) {
    app.addSchema(schema);
  }

  app.get(
    '/v1/reports/sales',
    {
      schema: {
        tags,
        operationId: 'getSalesReport',
        'x-api-key-scope': 'reports:read',
        summary: 'Sales by day, event and item',
        description: `Owners and admins. Sales, refunds, fees, sales tax and the organizer’s share per day, event and ticket tier, add-on or donation, with the totals. ${fromTheLedger}`,
        querystring: ReportRange,
        response: { 200: Ref(SalesReport, 'The report.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => reports.salesReport(ctx, request.query)),
  );

  app.get(
    '/v1/reports/attendance',
    {
      schema: {
        tags,
        operationId: 'getAttendanceReport',
        'x-api-key-scope': 'reports:read',
        summary: 'Tickets sold and checked in',
        description:
          'Owners, admins and staff. Per event and tier: valid tickets, how many were scanned at the door, and how many were refunded. Newest event first.',
        querystring: Type.Pick(ReportRange, ['event_id']),
        response: { 200: Ref(AttendanceReport, 'The report.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => reports.attendanceReport(ctx, request.query)),
  );

  app.get(
    '/v1/reports/payouts',
    {
      schema: {
        tags,
        operationId: 'getPayoutReport',
        'x-api-key-scope': 'reports:read',
        summary: 'Fees, disputes and payouts per event',
        description: `Owners and admins. What each event earned after fees and disputes, what buyers paid in person, what was paid out, and what is still to pay. ${fromTheLedger}`,
        querystring: ReportRange,
        response: { 200: Ref(PayoutReport, 'The report.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => reports.payoutReport(ctx, request.query)),
  );

  app.get(
    '/v1/reports/donations',
    {
      schema: {
        tags,
        operationId: 'getDonationReport',
        'x-api-key-scope': 'reports:read',
        summary: 'Donations and the impact fund per event',
        description: `Owners and admins. Donations per event against its goal, and the impact fund’s share of service fees. ${fromTheLedger}`,
        querystring: ReportRange,
        response: { 200: Ref(DonationReport, 'The report.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => reports.donationReport(ctx, request.query)),
  );

  app.get(
    '/v1/reports/sales-tax',
    {
      schema: {
        tags,
        operationId: 'getSalesTaxReport',
        'x-api-key-scope': 'reports:read',
        summary: 'Sales tax by state, city and period',
        description: `Owners and admins. Sales before tax, tax collected, tax refunded and tax to remit per venue state and city, by month, quarter or year. ${fromTheLedger}`,
        querystring: SalesTaxQuery,
        response: { 200: Ref(SalesTaxReport, 'The report.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => reports.salesTaxReport(ctx, request.query)),
  );
};
