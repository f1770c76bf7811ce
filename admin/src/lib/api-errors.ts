import type { ApiErrorDetail } from './api-types';

/** A failed API call as the admin shows it: the API's own code and sentence where it gave one. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  details: ApiErrorDetail[];
}

export const API_UNREACHABLE: ApiFailure = {
  status: 503,
  code: 'api_unreachable',
  message: 'Access Plus cannot be reached right now. Check your connection, then try again in a minute.',
  details: [],
};

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

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'Your account is not allowed to do this.';
  if (status === 404) return 'This was not found. It may have been deleted.';
  if (status === 429) return 'Too many attempts. Wait a few minutes, then try again.';
  if (status >= 500) return 'Access Plus could not finish this just now. Try again in a few minutes.';
  return 'This request could not be completed. Check the form and try again.';
}

/** The failure an API answer describes, from the API's error shape or, failing that, its status. */
export function apiFailure(status: number, body: unknown): ApiFailure {
  if (isErrorBody(body)) {
    const details = Array.isArray(body.error.details)
      ? body.error.details.filter(
          (detail): detail is ApiErrorDetail =>
            typeof detail?.field === 'string' && typeof detail?.message === 'string',
        )
      : [];
    return { status, code: body.error.code, message: body.error.message, details };
  }
  return { status, code: 'unexpected_response', message: fallbackMessage(status), details: [] };
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
