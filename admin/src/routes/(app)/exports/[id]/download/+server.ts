import { error, redirect } from '@sveltejs/kit';
import { DOWNLOAD_PROBLEMS } from '$lib/exports';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { throwFailure } from '$lib/server/load';
import type { RequestHandler } from './$types';

/** The API's headers that describe the file, passed on as they are. */
const FILE_HEADERS = ['content-type', 'content-disposition', 'content-length'];

/**
 * An export's file, passed on from the API as it arrives: a list of 50,000 attendees is never
 * held whole here. When the API has no file (still being written, failed, expired), back to the
 * export's page, which says so.
 */
export const GET: RequestHandler = async ({ locals, url, fetch, params }) => {
  const { token } = requireSession(locals, url);
  const call = adminApi(fetch, { token, streaming: true }).GET('/v1/exports/{export_id}/file', {
    params: { path: { export_id: params.id } },
    parseAs: 'stream',
  });
  const result = await apiResult(call);
  if (!result.ok) {
    const problem = DOWNLOAD_PROBLEMS[result.failure.status as keyof typeof DOWNLOAD_PROBLEMS];
    if (problem) redirect(303, `/exports/${params.id}?download=${problem}`);
    throwFailure(result.failure, url);
  }
  const { response } = await call;
  if (!response.body) error(502, messagesFor(locals.locale).account_failureServer);
  const headers = new Headers({
    // Names and emails: not for shared caches, nor kept on the device after the session.
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  for (const name of FILE_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { headers });
};
