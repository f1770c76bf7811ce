import { intlLocale } from '@accessplus/i18n';
import { error } from '@sveltejs/kit';
import { formatDateTime } from '$lib/format';
import { linkify } from '$lib/mailbox';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { throwFailure } from '$lib/server/load';
import type { PageServerLoad } from './$types';

// Outside the (app) group: a newcomer opens the verification email here before ever signing in.
export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const result = await apiResult(adminApi(fetch).GET('/v1/dev/mailbox'));
  if (!result.ok) {
    if (result.failure.status === 404) {
      error(404, messagesFor(locals.locale).account_mailboxMissing);
    }
    throwFailure(result.failure, url);
  }
  return {
    messages: result.data.data.map((message) => ({
      id: message.id,
      subject: message.subject,
      to: message.to,
      from: message.from,
      sentAt: message.sent_at,
      sent: formatDateTime(message.sent_at, undefined, intlLocale(locals.locale)),
      text: linkify(message.text),
    })),
  };
};
