import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, NoContent, Ref } from '../../lib/schemas.ts';
import {
  Form1099K,
  Form1099Nec,
  Payee,
  PayeeInput,
  PayeeParams,
  PayeePayment,
  PayeePaymentInput,
  PayeePaymentParams,
  PayeePaymentQuery,
  Taxpayer,
  TaxpayerInput,
  YearQuery,
} from './tax-forms.schemas.ts';
import * as taxForms from './tax-forms.service.ts';

const tags = ['Tax forms'];

export const taxFormRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const schema of [Taxpayer, Payee, PayeePayment, Form1099K, Form1099Nec]) app.addSchema(schema);

  app.get(
    '/v1/organizer/taxpayer',
    {
      schema: {
        tags,
        operationId: 'getTaxpayer',
        summary: 'The organizer’s taxpayer details',
        description:
          'Owners and admins, signed in. As on Form W-9; the taxpayer identification number shows only its last four digits. 404 until saved once.',
        response: { 200: Ref(Taxpayer, 'The details.'), ...errorResponses(401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxForms.getTaxpayer(ctx)),
  );

  app.put(
    '/v1/organizer/taxpayer',
    {
      schema: {
        tags,
        operationId: 'saveTaxpayer',
        summary: 'Save and certify the organizer’s taxpayer details',
        description:
          'Owners and admins, signed in (an API key certifies for nobody). The number is sealed before it is stored and is never shown again whole.',
        body: TaxpayerInput,
        response: { 200: Ref(Taxpayer, 'The details as saved.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxForms.saveTaxpayer(ctx, request.body)),
  );

  app.get(
    '/v1/tax-forms/1099-k',
    {
      schema: {
        tags,
        operationId: 'getForm1099K',
        'x-api-key-scope': 'reports:read',
        summary: 'Form 1099-K figures for a year',
        description:
          'Owners and admins. Card payments per month (boxes 5a–5l), the year’s gross (1a) and number of payments (3), money taken in person apart, and where the organizer stands against the federal threshold in force for that year. From the ledger.',
        querystring: YearQuery,
        response: { 200: Ref(Form1099K, 'The figures.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxForms.form1099K(ctx, request.query.year)),
  );

  app.get(
    '/v1/tax-forms/1099-nec',
    {
      schema: {
        tags,
        operationId: 'getForm1099Nec',
        'x-api-key-scope': 'reports:read',
        summary: 'Form 1099-NEC readiness for a year',
        description:
          'Owners and admins. Per payee: what was paid in the year, what of it Form 1099-NEC reports, whether the threshold is reached, and what is still missing to file.',
        querystring: YearQuery,
        response: { 200: Ref(Form1099Nec, 'The payees.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxForms.form1099Nec(ctx, request.query.year)),
  );

  app.get(
    '/v1/payees',
    {
      schema: {
        tags,
        operationId: 'listPayees',
        summary: 'Performers and vendors the organizer pays',
        description: 'Owners and admins, signed in. By name.',
        response: {
          200: Type.Object({ data: Type.Array(Ref(Payee)) }, { description: 'The payees.' }),
          ...errorResponses(401, 403),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxForms.listPayees(ctx)),
  );

  app.post(
    '/v1/payees',
    {
      schema: {
        tags,
        operationId: 'createPayee',
        summary: 'Add a payee',
        description: 'Owners and admins, signed in. The TIN, from the payee’s Form W-9, may come later.',
        body: PayeeInput,
        response: { 201: Ref(Payee, 'The payee.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => taxForms.createPayee(ctx, request.body))),
  );

  app.put(
    '/v1/payees/:payee_id',
    {
      schema: {
        tags,
        operationId: 'updatePayee',
        summary: 'Change a payee',
        description: 'Owners and admins, signed in. Without `tin`, the number kept stays.',
        params: PayeeParams,
        body: PayeeInput,
        response: { 200: Ref(Payee, 'The payee.'), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxForms.updatePayee(ctx, request.params.payee_id, request.body)),
  );

  app.delete(
    '/v1/payees/:payee_id',
    {
      schema: {
        tags,
        operationId: 'deletePayee',
        summary: 'Remove a payee',
        description: 'Owners and admins, signed in. Refused (409) while payments to the payee are recorded.',
        params: PayeeParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => taxForms.deletePayee(ctx, request.params.payee_id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/payee-payments',
    {
      schema: {
        tags,
        operationId: 'listPayeePayments',
        summary: 'Payments to payees',
        description: 'Owners and admins, signed in. Newest first.',
        querystring: PayeePaymentQuery,
        response: {
          200: Type.Object({ data: Type.Array(Ref(PayeePayment)) }, { description: 'The payments.' }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => taxForms.listPayeePayments(ctx, request.query)),
  );

  app.post(
    '/v1/payee-payments',
    {
      schema: {
        tags,
        operationId: 'recordPayeePayment',
        summary: 'Record a payment to a payee',
        description:
          'Owners and admins, signed in. Money the organizer paid from her own account, in her currency, for Form 1099-NEC.',
        body: PayeePaymentInput,
        response: { 201: Ref(PayeePayment, 'The payment.'), ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.inTenant(request, (ctx) => taxForms.recordPayeePayment(ctx, request.body))),
  );

  app.delete(
    '/v1/payee-payments/:payment_id',
    {
      schema: {
        tags,
        operationId: 'deletePayeePayment',
        summary: 'Remove a payment recorded by mistake',
        description: 'Owners and admins, signed in.',
        params: PayeePaymentParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await app.inTenant(request, (ctx) => taxForms.deletePayeePayment(ctx, request.params.payment_id));
      return reply.code(204).send(null);
    },
  );
};
