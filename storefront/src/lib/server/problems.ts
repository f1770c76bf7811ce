import { AccessPlusError } from '@accessplus/sdk';
import type { ApiErrorDetail } from '../api-types';
import type { Messages } from '../messages';
import { ApiUnavailableError } from './api';

/** A failed API call as a form shows it. */
export interface FormProblem {
  status: number;
  code: string;
  /** The API's own sentence, which says what to do (its messages are in English). */
  message: string;
  details: ApiErrorDetail[];
  /** The language of the message and details when they are the API's (English), for `lang`. */
  lang: string | undefined;
}

/** The API writes its messages in English. */
const API_LANGUAGE = 'en';

/**
 * What a form says when its API call failed: the API's code and message for the buyer's own
 * problems (sold out, invalid promo code, declined card), a plain "try again later" when the API
 * is down or failing. Anything else is a bug and is thrown on.
 */
export function formProblem(cause: unknown, t: Messages): FormProblem {
  if (cause instanceof ApiUnavailableError) {
    console.error(cause.message, cause.cause);
    return { status: 503, code: 'api_unavailable', message: t.tryAgainLater, details: [], lang: undefined };
  }
  if (cause instanceof AccessPlusError) {
    if (cause.status >= 500) {
      return { status: 503, code: cause.code, message: t.tryAgainLater, details: [], lang: undefined };
    }
    return {
      status: cause.status,
      code: cause.code,
      message: cause.message,
      details: cause.details,
      lang: API_LANGUAGE,
    };
  }
  throw cause;
}
