import { fail, redirect } from '@sveltejs/kit';
import type { ExportRequest } from '../api-types';
import { adminApi, apiResult } from './api';
import { requireSession, signInPath } from './auth';

type Format = ExportRequest['format'];

/** The format a form's button chose: `csv` or `xlsx`. */
export function formFormat(form: FormData): Format | null {
  const format = form.get('format');
  return format === 'csv' || format === 'xlsx' ? format : null;
}

/**
 * Asks the API for an export in the reader's language and goes to its page, where its progress
 * shows; a refusal comes back to the form with the API's sentence.
 */
export async function startExport(
  { locals, url, fetch }: { locals: App.Locals; url: URL; fetch: typeof globalThis.fetch },
  request: Omit<ExportRequest, 'locale'>,
) {
  const { token } = requireSession(locals, url);
  const result = await apiResult(
    adminApi(fetch, { token }).POST('/v1/exports', { body: { ...request, locale: locals.locale } }),
  );
  if (!result.ok) {
    if (result.failure.status === 401) redirect(303, signInPath(url));
    return fail(result.failure.status, { exportError: result.failure.message });
  }
  redirect(303, `/exports/${result.data.id}`);
}
