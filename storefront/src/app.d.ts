import type { PublicOrganizer } from '$lib/api-types';
import type { ThemeState } from '$lib/server/theme';

declare global {
  namespace App {
    interface Locals {
      /** The organizer whose storefront this request is for, resolved from the Host header. */
      tenant: { status: 'found'; organizer: PublicOrganizer } | { status: 'unknown' } | { status: 'unavailable' };
      /** The locale organizer-written text is shown in. */
      locale: string;
      /** The signed-in customer's API session token, from the storefront's cookie; not checked yet. */
      customerToken: string | undefined;
      /** The theme of this request's page, once a load has asked for it (lib/server/theme.ts). */
      theme?: Promise<ThemeState>;
    }
  }
}
