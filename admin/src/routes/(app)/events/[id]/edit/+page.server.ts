import { fail, redirect } from '@sveltejs/kit';
import type { ApiFailure } from '$lib/api-errors';
import type { Event, Product, Tier } from '$lib/api-types';
import { localInput } from '$lib/event-form';
import { pickText } from '$lib/events';
import { type FormField, fieldMessages } from '$lib/form-errors';
import { preferredLocales } from '$lib/locales';
import { amountInput } from '$lib/money-input';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import {
  ADD_ON_FIELDS,
  EVENT_FIELDS,
  editorContext,
  type FormValues,
  readAddOn,
  readEventDetails,
  readTier,
  TIER_FIELDS,
  uploadImage,
} from '$lib/server/event-editor';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function detailsValues(event: Event, locales: readonly string[]): FormValues {
  const values: FormValues = {
    category: event.category,
    starts_at: localInput(event.starts_at, event.time_zone),
    ends_at: localInput(event.ends_at, event.time_zone),
    time_zone: event.time_zone,
    where: event.online_url ? 'online' : 'venue',
    venue_name: event.venue_name,
    address_line: event.address_line,
    city: event.city,
    state: event.state,
    postal_code: event.postal_code,
    online_url: event.online_url ?? '',
    capacity: event.capacity === null ? '' : String(event.capacity),
    donations_enabled: event.donations_enabled,
    donation_goal: amountInput(event.donation_goal_cents, event.tiers[0]?.currency ?? 'USD'),
    waitlist_enabled: event.waitlist_enabled,
    attendee_names: event.attendee_names,
  };
  for (const locale of locales) {
    values[`title.${locale}`] = event.title[locale] ?? '';
    values[`description.${locale}`] = event.description[locale] ?? '';
  }
  return values;
}

function tierValues(tier: Tier, locales: readonly string[], timeZone: string): FormValues {
  const values: FormValues = {
    price: amountInput(tier.price_cents, tier.currency),
    quantity: String(tier.quantity),
    sales_start_at: localInput(tier.sales_start_at, timeZone),
    sales_end_at: localInput(tier.sales_end_at, timeZone),
    min_per_order: String(tier.min_per_order),
    max_per_order: String(tier.max_per_order),
    hidden: tier.hidden,
  };
  for (const locale of locales) values[`name.${locale}`] = tier.name[locale] ?? '';
  return values;
}

function addOnValues(product: Product, locales: readonly string[]): FormValues {
  const values: FormValues = {
    price: amountInput(product.price_cents, product.currency),
    quantity: String(product.quantity),
    max_per_order: String(product.max_per_order),
    active: product.active,
  };
  for (const locale of locales) values[`name.${locale}`] = product.name[locale] ?? '';
  return values;
}

export const load: PageServerLoad = async ({ locals, url, fetch, params, request }) => {
  const { token } = requireSession(locals, url);
  const preferred = preferredLocales(request.headers.get('accept-language'));
  const api = adminApi(fetch, { token });
  const [eventResult, productsResult, context] = await Promise.all([
    apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: params.id } } })),
    apiResult(api.GET('/v1/products', { params: { query: { event_id: params.id, limit: 100 } } })),
    editorContext(api, url, preferred),
  ]);
  const event = required(eventResult, url);
  const products = required(productsResult, url).data;
  const locales = context.locales.map((locale) => locale.code);
  for (const locale of Object.keys(event.title)) {
    if (!locales.includes(locale)) context.locales.push({ code: locale, label: locale });
  }
  const allLocales = context.locales.map((locale) => locale.code);
  const tiers = [...event.tiers].sort((a, b) => a.position - b.position);
  return {
    context,
    created: url.searchParams.has('created'),
    duplicated: url.searchParams.has('duplicated'),
    event: {
      id: event.id,
      status: event.status,
      currency: tiers[0]?.currency ?? context.currency,
      imageUrl: event.image_url,
      imageSrcset: event.image_srcset,
      timeZone: event.time_zone,
    },
    values: detailsValues(event, allLocales),
    // Of what buyers read: the title, the description, each ticket's and add-on's name.
    texts: [
      { label: 'Title', text: event.title },
      { label: 'Description', text: event.description },
      ...tiers.map((tier) => ({ label: `Ticket “${pickText(tier.name, allLocales)}”`, text: tier.name })),
      ...products.map((product) => ({ label: `Add-on “${pickText(product.name, allLocales)}”`, text: product.name })),
    ],
    tiers: tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      price_cents: tier.price_cents,
      currency: tier.currency,
      quantity: tier.quantity,
      sold: tier.sold_count,
      hidden: tier.hidden,
      values: tierValues(tier, allLocales, event.time_zone),
    })),
    addOns: products
      .sort((a, b) => a.position - b.position)
      .map((product) => ({
        id: product.id,
        name: product.name,
        price_cents: product.price_cents,
        currency: product.currency,
        quantity: product.quantity,
        sold: product.sold_count,
        active: product.active,
        values: addOnValues(product, allLocales),
      })),
  };
};

/** The API for an action's organizer, with the organizer's languages and currency and the event's clock. */
async function actionContext({ locals, url, fetch, params }: RequestEvent) {
  const api = sessionApi({ locals, url, fetch });
  const [context, event] = await Promise.all([
    editorContext(api, url, []),
    apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: params.id } } })),
  ]);
  const current = required(event, url);
  const locales = context.locales.map((locale) => locale.code);
  for (const locale of Object.keys(current.title)) if (!locales.includes(locale)) locales.push(locale);
  return { api, locales, currency: current.tiers[0]?.currency ?? context.currency, event: current };
}

/** A form the API refused: what was typed, and the API's messages beside its fields, in `scope`. */
function refused(
  scope: string,
  values: FormValues,
  failure: ApiFailure,
  fields: Readonly<Record<string, FormField>>,
  currency: string,
) {
  return fail(failure.status, {
    scope,
    values,
    errors: fieldMessages(failure.details, fields, { currency }),
    message: failure.message,
  });
}

async function transition(request: RequestEvent, action: 'publish' | 'unpublish', done: string) {
  const api = sessionApi(request);
  const init = { params: { path: { event_id: request.params.id } } };
  const result = await apiResult(
    action === 'publish'
      ? api.POST('/v1/events/{event_id}/publish', init)
      : api.POST('/v1/events/{event_id}/unpublish', init),
  );
  if (!result.ok) return fail(result.failure.status, { scope: 'status', message: result.failure.message });
  return { scope: 'status', done };
}

export const actions: Actions = {
  saveDetails: async (request) => {
    const { api, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const { body, values, errors } = readEventDetails(form, { locales, currency });
    if (!body) return fail(400, { scope: 'details', values, errors, message: null });
    if (event.status === 'published' || event.status === 'unpublished') {
      // Unchanged capacity is left out: the API checks a new one against what is sold.
      if (body.capacity === event.capacity) delete body.capacity;
    }
    const result = await apiResult(
      api.PATCH('/v1/events/{event_id}', { params: { path: { event_id: event.id } }, body }),
    );
    if (!result.ok) {
      return refused('details', values, result.failure, EVENT_FIELDS, currency);
    }
    return { scope: 'details', done: 'Changes saved.' };
  },

  uploadImage: async (request) => {
    const api = sessionApi(request);
    const form = await request.request.formData();
    const file = form.get('image');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { scope: 'image', errors: { image: 'Choose an image file first.' }, message: null });
    }
    const image = await uploadImage(api, file);
    if (!image.ok) return fail(image.status, { scope: 'image', errors: { image: image.message }, message: null });
    const result = await apiResult(
      api.PATCH('/v1/events/{event_id}', {
        params: { path: { event_id: request.params.id } },
        body: { image_id: image.imageId },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'image', errors: {}, message: result.failure.message });
    return { scope: 'image', done: 'Cover image saved.' };
  },

  removeImage: async (request) => {
    const result = await apiResult(
      sessionApi(request).PATCH('/v1/events/{event_id}', {
        params: { path: { event_id: request.params.id } },
        body: { image_url: null },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'image', errors: {}, message: result.failure.message });
    return { scope: 'image', done: 'Cover image removed.' };
  },

  addTier: async (request) => {
    const { api, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const { body, values, errors } = readTier(form, { locales, currency, timeZone: event.time_zone });
    if (!body) return fail(400, { scope: 'newTier', values, errors, message: null });
    const position = Math.max(-1, ...event.tiers.map((tier) => tier.position)) + 1;
    const result = await apiResult(
      api.POST('/v1/events/{event_id}/tiers', {
        params: { path: { event_id: event.id } },
        body: { ...body, position },
      }),
    );
    if (!result.ok) {
      return refused('newTier', values, result.failure, TIER_FIELDS, currency);
    }
    return { scope: 'tickets', done: 'Ticket type added.' };
  },

  saveTier: async (request) => {
    const { api, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const tierId = String(form.get('tier_id') ?? '');
    const scope = `tier:${tierId}`;
    const { body, values, errors } = readTier(form, { locales, currency, timeZone: event.time_zone });
    if (!body) return fail(400, { scope, values, errors, message: null });
    const result = await apiResult(
      api.PATCH('/v1/events/{event_id}/tiers/{tier_id}', {
        params: { path: { event_id: event.id, tier_id: tierId } },
        body,
      }),
    );
    if (!result.ok) {
      return refused(scope, values, result.failure, TIER_FIELDS, currency);
    }
    return { scope: 'tickets', done: 'Ticket type saved.' };
  },

  moveTier: async (request) => {
    const { api, event } = await actionContext(request);
    const form = await request.request.formData();
    const tierId = String(form.get('tier_id') ?? '');
    const ordered = [...event.tiers].sort((a, b) => a.position - b.position);
    const from = ordered.findIndex((tier) => tier.id === tierId);
    const to = from + (form.get('direction') === 'up' ? -1 : 1);
    if (from < 0 || to < 0 || to >= ordered.length) return { scope: 'tickets', done: null };
    const [moved] = ordered.splice(from, 1);
    if (moved) ordered.splice(to, 0, moved);
    // Positions are renumbered in the new order, so ties from earlier edits cannot keep two in place.
    for (const [position, tier] of ordered.entries()) {
      if (tier.position === position) continue;
      const result = await apiResult(
        api.PATCH('/v1/events/{event_id}/tiers/{tier_id}', {
          params: { path: { event_id: event.id, tier_id: tier.id } },
          body: { position },
        }),
      );
      if (!result.ok) return fail(result.failure.status, { scope: 'tickets', message: result.failure.message });
    }
    return { scope: 'tickets', done: 'Order saved.' };
  },

  deleteTier: async (request) => {
    const api = sessionApi(request);
    const form = await request.request.formData();
    const tierId = String(form.get('tier_id') ?? '');
    const result = await apiResult(
      api.DELETE('/v1/events/{event_id}/tiers/{tier_id}', {
        params: { path: { event_id: request.params.id, tier_id: tierId } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'tickets', message: result.failure.message });
    return { scope: 'tickets', done: 'Ticket type deleted.' };
  },

  addAddOn: async (request) => {
    const { api, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const { body, values, errors } = readAddOn(form, { locales, currency });
    if (!body) return fail(400, { scope: 'newAddOn', values, errors, message: null });
    const result = await apiResult(api.POST('/v1/products', { body: { ...body, event_id: event.id } }));
    if (!result.ok) {
      return refused('newAddOn', values, result.failure, ADD_ON_FIELDS, currency);
    }
    return { scope: 'addOns', done: 'Add-on added.' };
  },

  saveAddOn: async (request) => {
    const { api, locales, currency } = await actionContext(request);
    const form = await request.request.formData();
    const productId = String(form.get('product_id') ?? '');
    const scope = `addOn:${productId}`;
    const { body, values, errors } = readAddOn(form, { locales, currency });
    if (!body) return fail(400, { scope, values, errors, message: null });
    const result = await apiResult(
      api.PATCH('/v1/products/{product_id}', { params: { path: { product_id: productId } }, body }),
    );
    if (!result.ok) {
      return refused(scope, values, result.failure, ADD_ON_FIELDS, currency);
    }
    return { scope: 'addOns', done: 'Add-on saved.' };
  },

  deleteAddOn: async (request) => {
    const api = sessionApi(request);
    const form = await request.request.formData();
    const productId = String(form.get('product_id') ?? '');
    const result = await apiResult(
      api.DELETE('/v1/products/{product_id}', { params: { path: { product_id: productId } } }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'addOns', message: result.failure.message });
    return { scope: 'addOns', done: 'Add-on deleted.' };
  },

  publish: (request) => transition(request, 'publish', 'Published: your event is on your ticket site.'),
  unpublish: (request) => transition(request, 'unpublish', 'Unpublished: your event is off your ticket site.'),

  duplicate: async (request) => {
    const result = await apiResult(
      sessionApi(request).POST('/v1/events/{event_id}/duplicate', {
        params: { path: { event_id: request.params.id } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'status', message: result.failure.message });
    redirect(303, `/events/${result.data.id}/edit?duplicated=1`);
  },

  deleteDraft: async (request) => {
    const result = await apiResult(
      sessionApi(request).DELETE('/v1/events/{event_id}', { params: { path: { event_id: request.params.id } } }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'status', message: result.failure.message });
    redirect(303, '/?deleted=1');
  },
};
