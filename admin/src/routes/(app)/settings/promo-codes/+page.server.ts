import { fail, redirect } from '@sveltejs/kit';
import { apiResult, sessionApi } from '$lib/server/api';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const api = sessionApi({ locals, url, fetch });
  const cursor = url.searchParams.get('cursor') || undefined;
  const page = required(
    await apiResult(api.GET('/v1/promo-codes', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    url,
  );
  const deletingId = url.searchParams.get('delete');
  const deleting = deletingId
    ? (page.data.find((promo) => promo.id === deletingId) ??
      (await apiResult(
        api.GET('/v1/promo-codes/{promo_code_id}', { params: { path: { promo_code_id: deletingId } } }),
      ).then((result) => (result.ok ? result.data : null))))
    : null;
  return {
    promoCodes: page.data,
    deleting,
    done: url.searchParams.get('done'),
    firstPageHref: cursor ? '/settings/promo-codes' : null,
    moreHref: page.next_cursor ? `/settings/promo-codes?cursor=${encodeURIComponent(page.next_cursor)}` : null,
  };
};

export const actions: Actions = {
  delete: async ({ locals, url, fetch, request }) => {
    const id = String((await request.formData()).get('id') ?? '');
    const result = await apiResult(
      sessionApi({ locals, url, fetch }).DELETE('/v1/promo-codes/{promo_code_id}', {
        params: { path: { promo_code_id: id } },
      }),
    );
    if (!result.ok) {
      // A used code stays on record; the API says to deactivate it, which the form does with a tick.
      return fail(result.failure.status, { message: result.failure.message.replace(/ \(set active to false\)/, '') });
    }
    redirect(303, '/settings/promo-codes?done=deleted');
  },
};
