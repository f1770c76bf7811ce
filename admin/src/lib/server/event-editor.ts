import { intlLocale } from '@accessplus/i18n';
import type { AccessPlusClient, operations } from '@accessplus/sdk';
import { timeZoneLabel } from '../countries';
import { instantFrom, localizedFrom } from '../event-form';
import { pickText } from '../events';
import type { FormField } from '../form-errors';
import { languageLabel } from '../languages';
import type { Messages } from '../messages';
import { parseAmount, parseWhole } from '../money-input';
import { apiResult } from './api';
import { required } from './load';

/** What an event form's inputs hold, as typed, to show them again beside any error. */
export type FormValues = Record<string, string | string[] | boolean>;

/** A form read into an API body: null exactly when `errors` has something to say. */
export interface ReadForm<T> {
  body: T | null;
  values: FormValues;
  errors: Record<string, string>;
}

type JsonBody<Id extends keyof operations> =
  NonNullable<operations[Id]['requestBody']> extends { content: { 'application/json': infer Body } } ? Body : never;

/** What the event details form sets, when creating an event or changing one. */
export type EventDetailsBody = Omit<JsonBody<'createEvent'>, 'tiers'>;
export type TierBody = JsonBody<'createTier'>;
export type AddOnBody = JsonBody<'createProduct'>;

const hasErrors = (errors: Record<string, string>) => Object.keys(errors).length > 0;

export const ATTENDEE_NAME_CHOICES = ['off', 'optional', 'required'] as const;

/** The API's event fields as the event form names and labels them. */
export function eventFields(t: Messages): Record<string, FormField> {
  return {
    title: { input: 'title', label: t.editor_field_title },
    description: { input: 'description', label: t.editor_field_description },
    category: { input: 'category', label: t.editor_field_category },
    starts_at: { input: 'starts_at', label: t.editor_field_start },
    ends_at: { input: 'ends_at', label: t.editor_field_end },
    time_zone: { input: 'time_zone', label: t.editor_field_timeZone },
    venue_name: { input: 'venue_name', label: t.editor_field_venueName },
    address_line: { input: 'address_line', label: t.editor_field_address },
    city: { input: 'city', label: t.editor_field_city },
    state: { input: 'state', label: t.editor_field_state },
    postal_code: { input: 'postal_code', label: t.editor_field_zipCode },
    online_url: { input: 'online_url', label: t.editor_field_onlineLink },
    capacity: { input: 'capacity', label: t.editor_field_capacity },
    image_id: { input: 'image', label: t.editor_field_coverImage },
    donations_enabled: { input: 'donations_enabled', label: t.editor_field_donations },
    donation_goal_cents: { input: 'donation_goal', label: t.editor_field_donationGoal, unit: 'money' },
    waitlist_enabled: { input: 'waitlist_enabled', label: t.editor_field_waitlist },
    attendee_names: { input: 'attendee_names', label: t.editor_field_attendeeNames },
    // The first tier of a new event.
    'tiers.0.name': { input: 'tier.name', label: t.editor_field_ticketName },
    'tiers.0.price_cents': { input: 'tier.price', label: t.editor_field_price, unit: 'money' },
    'tiers.0.quantity': { input: 'tier.quantity', label: t.editor_field_quantity },
    'tiers.0': { input: 'tier.quantity', label: t.editor_field_ticket },
  };
}

/** The API's tier fields as a tier form names and labels them. */
export function tierFields(t: Messages): Record<string, FormField> {
  return {
    name: { input: 'name', label: t.editor_field_name },
    description: { input: 'description', label: t.editor_field_description },
    price_cents: { input: 'price', label: t.editor_field_price, unit: 'money' },
    quantity: { input: 'quantity', label: t.editor_field_quantity },
    sales_start_at: { input: 'sales_start_at', label: t.editor_field_salesStart },
    sales_end_at: {
      input: 'sales_end_at',
      label: t.editor_field_salesEnd,
      // Whole sentences, which begin with the field's name themselves.
      rewrites: [[/^must be after sales_start_at$/, t.editor_salesEndBeforeStart]],
    },
    min_per_order: { input: 'min_per_order', label: t.editor_field_minPerOrder },
    max_per_order: {
      input: 'max_per_order',
      label: t.editor_field_maxPerOrder,
      rewrites: [[/^must be at least min_per_order$/, t.editor_maxBelowMin]],
    },
    hidden: { input: 'hidden', label: t.editor_field_hidden },
  };
}

/** The API's add-on fields as an add-on form names and labels them. */
export function addOnFields(t: Messages): Record<string, FormField> {
  return {
    name: { input: 'name', label: t.editor_field_name },
    description: { input: 'description', label: t.editor_field_description },
    price_cents: { input: 'price', label: t.editor_field_price, unit: 'money' },
    quantity: { input: 'quantity', label: t.editor_field_stock },
    max_per_order: { input: 'max_per_order', label: t.editor_field_maxPerOrder },
    active: { input: 'active', label: t.editor_field_offered },
  };
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** Reads the event details form into an API body (create or update), with the problems found on the way. */
export function readEventDetails(
  form: FormData,
  { locales, currency, t }: { locales: readonly string[]; currency: string; t: Messages },
): ReadForm<EventDetailsBody> {
  const errors: Record<string, string> = {};
  const values: FormValues = {};
  for (const name of [
    'category',
    'starts_at',
    'ends_at',
    'time_zone',
    'where',
    'venue_name',
    'address_line',
    'city',
    'state',
    'postal_code',
    'online_url',
    'capacity',
    'donation_goal',
    'attendee_names',
  ]) {
    values[name] = text(form, name);
  }
  for (const locale of locales) {
    values[`title.${locale}`] = text(form, `title.${locale}`);
    values[`description.${locale}`] = String(form.get(`description.${locale}`) ?? '');
  }
  values.donations_enabled = form.get('donations_enabled') === 'on';
  values.waitlist_enabled = form.get('waitlist_enabled') === 'on';

  const timeZone = String(values.time_zone);
  const title = localizedFrom(form, 'title', locales);
  const category = String(values.category);
  if (Object.keys(title).length === 0) errors.title = t.editor_titleMissing;
  if (!category) errors.category = t.editor_categoryMissing;
  const instants = { starts_at: '', ends_at: '' };
  for (const name of ['starts_at', 'ends_at'] as const) {
    const instant = instantFrom(String(values[name]), timeZone, t);
    if (!instant.ok) errors[name] = instant.message;
    else if (instant.value === null)
      errors[name] = name === 'starts_at' ? t.editor_startsMissing : t.editor_endsMissing;
    else instants[name] = instant.value;
  }
  const online = values.where === 'online';
  const place = (name: 'venue_name' | 'address_line' | 'city' | 'state' | 'postal_code') =>
    online ? '' : String(values[name]);
  const onlineUrl = String(values.online_url);
  if (online && !onlineUrl) errors.online_url = t.editor_onlineUrlMissing;
  if (!online && !values.venue_name && !values.city) errors.venue_name = t.editor_placeMissing;

  const capacity = parseWhole(String(values.capacity), t);
  if (!capacity.ok) errors.capacity = capacity.message;
  const goal = parseAmount(String(values.donation_goal), currency, t);
  if (!goal.ok) errors.donation_goal = goal.message;
  if (!capacity.ok || !goal.ok || hasErrors(errors)) return { body: null, values, errors };

  const donationsEnabled = values.donations_enabled === true;
  const names = String(values.attendee_names || 'off');
  const body: EventDetailsBody = {
    title,
    description: localizedFrom(form, 'description', locales),
    category,
    time_zone: timeZone,
    ...instants,
    venue_name: place('venue_name'),
    address_line: place('address_line'),
    city: place('city'),
    state: place('state'),
    postal_code: place('postal_code'),
    online_url: online ? onlineUrl || null : null,
    capacity: capacity.value,
    donations_enabled: donationsEnabled,
    donation_goal_cents: donationsEnabled ? goal.value : null,
    waitlist_enabled: values.waitlist_enabled === true,
    attendee_names: ATTENDEE_NAME_CHOICES.find((choice) => choice === names) ?? 'off',
  };
  return { body, values, errors };
}

/** Reads a tier form (new or changed) into an API body. */
export function readTier(
  form: FormData,
  { locales, currency, timeZone, t }: { locales: readonly string[]; currency: string; timeZone: string; t: Messages },
): ReadForm<TierBody> {
  const errors: Record<string, string> = {};
  const values: FormValues = { hidden: form.get('hidden') === 'on' };
  for (const name of ['price', 'quantity', 'sales_start_at', 'sales_end_at', 'min_per_order', 'max_per_order']) {
    values[name] = text(form, name);
  }
  for (const locale of locales) values[`name.${locale}`] = text(form, `name.${locale}`);
  const name = localizedFrom(form, 'name', locales);
  if (Object.keys(name).length === 0) errors.name = t.editor_tierNameMissing;
  const optional: Omit<TierBody, 'name' | 'price_cents' | 'quantity'> = { hidden: values.hidden === true };
  const price = parseAmount(String(values.price), currency, t);
  if (!price.ok) errors.price = price.message;
  else if (price.value === null) errors.price = t.editor_tierPriceMissing;
  const quantity = parseWhole(String(values.quantity), t);
  if (!quantity.ok) errors.quantity = quantity.message;
  else if (quantity.value === null) errors.quantity = t.editor_tierQuantityMissing;
  for (const field of ['sales_start_at', 'sales_end_at'] as const) {
    const instant = instantFrom(String(values[field]), timeZone, t);
    if (!instant.ok) errors[field] = instant.message;
    else optional[field] = instant.value;
  }
  for (const field of ['min_per_order', 'max_per_order'] as const) {
    const count = parseWhole(String(values[field]), t);
    if (!count.ok) errors[field] = count.message;
    else if (count.value !== null) optional[field] = count.value;
  }
  if (!price.ok || price.value === null || !quantity.ok || quantity.value === null || hasErrors(errors)) {
    return { body: null, values, errors };
  }
  return { body: { name, price_cents: price.value, quantity: quantity.value, ...optional }, values, errors };
}

/** Reads an add-on form into an API body. */
export function readAddOn(
  form: FormData,
  { locales, currency, t }: { locales: readonly string[]; currency: string; t: Messages },
): ReadForm<AddOnBody> {
  const errors: Record<string, string> = {};
  const values: FormValues = { active: form.get('active') === 'on' };
  for (const name of ['price', 'quantity', 'max_per_order']) values[name] = text(form, name);
  for (const locale of locales) values[`name.${locale}`] = text(form, `name.${locale}`);
  const name = localizedFrom(form, 'name', locales);
  if (Object.keys(name).length === 0) errors.name = t.editor_addOnNameMissing;
  const price = parseAmount(String(values.price), currency, t);
  if (!price.ok) errors.price = price.message;
  else if (price.value === null) errors.price = t.editor_addOnPriceMissing;
  const quantity = parseWhole(String(values.quantity), t);
  if (!quantity.ok) errors.quantity = quantity.message;
  else if (quantity.value === null) errors.quantity = t.editor_addOnQuantityMissing;
  const max = parseWhole(String(values.max_per_order), t);
  if (!max.ok) errors.max_per_order = max.message;
  if (!price.ok || price.value === null || !quantity.ok || quantity.value === null || !max.ok || hasErrors(errors)) {
    return { body: null, values, errors };
  }
  return {
    body: {
      name,
      active: values.active === true,
      price_cents: price.value,
      quantity: quantity.value,
      ...(max.value !== null ? { max_per_order: max.value } : {}),
    },
    values,
    errors,
  };
}

export interface EditorContext {
  currency: string;
  organizerTimeZone: string;
  locales: { code: string; label: string }[];
  categories: { id: string; name: string }[];
  timeZones: { value: string; label: string }[];
}

/**
 * Uploads a cover image chosen in a form; null when none was chosen. The API reads the type from
 * the bytes, so the browser's idea of it is only passed along.
 */
export async function uploadImage(
  api: AccessPlusClient,
  file: FormDataEntryValue | null,
): Promise<{ ok: true; imageId: string | null } | { ok: false; message: string; status: number }> {
  if (!(file instanceof File) || file.size === 0) return { ok: true, imageId: null };
  const result = await apiResult(
    api.POST('/v1/images', {
      // The file goes as it is, not as JSON.
      body: await file.arrayBuffer(),
      bodySerializer: (bytes) => bytes,
      headers: { 'content-type': 'application/octet-stream' },
    }),
  );
  if (!result.ok) return { ok: false, message: result.failure.message, status: result.failure.status };
  return { ok: true, imageId: result.data.id };
}

/**
 * What every event form needs: the organizer's languages, money and clock, the categories and zones.
 * `locale` is the admin's language: languages are named in it, and categories in it where they can be.
 */
export async function editorContext(
  api: AccessPlusClient,
  url: URL,
  preferred: readonly string[],
  locale: string,
): Promise<EditorContext> {
  const [organizer, categories] = await Promise.all([
    apiResult(api.GET('/v1/organizer')),
    apiResult(api.GET('/v1/categories')),
  ]);
  const org = required(organizer, url);
  const zones = Intl.supportedValuesOf('timeZone');
  if (!zones.includes(org.time_zone)) zones.unshift(org.time_zone);
  return {
    currency: org.currency,
    organizerTimeZone: org.time_zone,
    locales: [org.default_locale, ...org.locales.filter((code) => code !== org.default_locale)].map((code) => ({
      code,
      label: languageLabel(code, locale),
    })),
    categories: required(categories, url).data.map((category) => ({
      id: category.id,
      name: pickText(category.names, [locale, ...preferred]),
    })),
    timeZones: zones.map((zone) => ({ value: zone, label: timeZoneLabel(zone, new Date(), intlLocale(locale)) })),
  };
}
