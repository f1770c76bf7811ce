import type { AccessPlusClient, operations } from '@accessplus/sdk';
import { timeZoneLabel } from '../countries';
import { instantFrom, localizedFrom } from '../event-form';
import { pickText } from '../events';
import type { FormField } from '../form-errors';
import { languageLabel } from '../languages';
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
export const EVENT_FIELDS: Record<string, FormField> = {
  title: { input: 'title', label: 'Title' },
  description: { input: 'description', label: 'Description' },
  category: { input: 'category', label: 'Category' },
  starts_at: { input: 'starts_at', label: 'Start' },
  ends_at: { input: 'ends_at', label: 'End' },
  time_zone: { input: 'time_zone', label: 'Time zone' },
  venue_name: { input: 'venue_name', label: 'Venue name' },
  address_line: { input: 'address_line', label: 'Address' },
  city: { input: 'city', label: 'City' },
  state: { input: 'state', label: 'State' },
  postal_code: { input: 'postal_code', label: 'ZIP code' },
  online_url: { input: 'online_url', label: 'Online link' },
  capacity: { input: 'capacity', label: 'Capacity' },
  image_id: { input: 'image', label: 'Cover image' },
  donations_enabled: { input: 'donations_enabled', label: 'Donations' },
  donation_goal_cents: { input: 'donation_goal', label: 'Donation goal', unit: 'money' },
  waitlist_enabled: { input: 'waitlist_enabled', label: 'Waitlist' },
  attendee_names: { input: 'attendee_names', label: 'Attendee names' },
  // The first tier of a new event.
  'tiers.0.name': { input: 'tier.name', label: 'Ticket name' },
  'tiers.0.price_cents': { input: 'tier.price', label: 'Price', unit: 'money' },
  'tiers.0.quantity': { input: 'tier.quantity', label: 'Quantity' },
  'tiers.0': { input: 'tier.quantity', label: 'Ticket' },
};

/** The API's tier fields as a tier form names and labels them. */
export const TIER_FIELDS: Record<string, FormField> = {
  name: { input: 'name', label: 'Name' },
  description: { input: 'description', label: 'Description' },
  price_cents: { input: 'price', label: 'Price', unit: 'money' },
  quantity: { input: 'quantity', label: 'Quantity' },
  sales_start_at: { input: 'sales_start_at', label: 'Sales start' },
  sales_end_at: {
    input: 'sales_end_at',
    label: 'Sales end',
    rewrites: [[/^must be after sales_start_at$/, 'must be after the sales start']],
  },
  min_per_order: { input: 'min_per_order', label: 'Minimum per order' },
  max_per_order: {
    input: 'max_per_order',
    label: 'Maximum per order',
    rewrites: [[/^must be at least min_per_order$/, 'must be at least the minimum per order']],
  },
  hidden: { input: 'hidden', label: 'Hidden' },
};

/** The API's add-on fields as an add-on form names and labels them. */
export const ADD_ON_FIELDS: Record<string, FormField> = {
  name: { input: 'name', label: 'Name' },
  description: { input: 'description', label: 'Description' },
  price_cents: { input: 'price', label: 'Price', unit: 'money' },
  quantity: { input: 'quantity', label: 'Stock' },
  max_per_order: { input: 'max_per_order', label: 'Maximum per order' },
  active: { input: 'active', label: 'Offered' },
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** Reads the event details form into an API body (create or update), with the problems found on the way. */
export function readEventDetails(
  form: FormData,
  { locales, currency }: { locales: readonly string[]; currency: string },
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
  if (Object.keys(title).length === 0) errors.title = 'Give the event a title.';
  if (!category) errors.category = 'Pick a category.';
  const instants = { starts_at: '', ends_at: '' };
  for (const name of ['starts_at', 'ends_at'] as const) {
    const instant = instantFrom(String(values[name]), timeZone);
    if (!instant.ok) errors[name] = instant.message;
    else if (instant.value === null)
      errors[name] = name === 'starts_at' ? 'Enter when it starts.' : 'Enter when it ends.';
    else instants[name] = instant.value;
  }
  const online = values.where === 'online';
  const place = (name: 'venue_name' | 'address_line' | 'city' | 'state' | 'postal_code') =>
    online ? '' : String(values[name]);
  const onlineUrl = String(values.online_url);
  if (online && !onlineUrl) errors.online_url = 'Enter the link attendees will join with.';
  if (!online && !values.venue_name && !values.city)
    errors.venue_name = 'Enter where it happens: at least a venue or a city.';

  const capacity = parseWhole(String(values.capacity));
  if (!capacity.ok) errors.capacity = capacity.message;
  const goal = parseAmount(String(values.donation_goal), currency);
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
  { locales, currency, timeZone }: { locales: readonly string[]; currency: string; timeZone: string },
): ReadForm<TierBody> {
  const errors: Record<string, string> = {};
  const values: FormValues = { hidden: form.get('hidden') === 'on' };
  for (const name of ['price', 'quantity', 'sales_start_at', 'sales_end_at', 'min_per_order', 'max_per_order']) {
    values[name] = text(form, name);
  }
  for (const locale of locales) values[`name.${locale}`] = text(form, `name.${locale}`);
  const name = localizedFrom(form, 'name', locales);
  if (Object.keys(name).length === 0) errors.name = 'Give the ticket a name, such as General admission.';
  const optional: Omit<TierBody, 'name' | 'price_cents' | 'quantity'> = { hidden: values.hidden === true };
  const price = parseAmount(String(values.price), currency);
  if (!price.ok) errors.price = price.message;
  else if (price.value === null) errors.price = 'Enter a price; 0 makes the ticket free.';
  const quantity = parseWhole(String(values.quantity));
  if (!quantity.ok) errors.quantity = quantity.message;
  else if (quantity.value === null) errors.quantity = 'Enter how many tickets of this kind there are.';
  for (const field of ['sales_start_at', 'sales_end_at'] as const) {
    const instant = instantFrom(String(values[field]), timeZone);
    if (!instant.ok) errors[field] = instant.message;
    else optional[field] = instant.value;
  }
  for (const field of ['min_per_order', 'max_per_order'] as const) {
    const count = parseWhole(String(values[field]));
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
  { locales, currency }: { locales: readonly string[]; currency: string },
): ReadForm<AddOnBody> {
  const errors: Record<string, string> = {};
  const values: FormValues = { active: form.get('active') === 'on' };
  for (const name of ['price', 'quantity', 'max_per_order']) values[name] = text(form, name);
  for (const locale of locales) values[`name.${locale}`] = text(form, `name.${locale}`);
  const name = localizedFrom(form, 'name', locales);
  if (Object.keys(name).length === 0) errors.name = 'Give the add-on a name, such as Dinner plate.';
  const price = parseAmount(String(values.price), currency);
  if (!price.ok) errors.price = price.message;
  else if (price.value === null) errors.price = 'Enter a price.';
  const quantity = parseWhole(String(values.quantity));
  if (!quantity.ok) errors.quantity = quantity.message;
  else if (quantity.value === null) errors.quantity = 'Enter how many you have to sell.';
  const max = parseWhole(String(values.max_per_order));
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

/** What every event form needs: the organizer's languages, money and clock, the categories and zones. */
export async function editorContext(
  api: AccessPlusClient,
  url: URL,
  preferred: readonly string[],
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
      label: languageLabel(code),
    })),
    categories: required(categories, url).data.map((category) => ({
      id: category.id,
      name: pickText(category.names, preferred),
    })),
    timeZones: zones.map((zone) => ({ value: zone, label: timeZoneLabel(zone) })),
  };
}
