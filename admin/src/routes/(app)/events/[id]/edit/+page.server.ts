import { fail, redirect } from '@sveltejs/kit';
import type { ApiFailure } from '$lib/api-errors';
import type { Event, Product, Tier } from '$lib/api-types';
import { localInput } from '$lib/event-form';
import type { EventText } from '$lib/events';
import { pickText } from '$lib/events';
import { type FormField, fieldMessages } from '$lib/form-errors';
import { languageLabel } from '$lib/languages';
import { preferredLocales } from '$lib/locales';
import { messagesFor } from '$lib/messages';
import { amountInput } from '$lib/money-input';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import {
  addOnFields,
  editorContext,
  eventFields,
  type FormValues,
  readAddOn,
  readEventDetails,
  readTier,
  tierFields,
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
  const [eventResult, productsResult, context, translation] = await Promise.all([
    apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: params.id } } })),
    apiResult(api.GET('/v1/products', { params: { query: { event_id: params.id, limit: 100 } } })),
    editorContext(api, url, preferred, locals.locale),
    apiResult(api.GET('/v1/machine-translation')),
  ]);
  const event = required(eventResult, url);
  const products = required(productsResult, url).data;
  const locales = context.locales.map((locale) => locale.code);
  for (const locale of Object.keys(event.title)) {
    if (!locales.includes(locale)) context.locales.push({ code: locale, label: languageLabel(locale, locals.locale) });
  }
  const allLocales = context.locales.map((locale) => locale.code);
  const tiers = [...event.tiers].sort((a, b) => a.position - b.position);
  // Of what buyers read: the title, the description, each ticket's and add-on's name.
  const texts: EventText[] = [
    { kind: 'title', text: event.title },
    { kind: 'description', text: event.description },
    ...tiers.map((tier): EventText => ({ kind: 'ticket', name: pickText(tier.name, allLocales), text: tier.name })),
    ...products.map(
      (product): EventText => ({ kind: 'addOn', name: pickText(product.name, allLocales), text: product.name }),
    ),
  ];
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
    texts,
    // Drafts are offered only where the platform has a translation service.
    machineTranslation: translation.ok && translation.data.available,
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
    editorContext(api, url, [], locals.locale),
    apiResult(api.GET('/v1/events/{event_id}', { params: { path: { event_id: params.id } } })),
  ]);
  const current = required(event, url);
  const locales = context.locales.map((locale) => locale.code);
  for (const locale of Object.keys(current.title)) if (!locales.includes(locale)) locales.push(locale);
  const t = messagesFor(locals.locale);
  return {
    api,
    t,
    locale: locals.locale,
    locales,
    currency: current.tiers[0]?.currency ?? context.currency,
    event: current,
  };
}

/** A form the API refused: what was typed, and the API's messages beside its fields, in `scope`. */
function refused(
  scope: string,
  values: FormValues,
  failure: ApiFailure,
  fields: Readonly<Record<string, FormField>>,
  currency: string,
  locale: string,
) {
  return fail(failure.status, {
    scope,
    values,
    errors: fieldMessages(failure.details, fields, { currency, locale }),
    message: failure.message,
  });
}

async function transition(request: RequestEvent, action: 'publish' | 'unpublish') {
  const t = messagesFor(request.locals.locale);
  const api = sessionApi(request);
  const init = { params: { path: { event_id: request.params.id } } };
  const result = await apiResult(
    action === 'publish'
      ? api.POST('/v1/events/{event_id}/publish', init)
      : api.POST('/v1/events/{event_id}/unpublish', init),
  );
  if (!result.ok) return fail(result.failure.status, { scope: 'status', message: result.failure.message });
  return { scope: 'status', done: action === 'publish' ? t.editor_published : t.editor_unpublished };
}

/** One text of a machine-translation draft, as the draft form shows it and sends it back. */
export interface DraftedText {
  kind: 'title' | 'description' | 'tier_name' | 'add_on_name';
  id: string | null;
  source: string;
  draft: string;
}

/** The draft form's texts as sent: `kind.N`, `id.N`, `source.N` and the corrected `text.N`. */
function draftedTexts(form: FormData): DraftedText[] {
  const texts: DraftedText[] = [];
  for (let index = 0; form.has(`kind.${index}`); index += 1) {
    const kind = String(form.get(`kind.${index}`));
    if (kind !== 'title' && kind !== 'description' && kind !== 'tier_name' && kind !== 'add_on_name') continue;
    texts.push({
      kind,
      id: String(form.get(`id.${index}`) ?? '') || null,
      source: String(form.get(`source.${index}`) ?? ''),
      draft: String(form.get(`text.${index}`) ?? ''),
    });
  }
  return texts;
}

export const actions: Actions = {
  /** Asks the translation service for drafts of what the event lacks in a language; saves nothing. */
  draftTranslation: async (request) => {
    const { api, locales } = await actionContext(request);
    const form = await request.request.formData();
    const locale = String(form.get('locale') ?? '');
    const source = locales[0] ?? 'en';
    const result = await apiResult(
      api.POST('/v1/events/{event_id}/translation-drafts', {
        params: { path: { event_id: request.params.id } },
        body: { locale, source_locale: source },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'languages', message: result.failure.message });
    return { scope: 'translation', draft: { locale, source, texts: result.data.texts } };
  },

  /**
   * Writes the texts of a draft the organizer read and corrected: each to the event, tier or
   * add-on it is for, in the draft's language. A text left empty is not written.
   */
  approveTranslation: async (request) => {
    const { api, t, event, locales } = await actionContext(request);
    const form = await request.request.formData();
    const locale = String(form.get('locale') ?? '');
    const texts = draftedTexts(form);
    const draft = { locale, source: locales[0] ?? 'en', texts };
    const written = texts.filter((text) => text.draft.trim() !== '');
    const refusedDraft = (failure: ApiFailure) =>
      fail(failure.status, { scope: 'translation', draft, message: failure.message });

    const own = Object.fromEntries(
      written.filter((text) => text.id === null).map((text) => [text.kind, text.draft.trim()]),
    );
    if (own.title !== undefined || own.description !== undefined) {
      const body = {
        ...(own.title !== undefined ? { title: { ...event.title, [locale]: own.title } } : {}),
        ...(own.description !== undefined ? { description: { ...event.description, [locale]: own.description } } : {}),
      };
      const saved = await apiResult(
        api.PATCH('/v1/events/{event_id}', { params: { path: { event_id: event.id } }, body }),
      );
      if (!saved.ok) return refusedDraft(saved.failure);
    }
    for (const text of written.filter((text) => text.kind === 'tier_name')) {
      const tier = event.tiers.find((candidate) => candidate.id === text.id);
      if (!tier) continue;
      const saved = await apiResult(
        api.PATCH('/v1/events/{event_id}/tiers/{tier_id}', {
          params: { path: { event_id: event.id, tier_id: tier.id } },
          body: { name: { ...tier.name, [locale]: text.draft.trim() } },
        }),
      );
      if (!saved.ok) return refusedDraft(saved.failure);
    }
    for (const text of written.filter((text) => text.kind === 'add_on_name' && text.id)) {
      const product = await apiResult(
        api.GET('/v1/products/{product_id}', { params: { path: { product_id: text.id ?? '' } } }),
      );
      if (!product.ok) return refusedDraft(product.failure);
      const saved = await apiResult(
        api.PATCH('/v1/products/{product_id}', {
          params: { path: { product_id: product.data.id } },
          body: { name: { ...product.data.name, [locale]: text.draft.trim() } },
        }),
      );
      if (!saved.ok) return refusedDraft(saved.failure);
    }
    const language = languageLabel(locale, request.locals.locale);
    return { scope: 'languages', done: t.editor_translationSaved({ language }) };
  },

  saveDetails: async (request) => {
    const { api, t, locale, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const { body, values, errors } = readEventDetails(form, { locales, currency, t });
    if (!body) return fail(400, { scope: 'details', values, errors, message: null });
    if (event.status === 'published' || event.status === 'unpublished') {
      // Unchanged capacity is left out: the API checks a new one against what is sold.
      if (body.capacity === event.capacity) delete body.capacity;
    }
    const result = await apiResult(
      api.PATCH('/v1/events/{event_id}', { params: { path: { event_id: event.id } }, body }),
    );
    if (!result.ok) {
      return refused('details', values, result.failure, eventFields(t), currency, locale);
    }
    return { scope: 'details', done: t.editor_changesSaved };
  },

  uploadImage: async (request) => {
    const t = messagesFor(request.locals.locale);
    const api = sessionApi(request);
    const form = await request.request.formData();
    const file = form.get('image');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { scope: 'image', errors: { image: t.editor_imageChooseFirst }, message: null });
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
    return { scope: 'image', done: t.editor_imageSaved };
  },

  removeImage: async (request) => {
    const t = messagesFor(request.locals.locale);
    const result = await apiResult(
      sessionApi(request).PATCH('/v1/events/{event_id}', {
        params: { path: { event_id: request.params.id } },
        body: { image_url: null },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'image', errors: {}, message: result.failure.message });
    return { scope: 'image', done: t.editor_imageRemoved };
  },

  addTier: async (request) => {
    const { api, t, locale, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const { body, values, errors } = readTier(form, { locales, currency, timeZone: event.time_zone, t });
    if (!body) return fail(400, { scope: 'newTier', values, errors, message: null });
    const position = Math.max(-1, ...event.tiers.map((tier) => tier.position)) + 1;
    const result = await apiResult(
      api.POST('/v1/events/{event_id}/tiers', {
        params: { path: { event_id: event.id } },
        body: { ...body, position },
      }),
    );
    if (!result.ok) {
      return refused('newTier', values, result.failure, tierFields(t), currency, locale);
    }
    return { scope: 'tickets', done: t.editor_tierAdded };
  },

  saveTier: async (request) => {
    const { api, t, locale, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const tierId = String(form.get('tier_id') ?? '');
    const scope = `tier:${tierId}`;
    const { body, values, errors } = readTier(form, { locales, currency, timeZone: event.time_zone, t });
    if (!body) return fail(400, { scope, values, errors, message: null });
    const result = await apiResult(
      api.PATCH('/v1/events/{event_id}/tiers/{tier_id}', {
        params: { path: { event_id: event.id, tier_id: tierId } },
        body,
      }),
    );
    if (!result.ok) {
      return refused(scope, values, result.failure, tierFields(t), currency, locale);
    }
    return { scope: 'tickets', done: t.editor_tierSaved };
  },

  moveTier: async (request) => {
    const { api, t, event } = await actionContext(request);
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
    return { scope: 'tickets', done: t.editor_tierOrderSaved };
  },

  deleteTier: async (request) => {
    const t = messagesFor(request.locals.locale);
    const api = sessionApi(request);
    const form = await request.request.formData();
    const tierId = String(form.get('tier_id') ?? '');
    const result = await apiResult(
      api.DELETE('/v1/events/{event_id}/tiers/{tier_id}', {
        params: { path: { event_id: request.params.id, tier_id: tierId } },
      }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'tickets', message: result.failure.message });
    return { scope: 'tickets', done: t.editor_tierDeleted };
  },

  addAddOn: async (request) => {
    const { api, t, locale, locales, currency, event } = await actionContext(request);
    const form = await request.request.formData();
    const { body, values, errors } = readAddOn(form, { locales, currency, t });
    if (!body) return fail(400, { scope: 'newAddOn', values, errors, message: null });
    const result = await apiResult(api.POST('/v1/products', { body: { ...body, event_id: event.id } }));
    if (!result.ok) {
      return refused('newAddOn', values, result.failure, addOnFields(t), currency, locale);
    }
    return { scope: 'addOns', done: t.editor_addOnAdded };
  },

  saveAddOn: async (request) => {
    const { api, t, locale, locales, currency } = await actionContext(request);
    const form = await request.request.formData();
    const productId = String(form.get('product_id') ?? '');
    const scope = `addOn:${productId}`;
    const { body, values, errors } = readAddOn(form, { locales, currency, t });
    if (!body) return fail(400, { scope, values, errors, message: null });
    const result = await apiResult(
      api.PATCH('/v1/products/{product_id}', { params: { path: { product_id: productId } }, body }),
    );
    if (!result.ok) {
      return refused(scope, values, result.failure, addOnFields(t), currency, locale);
    }
    return { scope: 'addOns', done: t.editor_addOnSaved };
  },

  deleteAddOn: async (request) => {
    const t = messagesFor(request.locals.locale);
    const api = sessionApi(request);
    const form = await request.request.formData();
    const productId = String(form.get('product_id') ?? '');
    const result = await apiResult(
      api.DELETE('/v1/products/{product_id}', { params: { path: { product_id: productId } } }),
    );
    if (!result.ok) return fail(result.failure.status, { scope: 'addOns', message: result.failure.message });
    return { scope: 'addOns', done: t.editor_addOnDeleted };
  },

  publish: (request) => transition(request, 'publish'),
  unpublish: (request) => transition(request, 'unpublish'),

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
