import { AccessPlusError } from '@accessplus/sdk';
import { error, redirect } from '@sveltejs/kit';
import type { Customer, CustomerOrder, Page } from '$lib/api-types';
import { hrefWith } from '$lib/links';
import { messagesFor } from '$lib/messages';
import { ApiUnavailableError, storefrontApi } from '$lib/server/api';
import { endCustomerSession } from '$lib/server/customer-session';
import { requireOrganizer } from '$lib/server/tenant';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 10;

export const load: PageServerLoad = async (request) => {
  const { locals, url, setHeaders } = request;
  const organizer = requireOrganizer(locals);
  const customerToken = locals.customerToken;
  if (!customerToken) redirect(303, '/account/sign-in');
  const cursor = url.searchParams.get('cursor') || undefined;
  let customer: Customer;
  let orders: Page<CustomerOrder>;
  try {
    const api = storefrontApi(request, customerToken);
    const slug = organizer.slug;
    [customer, orders] = await Promise.all([
      api.getCustomer({ params: { path: { slug } } }),
      api.listCustomerOrders({ params: { path: { slug }, query: { cursor, limit: PAGE_SIZE } } }),
    ]);
  } catch (cause) {
    if (cause instanceof AccessPlusError && cause.status === 401) {
      // Expired, or signed out on another device: sign out here too.
      endCustomerSession(request);
      redirect(303, '/account/sign-in?ended');
    }
    // A cursor that is not one (edited by hand, or from an older page): back to the first page.
    if (cause instanceof AccessPlusError && cause.status === 400 && cursor) redirect(303, '/account');
    if (cause instanceof ApiUnavailableError) {
      console.error(cause.message, cause.cause);
      error(503, messagesFor(locals.locale).tryAgainLater);
    }
    throw cause;
  }
  setHeaders({ 'cache-control': 'private, no-store' });
  return {
    customer: { email: customer.email, name: customer.name },
    orders: orders.data,
    moreHref: orders.next_cursor ? hrefWith(url, { cursor: orders.next_cursor, lang: null }) : null,
    firstPageHref: cursor ? hrefWith(url, { cursor: null, lang: null }) : null,
  };
};

export const actions: Actions = {
  signOut: async (request) => {
    const { locals } = request;
    const organizer = requireOrganizer(locals);
    if (locals.customerToken) {
      // Ends the session at the API too, so the token is worthless even if it was copied.
      // Whatever the API answers, this browser is signed out.
      await storefrontApi(request, locals.customerToken)
        .signOutCustomer({ params: { path: { slug: organizer.slug } } })
        .catch(() => undefined);
    }
    endCustomerSession(request);
    redirect(303, '/account/sign-in?signed_out');
  },
};
