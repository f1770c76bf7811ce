import type { Reroute } from '@sveltejs/kit';
import { localeInPath } from '$lib/locale-path';

/** `/am/events/…` is the page at `/events/…`, in Amharic (hooks.server.ts picks the language). */
export const reroute: Reroute = ({ url }) => localeInPath(url.pathname)?.path;
