import { type Static, type TSchema, Type } from 'typebox';

/**
 * A reference to a shared schema (registered with `app.addSchema`), typed as that schema. As a
 * response, `description` is what the reference documentation says the response is.
 */
export function Ref<T extends TSchema & { $id?: string }>(schema: T, description?: string) {
  if (!schema.$id) throw new Error('Only schemas with an $id can be referenced.');
  return Type.Unsafe<Static<T>>(description ? { $ref: schema.$id, description } : { $ref: schema.$id });
}

/** A string restricted to `values`, emitted as a plain JSON Schema `enum`. */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A primitive schema that also accepts null (`type: [t, "null"]`). */
export function Nullable<T extends TSchema>(schema: T) {
  const { type, ...rest } = schema as unknown as { type: string; enum?: unknown[] };
  // An enum lists every allowed value, so null must be among them too.
  if (rest.enum) rest.enum = [...rest.enum, null];
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'] });
}

/** The most a tier or add-on may cost, in cents: a million in any currency, far inside an int4 column. */
export const MAX_PRICE_CENTS = 100_000_000;

export const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$';

export const Locale = Type.String({
  pattern: LOCALE_PATTERN,
  maxLength: 16,
  description: 'A BCP 47 language tag such as `en`, `am`, `fr-CA` or `zh-Hant`.',
  examples: ['en'],
});

/** Attendee-facing text in one or more locales: `{"en": "Gala night", "am": "የጋላ ምሽት"}`. */
export function LocalizedText(maxLength: number, options: { description?: string; minProperties?: number } = {}) {
  return Type.Unsafe<Record<string, string>>({
    type: 'object',
    patternProperties: { [LOCALE_PATTERN]: { type: 'string', maxLength } },
    additionalProperties: false,
    minProperties: options.minProperties ?? 0,
    maxProperties: 20,
    description: options.description ?? `Text per locale, each at most ${maxLength} characters.`,
    examples: [{ en: 'Text in English', am: 'ጽሑፍ በአማርኛ' }],
  });
}

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });

/** The storefront routes' organizer, by the slug in their path. */
export const OrganizerSlugParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 48, pattern: '^[a-z0-9-]+$', description: "The organizer's slug." }),
});
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });

export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'An IANA time zone such as `America/New_York`.',
  examples: ['America/New_York'],
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, machine-readable error code.' }),
      message: Type.String({ description: 'What went wrong and what to do about it.' }),
      details: Type.Array(
        Type.Object({
          field: Type.String({ description: 'Where the problem is, e.g. `body.tiers.0.price_cents`.' }),
          message: Type.String(),
        }),
      ),
      request_id: Type.String({ description: 'Quote it to support.' }),
    }),
  },
  { $id: 'Error', description: 'The one error shape of the API.' },
);

const errorDescriptions: Record<number, string> = {
  400: 'The request is malformed: a field is missing, of the wrong type or too long.',
  401: 'No valid session or token.',
  403: 'Signed in, but not allowed to do this.',
  404: 'Not found (or belongs to another organizer).',
  409: 'Conflicts with the current state.',
  410: 'What the request asks for is no longer kept.',
  413: 'The request body is larger than this operation takes.',
  415: 'The request body is not of a type this operation takes.',
  422: 'Well-formed, but breaks a business rule.',
  429: 'Too many requests; retry after the `Retry-After` header.',
  502: 'A service the request relies on (such as machine translation) failed or did not answer; try again later.',
  503: 'The database was unreachable or busy for a moment; retry after the `Retry-After` header. A retried write can find that its first attempt went through (the connection may end after it committed).',
};

/** The error responses a route can give, all in the one error shape; any route can answer 503. */
export function errorResponses(...codes: number[]) {
  return Object.fromEntries([...codes, 503].map((code) => [code, Ref(ErrorResponse, errorDescriptions[code])]));
}

export const NoContent = Type.Null({ description: 'No content.' });

export const PageQuery = {
  cursor: Type.Optional(
    Type.String({ maxLength: 512, description: "Opaque cursor from a previous page's `next_cursor`." }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size, 1–100.' })),
};

export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      data: Type.Array(item),
      next_cursor: Nullable(
        Type.String({ description: 'Pass as `cursor` to get the next page; null on the last page.' }),
      ),
    },
    { description },
  );
}

/** How every list with `updated_since` is synced, for its parameter's description. */
const HOW_TO_SYNC =
  'Incremental sync. The first time, pass a time (RFC 3339, e.g. `2024-05-01T00:00:00Z`; `1970-01-01T00:00:00Z` for everything): you get the records last changed at or after it. ' +
  'Follow `next_cursor` (as `cursor`, with the same `updated_since` and filters) until it is null, then keep `next_updated_since` and pass it as `updated_since` on your next poll, and so on: ' +
  'each poll returns every change after the last one you have, each once, in one stable order (not by time), with deleted, cancelled and revoked records as they now stand so you can remove or mark them. ' +
  'A change still being written when you poll comes on a later poll, never behind a position you already hold, so nothing is missed. ' +
  'A filter narrows the sync: a record that stops matching it is not reported again. Without `updated_since`, the list is a plain listing in its own order.';

export const SyncQuery = {
  updated_since: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: HOW_TO_SYNC, examples: ['2024-05-01T00:00:00Z'] }),
  ),
  ...PageQuery,
};

/** A page of a list that can be synced: a plain page, plus where a sync stands. */
export function SyncPage<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      data: Type.Array(item),
      next_cursor: Nullable(
        Type.String({
          description:
            'More records now: pass it as `cursor`, with the same other parameters, for the next page; null on the last page.',
        }),
      ),
      next_updated_since: Nullable(
        Type.String({
          description:
            'With `updated_since`: where this sync now stands, on every page (an empty one too). Keep the last page’s and pass it as `updated_since` on your next poll. Null without `updated_since`.',
        }),
      ),
    },
    { description },
  );
}
