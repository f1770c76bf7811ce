import { intlLocale } from '@accessplus/i18n';
import { formatDateTime, formatMoney } from '$lib/format';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { throwFailure } from '$lib/server/load';
import { requireStaff } from '$lib/server/staff';
import { payoutStatusLabel, QUEUES, queueName, riskLabel } from '$lib/staff';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireStaff(locals, url);
  const t = messagesFor(locals.locale);
  const locale = intlLocale(locals.locale);
  const queue = queueName(url.searchParams.get('queue'));
  const cursor = url.searchParams.get('cursor') || undefined;
  const result = await apiResult(
    adminApi(fetch, { token }).GET('/v1/staff/payouts', {
      params: { query: { ...QUEUES[queue].query, cursor, limit: PAGE_SIZE } },
    }),
  );
  const href = (next?: string) => `/staff/payouts?queue=${queue}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`;
  if (!result.ok) {
    if (result.failure.status === 400) {
      return { queue, notice: result.failure.message, payouts: [], moreHref: null, firstPageHref: href() };
    }
    throwFailure(result.failure, url);
  }
  return {
    queue,
    notice: null,
    payouts: result.data.data.map(({ organizer, payout }) => ({
      id: payout.id,
      organizer,
      kind: t[`staff_payoutKindShort_${payout.kind}`],
      method: payout.method === 'manual' ? t.staff_paidByHand : 'Stripe',
      amount: formatMoney(payout.amount_cents, payout.currency, locale),
      status: payoutStatusLabel(payout.status, t),
      reason: payout.status_reason,
      risk: riskLabel(payout, t),
      dueAt: payout.due_at,
      due: formatDateTime(payout.due_at, undefined, locale),
    })),
    moreHref: result.data.next_cursor ? href(result.data.next_cursor) : null,
    firstPageHref: cursor ? href() : null,
  };
};
