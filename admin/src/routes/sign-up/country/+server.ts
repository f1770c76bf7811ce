import { json } from '@sveltejs/kit';
import { countryDefaults } from '$lib/countries';
import type { RequestHandler } from './$types';

/** A country's currency, zones and likely languages, for the sign-up form to fill in as one picks it. */
export const GET: RequestHandler = ({ url }) => {
  const code = (url.searchParams.get('code') ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return json({ message: 'Pick a country from the list.' }, { status: 400 });
  return json(countryDefaults(code), { headers: { 'cache-control': 'public, max-age=86400' } });
};
