import { fail } from '@sveltejs/kit';
import type { Attendee, CheckIn, CheckInSummary, Order, Page, ScanResult } from '$lib/api-types';
import { deviceLabel, normalizeCode } from '$lib/check-in';
import { callApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { doorDevice, formDevice, rememberDevice, renamedDevice } from '$lib/server/door-device';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const LOG_SIZE = 12;
const SEARCH_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch, params, cookies, depends }) => {
  depends('app:check-in');
  const { token } = requireSession(locals, url);
  const eventPath = `/v1/events/${encodeURIComponent(params.id)}`;
  const q = url.searchParams.get('q')?.trim().slice(0, 200) ?? '';
  const [summary, log, attendees] = await Promise.all([
    callApi<CheckInSummary>(fetch, `${eventPath}/check-ins/summary`, { token }),
    callApi<Page<CheckIn>>(fetch, `${eventPath}/check-ins`, { token, query: { limit: LOG_SIZE } }),
    q ? callApi<Page<Attendee>>(fetch, `${eventPath}/attendees`, { token, query: { q, limit: SEARCH_SIZE } }) : null,
  ]);
  return {
    device: doorDevice(cookies, url),
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

async function scan(fetch: typeof globalThis.fetch, token: string, eventId: string, code: string, device: string) {
  return callApi<ScanResult>(fetch, `/v1/events/${encodeURIComponent(eventId)}/scans`, {
    method: 'POST',
    token,
    body: { code, device_id: device },
  });
}

export const actions: Actions = {
  /** A code typed, sent by a hardware scanner, or read by the camera. */
  scan: async ({ locals, url, fetch, params, request, cookies }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const code = normalizeCode(String(form.get('code') ?? ''));
    if (!code) return fail(400, { scanError: 'Scan a ticket or type its code first.' });
    const device = formDevice(form, cookies, url);
    const result = await scan(fetch, token, params.id, code.slice(0, 500), deviceLabel(device));
    if (!result.ok) return fail(result.failure.status, { scanError: result.failure.message });
    return { scan: result.data };
  },

  /**
   * Checks in someone found by name. The API admits tickets by their signed code only, so this
   * reads the code from the ticket's order and scans it like the door would: same rules, same log.
   */
  admit: async ({ locals, url, fetch, params, request, cookies }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const ticketId = String(form.get('ticket_id') ?? '');
    const orderId = String(form.get('order_id') ?? '');
    const device = formDevice(form, cookies, url);
    const order = await callApi<Order>(fetch, `/v1/orders/${encodeURIComponent(orderId)}`, { token });
    if (!order.ok) return fail(order.failure.status, { rowError: order.failure.message, ticketId });
    const ticket = order.data.tickets.find((candidate) => candidate.id === ticketId);
    if (!ticket?.code) {
      return fail(409, {
        rowError: 'This ticket was refunded, cancelled or replaced, so it no longer admits anyone.',
        ticketId,
      });
    }
    const result = await scan(fetch, token, params.id, ticket.code, deviceLabel(device));
    if (!result.ok) return fail(result.failure.status, { rowError: result.failure.message, ticketId });
    return { scan: result.data, manual: true };
  },

  /** Undoes a mistaken admission; the ticket can be scanned in again. */
  undo: async ({ locals, url, fetch, request, cookies }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const ticketId = String(form.get('ticket_id') ?? '');
    const device = formDevice(form, cookies, url);
    const result = await callApi<{ attendee_name: string; buyer_name: string }>(
      fetch,
      `/v1/tickets/${encodeURIComponent(ticketId)}/undo-check-in`,
      { method: 'POST', token, body: { device_id: deviceLabel(device) } },
    );
    if (!result.ok) return fail(result.failure.status, { rowError: result.failure.message, ticketId });
    const name = result.data.attendee_name.trim() || result.data.buyer_name;
    return { undone: `Check-in undone for ${name}. The ticket can be scanned in again.`, ticketId };
  },

  /** Names this device as door staff will recognize it in the log. */
  device: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const device = renamedDevice(formDevice(form, cookies, url), String(form.get('name') ?? ''));
    rememberDevice(cookies, url, device);
    return { deviceSaved: device };
  },
};
