import type { ApiErrorDetail } from './api-types';
import { type Messages, messagesFor } from './messages';

/** A failed API call as the admin shows it: the API's own code and sentence where it gave one. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  details: ApiErrorDetail[];
}

/** The failure of a call that got no answer, in the reader's words. */
export function apiUnreachable(t: Messages): ApiFailure {
  return { status: 503, code: 'api_unreachable', message: t.account_apiUnreachable, details: [] };
}

/** The same in English; a page shows `apiUnreachable(t)` in its reader's language instead. */
export const API_UNREACHABLE: ApiFailure = apiUnreachable(messagesFor('en'));

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function fallbackMessage(status: number, t: Messages): string {
  if (status === 401) return t.account_failureSessionEnded;
  if (status === 403) return t.account_failureForbidden;
  if (status === 404) return t.account_failureNotFound;
  if (status === 429) return t.account_failureTooManyAttempts;
  if (status >= 500) return t.account_failureServer;
  return t.account_failureRequest;
}

/**
 * The failure an API answer describes, from the API's error shape or, failing that, its status
 * (then in the words of `t`).
 */
export function apiFailure(status: number, body: unknown, t: Messages): ApiFailure {
  if (isErrorBody(body)) {
    const details = Array.isArray(body.error.details)
      ? body.error.details.filter(
          (detail): detail is ApiErrorDetail =>
            typeof detail?.field === 'string' && typeof detail?.message === 'string',
        )
      : [];
    return { status, code: body.error.code, message: body.error.message, details };
  }
  return { status, code: 'unexpected_response', message: fallbackMessage(status, t), details: [] };
}

/** Per-field messages for a form: `body.password` → `password`. The first problem of a field wins. */
export function fieldErrors(details: readonly ApiErrorDetail[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, message } of details) {
    const name = field.replace(/^body\./, '');
    errors[name] ??= message;
  }
  return errors;
}
