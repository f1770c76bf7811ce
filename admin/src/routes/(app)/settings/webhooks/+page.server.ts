import { adminApi, apiResult } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { required } from '$lib/server/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  const endpoints = required(await apiResult(adminApi(fetch, { token }).GET('/v1/webhook-endpoints')), url);
  return { endpoints: endpoints.data, done: url.searchParams.get('done') };
};
