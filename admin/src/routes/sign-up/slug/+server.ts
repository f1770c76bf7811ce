import { json } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { adminApi, apiResult } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The sign-up form asks here, as the person types, whether the address is free. */
export const GET: RequestHandler = async ({ url, fetch, locals }) => {
  const slug = url.searchParams.get('slug') ?? '';
  const result = await apiResult(
    adminApi(fetch).GET('/v1/auth/sign-up/slug-availability', { params: { query: { slug } } }),
  );

  if (result.ok) return json(result.data);
  const message =
    result.failure.status === 400 ? messagesFor(locals.locale).account_slugFormat : result.failure.message;
  return json({ slug, available: false, message }, { status: result.failure.status === 400 ? 200 : 503 });
};
