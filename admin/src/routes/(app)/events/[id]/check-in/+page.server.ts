import type { AccessPlusClient } from '@accessplus/sdk';
import { fail } from '@sveltejs/kit';
import { deviceLabel, normalizeCode } from '$lib/check-in';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { doorDevice, formDevice, rememberDevice, renamedDevice } from '$lib/server/door-device';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const LOG_SIZE = 12;
const SEARCH_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch, params, cookies, depends }) => {
  depends('app:check-in');
  const api = sessionApi({ locals, url, fetch });
  const path = { event_id: params.id };
  const q = url.searchParams.get('q')?.trim().slice(0, 200) ?? '';
  const [summary, log, attendees] = await Promise.all([
    apiResult(api.GET('/v1/events/{event_id}/check-ins/summary', { params: { path } })),
    apiResult(api.GET('/v1/events/{event_id}/check-ins', { params: { path, query: { limit: LOG_SIZE } } })),
    q
      ? apiResult(api.GET('/v1/events/{event_id}/attendees', { params: { path, query: { q, limit: SEARCH_SIZE } } }))
      : null,
  ]);
  return {
    device: doorDevice(cookies, url, messagesFor(locals.locale)),
    summary: required(summary, url),
    log: required(log, url).data,
    search: {
      q,
      attendees: attendees?.ok ? attendees.data.data : [],
      more: attendees?.ok ? attendees.data.next_cursor !== null : false,
      error: attendees && !attendees.ok ? attendees.failure.message : null,
    },
  };
};

async function scan(api: AccessPlusClient, eventId: string, code: string, device: string) {
  return apiResult(
    api.POST('/v1/events/{event_id}/scans', {
      params: { path: { event_id: eventId } },
      body: { code, device_id: device },
    }),
  );
}

export const actions: Actions = {
  /** A code typed, sent by a hardware scanner, or read by the camera. */
  scan: async ({ locals, url, fetch, params, request, cookies }) => {
    const t = messagesFor(locals.locale);
    const api = sessionApi({ locals, url, fetch });
    const form = await request.formData();
    const code = normalizeCode(String(form.get('code') ?? ''));
    if (!code) return fail(400, { scanError: t.door_scanFirst });
    const device = formDevice(form, cookies, url, t);
    const result = await scan(api, params.id, code.slice(0, 500), deviceLabel(device, t));
    if (!result.ok) return fail(result.failure.status, { scanError: result.failure.message });
    return { scan: result.data };
  },

  /**
   * Checks in someone found by name, or one person of an order typed by its number, with their
   * ticket's short code, as the door would type it: same rules, same log. After a ticket of an
   * order, the order's tickets are listed again, so the next person of the group is one tap away.
   */
  admit: async ({ locals, url, fetch, params, request, cookies }) => {
    const t = messagesFor(locals.locale);
    const api = sessionApi({ locals, url, fetch });
    const form = await request.formData();
    const ticketId = String(form.get('ticket_id') ?? '');
    const shortCode = String(form.get('short_code') ?? '');
    const orderNumber = String(form.get('order_number') ?? '').slice(0, 20);
    const device = formDevice(form, cookies, url, t);
    const result = await scan(api, params.id, shortCode.slice(0, 40), deviceLabel(device, t));
    if (!result.ok) return fail(result.failure.status, { rowError: result.failure.message, ticketId });
    if (!orderNumber) return { scan: result.data, manual: true, ticketId };
    const listed = await apiResult(
      api.GET('/v1/events/{event_id}/attendees', {
        params: { path: { event_id: params.id }, query: { q: orderNumber, limit: 100 } },
      }),
    );
    const orderTickets = listed.ok ? listed.data.data.filter((attendee) => attendee.order_number === orderNumber) : [];
    return { scan: result.data, manual: true, ticketId, orderNumber, orderTickets };
  },

  /**
   * Undoes a mistaken admission; the ticket can be scanned in again. `undone` names whose: the
   * page words it, the name set apart from the sentence.
   */
  undo: async ({ locals, url, fetch, request, cookies }) => {
    const t = messagesFor(locals.locale);
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const ticketId = String(form.get('ticket_id') ?? '');
    const device = formDevice(form, cookies, url, t);
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/tickets/{ticket_id}/undo-check-in', {
        params: { path: { ticket_id: ticketId } },
        body: { device_id: deviceLabel(device, t) },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { rowError: result.failure.message, ticketId });
    const name = result.data.attendee_name.trim() || result.data.buyer_name;
    return { undone: { name }, ticketId };
  },

  /** Names this device as door staff will recognize it in the log. */
  device: async ({ locals, request, cookies, url }) => {
    const t = messagesFor(locals.locale);
    const form = await request.formData();
    const device = renamedDevice(formDevice(form, cookies, url, t), String(form.get('name') ?? ''), t);
    rememberDevice(cookies, url, device);
    return { deviceSaved: device };
  },
};
