import { json } from '@sveltejs/kit';
import { countryDefaults } from '$lib/countries';
import { messagesFor } from '$lib/messages';
import type { RequestHandler } from './$types';

/**
 * A country's currency, zones and likely languages, for the sign-up form to fill in as one picks it;
 * the zones are named in the reader's language.
 */
export const GET: RequestHandler = ({ url, locals }) => {
  const code = (url.searchParams.get('code') ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(code))
    return json({ message: messagesFor(locals.locale).account_pickCountry }, { status: 400 });
  return json(countryDefaults(code, locals.locale), { headers: { 'cache-control': 'public, max-age=86400' } });
};
