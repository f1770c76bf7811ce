import { redirect } from '@sveltejs/kit';

/**
 * Sends the browser on to a page Stripe hosts (onboarding, Checkout, the billing portal) after a
 * form action. A form sent by the page's script follows a 303 with a plain navigation. A form
 * posted without JavaScript cannot: browsers hold the redirect of a form post to the admin's
 * `form-action 'self'` policy and refuse it, so that post gets a link to follow instead.
 */
export function toStripe(request: Request, stripeUrl: string): { stripeUrl: string } {
  // SvelteKit's `enhance` asks for JSON; a browser's own form post asks for HTML.
  if (request.headers.get('accept')?.startsWith('application/json')) redirect(303, stripeUrl);
  return { stripeUrl };
}
