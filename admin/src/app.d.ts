import type { Session } from '$lib/api-types';

declare global {
  namespace App {
    interface Locals {
      /** Who is signed in, checked with the API on every request. */
      auth:
        | { status: 'signed_in'; session: Session; token: string }
        | { status: 'signed_out' }
        | { status: 'unavailable'; token: string };
      /** The language of the admin's own words for this request: an interface locale. */
      locale: string;
    }
  }
}
