import type { PublicOrganizer } from '$lib/api-types';

declare global {
  namespace App {
    interface Locals {
      /** The organizer whose storefront this request is for, resolved from the Host header. */
      tenant: { status: 'found'; organizer: PublicOrganizer } | { status: 'unknown' } | { status: 'unavailable' };
      /** The locale organizer-written text is shown in. */
      locale: string;
    }
  }
}
