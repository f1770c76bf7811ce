import { fail, redirect } from '@sveltejs/kit';
import { pickText } from '$lib/events';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { memberRole, requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch, params, request }) => {
  const { session, token } = requireSession(locals, url);
  const api = adminApi(fetch, { token });
  const order = required(
    await apiResult(api.GET('/v1/orders/{order_id}', { params: { path: { order_id: params.id } } })),
    url,
  );
  const preferred = preferredLocales(request.headers.get('accept-language'));
  const eventIds = [...new Set(order.lines.map((line) => line.event_id).filter((id): id is string => !!id))];
  const events = await Promise.all(
    eventIds.map(async (id) => {
      const result = await apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: id } } }));
      return result.ok
        ? { id, title: pickText(result.data.title, preferred), timeZone: result.data.time_zone }
        : { id, title: messagesFor(locals.locale).sales_anEvent, timeZone: undefined };
    }),
  );
  const review = url.searchParams.get('review');
  return {
    order,
    role: memberRole(session),
    preferred,
    events,
    review:
      review === 'refund'
        ? {
            kind: 'refund' as const,
            ticketIds: url.searchParams.getAll('ticket'),
            lineIds: url.searchParams.getAll('line'),
            whole: url.searchParams.has('all'),
          }
        : review === 'cancel'
          ? { kind: 'cancel' as const }
          : null,
    done: url.searchParams.get('done'),
  };
};

export const actions: Actions = {
  /** Records the cash or partner payment of a reservation; its tickets are issued. */
  markPaid: async ({ locals, url, fetch, params, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const receipt = String(form.get('receipt_reference') ?? '').trim();
    if (!receipt) {
      return fail(400, { action: 'markPaid', message: messagesFor(locals.locale).sales_order_enterReceipt, receipt });
    }
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/orders/{order_id}/mark-paid', {
        params: { path: { order_id: params.id } },
        body: { receipt_reference: receipt.slice(0, 100) },
      }),
    );
    if (!result.ok)
      return fail(result.failure.status, { action: 'markPaid', message: result.failure.message, receipt });
    redirect(303, `/orders/${params.id}?done=paid`);
  },

  cancel: async ({ locals, url, fetch, params }) => {
    const { token } = requireSession(locals, url);
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/orders/{order_id}/cancel', { params: { path: { order_id: params.id } } }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'cancel', message: result.failure.message });
    redirect(303, `/orders/${params.id}?done=cancelled`);
  },

  /** Sent from the confirmation step: the whole order, or the tickets and lines (donations, add-ons) chosen there. */
  refund: async ({ locals, url, fetch, params, request }) => {
    const { token } = requireSession(locals, url);
    const form = await request.formData();
    const ticketIds = form.getAll('ticket_id').map(String).filter(Boolean);
    const lineIds = form.getAll('line_id').map(String).filter(Boolean);
    const whole = form.get('scope') === 'all';
    if (!whole && ticketIds.length + lineIds.length === 0) {
      return fail(400, { action: 'refund', message: messagesFor(locals.locale).sales_order_chooseWhatToRefund });
    }
    const result = await apiResult(
      adminApi(fetch, { token }).POST('/v1/orders/{order_id}/refunds', {
        params: { path: { order_id: params.id } },
        body: whole
          ? {}
          : {
              ...(ticketIds.length > 0 ? { ticket_ids: ticketIds } : {}),
              ...(lineIds.length > 0 ? { line_ids: lineIds } : {}),
            },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { action: 'refund', message: result.failure.message });
    redirect(303, `/orders/${params.id}?done=refunded`);
  },
};
