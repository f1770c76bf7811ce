import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, Ref, SyncPage } from '../../lib/schemas.ts';
import { EventParams } from '../events/events.schemas.ts';
import {
  AllCheckInListQuery,
  Attendee,
  AttendeeListQuery,
  CheckIn,
  CheckInListQuery,
  CheckInSummary,
  CheckInTicket,
  ScanRequest,
  ScanResult,
  TicketParams,
  UndoCheckInRequest,
} from './checkin.schemas.ts';
import * as checkin from './checkin.service.ts';

const tags = ['Check-in'];

/** The door: scanning tickets, the scan log, and finding attendees without a code. Any member may. */
export const checkInRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CheckInTicket);
  app.addSchema(ScanResult);
  app.addSchema(CheckInSummary);
  app.addSchema(CheckIn);
  app.addSchema(Attendee);

  app.post(
    '/v1/events/:event_id/scans',
    {
      schema: {
        tags,
        operationId: 'scanTicket',
        'x-api-key-scope': 'check_ins:write',
        summary: 'Scan a ticket at the door',
        description:
          'Checks the signed code and admits its ticket, once: when several doors scan the same ticket at the same moment, exactly one gets `admitted` and the others `already_checked_in`. A ticket that may not enter is an answer, not an error: `outcome` is `refused` and `reason` says why (forged code, another organizer or event, refunded, cancelled event). Every scan is recorded in the check-in log. Check-in staff may scan.',
        params: EventParams,
        body: ScanRequest,
        response: {
          200: Ref(ScanResult, 'What to do with the person: admit or not, and why.'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => checkin.scanTicket(ctx, request.params.event_id, request.body)),
  );

  app.post(
    '/v1/tickets/:ticket_id/undo-check-in',
    {
      schema: {
        tags,
        operationId: 'undoCheckIn',
        'x-api-key-scope': 'check_ins:write',
        summary: 'Undo a check-in',
        description:
          'For a ticket admitted by mistake, or a person who left and will come back: the ticket can be scanned in again. Recorded in the check-in log. 409 `not_checked_in` when it is not checked in.',
        params: TicketParams,
        body: UndoCheckInRequest,
        response: {
          200: Ref(CheckInTicket, 'The ticket, no longer checked in.'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    (request) => app.inTenant(request, (ctx) => checkin.undoCheckIn(ctx, request.params.ticket_id, request.body)),
  );

  app.get(
    '/v1/events/:event_id/check-ins/summary',
    {
      schema: {
        tags,
        operationId: 'getCheckInSummary',
        'x-api-key-scope': 'check_ins:read',
        summary: 'Count arrivals',
        description: 'Valid tickets of the event and how many of them are checked in, overall and per tier.',
        params: EventParams,
        response: { 200: Ref(CheckInSummary, 'The counts.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => checkin.getCheckInSummary(ctx, request.params.event_id)),
  );

  app.get(
    '/v1/events/:event_id/check-ins',
    {
      schema: {
        tags,
        operationId: 'listCheckIns',
        'x-api-key-scope': 'check_ins:read',
        summary: 'List the scan log',
        description: 'Every scan at the door (admitted or refused) and every undone check-in, newest first.',
        params: EventParams,
        querystring: CheckInListQuery,
        response: { 200: Page(Ref(CheckIn), 'A page of the log.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => checkin.listCheckIns(ctx, request.params.event_id, request.query)),
  );

  app.get(
    '/v1/check-ins',
    {
      schema: {
        tags,
        'x-api-key-scope': 'check_ins:read',
        operationId: 'listAllCheckIns',
        summary: 'List the scan log of every event',
        description:
          "Every scan at the door and every undone check-in, of all the organizer's events (or one, with `event_id`), newest first. With `updated_since`, a sync page instead (see the parameter): every entry written since. A ticket's own state (checked in or not) syncs with `GET /v1/tickets`.",
        querystring: AllCheckInListQuery,
        response: { 200: SyncPage(Ref(CheckIn), 'A page of the log.'), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => app.inTenant(request, (ctx) => checkin.listAllCheckIns(ctx, request.query)),
  );

  app.get(
    '/v1/events/:event_id/attendees',
    {
      schema: {
        tags,
        operationId: 'listAttendees',
        'x-api-key-scope': 'orders:read',
        summary: 'List and search attendees',
        description:
          "The event's tickets, valid and revoked, with who holds them, in name order. Search with `q` to find someone who has no code at hand.",
        params: EventParams,
        querystring: AttendeeListQuery,
        response: { 200: Page(Ref(Attendee), 'A page of attendees.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => app.inTenant(request, (ctx) => checkin.listAttendees(ctx, request.params.event_id, request.query)),
  );
};
