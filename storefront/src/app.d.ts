import type { PublicOrganizer } from '$lib/api-types';

declare global {
  namespace App {
    interface Locals {
      /** The organizer whose storefront this request is for, resolved from the Host header. */
      tenant: { status: 'found'; organizer: PublicOrganizer } | { status: 'unknown' } | { status: 'unavailable' };
      /** The locale organizer-written text is shown in. */
      locale: string;
      /** The signed-in customer's API session token, from the storefront's cookie; not checked yet. */
      customerToken: string | undefined;
    }
  }
}
