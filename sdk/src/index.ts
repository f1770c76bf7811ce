import createClient, {
  type Client,
  type ClientOptions,
  type FetchOptions,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import { type ApiResult, unwrap } from './errors.js';
import { operationTable } from './operations.js';
import { type Page, paginate } from './paginate.js';
import { type RetryOptions, retryingFetch, withIdempotencyKey } from './retry.js';
import type { components, operations, paths } from './schema.js';

export { AccessPlusError, type ApiResult, type ErrorDetail, type ErrorResponse, unwrap } from './errors.js';
export { type Page, paginate, type SyncedPage, type SyncPage, syncPages } from './paginate.js';
export { type RetryOptions, retryAfterMs, retryingFetch } from './retry.js';
export type { components, operations, paths } from './schema.js';
export {
  verifyWebhook,
  type WebhookHeaders,
  type WebhookRejection,
  WebhookVerificationError,
} from './webhooks.js';

type Schemas = components['schemas'];
export type Event = Schemas['Event'];
export type Image = Schemas['Image'];
export type Tier = Schemas['Tier'];
export type Organizer = Schemas['Organizer'];
export type Member = Schemas['Member'];
export type Category = Schemas['Category'];
export type Session = Schemas['Session'];
export type SessionWithToken = Schemas['SessionWithToken'];
export type PublicEventSummary = Schemas['PublicEventSummary'];
export type PublicEvent = Schemas['PublicEvent'];
export type PublicTier = Schemas['PublicTier'];
export type PublicOrganizer = Schemas['PublicOrganizer'];

/** The name of an API operation, e.g. `listEvents`: its operationId in openapi/openapi.json. */
export type OperationId = keyof typeof operationTable;

/**
 * What an operation method takes: openapi-fetch's options for that operation (`params`, `body`, `headers`,
 * `signal`, …), less `parseAs`: these methods read JSON, and a file (an image, a QR code) as a Blob.
 */
export type OperationInit<Id extends OperationId> = Omit<FetchOptions<operations[Id]>, 'parseAs'>;

/**
 * What an operation method resolves to: the JSON body of its success response; a Blob for an operation that
 * answers with a file (its `type` is the file's media type); `undefined` for 204 No Content.
 */
export type OperationData<Id extends OperationId> = (typeof operationTable)[Id] extends { parseAs: 'blob' }
  ? Blob
  : JsonData<Id>;

// The success branch is the one whose `data` is present: matching on `error?: never` alone would also take the
// error branch of an operation that documents no error answer (its `error: never`), and with it `data?: never`.
type JsonData<Id extends OperationId> = Extract<
  FetchResponse<operations[Id], OperationInit<Id>, 'application/json'>,
  { data: unknown; error?: never }
>['data'];

// Like openapi-fetch's own calls, init may be left out only when nothing in it is required.
type OperationArgs<Id extends OperationId> =
  undefined extends MaybeOptionalInit<operations, Id> ? [init?: OperationInit<Id>] : [init: OperationInit<Id>];

// Mapped over `keyof typeof operationTable` itself, not the OperationId alias, so that an editor shows each
// method with the operation's summary from the table.
type OperationMethods = {
  [Id in keyof typeof operationTable]: (...init: OperationArgs<Id>) => Promise<OperationData<Id>>;
};

/** The operations that answer one page of a list: `{ data, next_cursor }`. */
export type ListOperationId = {
  [Id in OperationId]: OperationData<Id> extends { data: unknown[]; next_cursor: string | null } ? Id : never;
}[OperationId];

/** One item of what a list operation pages through. */
export type ListItem<Id extends ListOperationId> = OperationData<Id> extends { data: (infer Item)[] } ? Item : never;

interface Iterate {
  /**
   * Every item of a list, page after page as the loop asks for more: the cursor is followed for you.
   * `for await (const order of client.iterate('listOrders', { params: { query: { limit: 100 } } })) { … }`
   */
  iterate<Id extends ListOperationId>(operationId: Id, ...init: OperationArgs<Id>): AsyncGenerator<ListItem<Id>, void>;
}

/**
 * One method per API operation, named by its operationId, which resolves to the response data or throws an
 * AccessPlusError: `await client.getEvent({ params: { path: { event_id } } })`. The path-based calls of
 * openapi-fetch (`client.GET('/v1/events/{event_id}', …)`, resolving to `{ data, error, response }`) and its
 * `use` for middleware are there too.
 */
export type AccessPlusClient = Client<paths> & OperationMethods & Iterate;

export interface AccessPlusClientOptions extends ClientOptions {
  /** Where the API lives, e.g. `https://api.accessplus.example`; paths already start with `/v1`. */
  baseUrl: string;
  /** An API key or a session token from sign-in, sent as `Authorization: Bearer …`. */
  token?: string;
  /**
   * Trying again after 429 (waiting what `Retry-After` says), 502–504 and failed connections: reads
   * always, writes under their Idempotency-Key. Default: 3 retries from 500 ms; `false` turns it off.
   */
  retry?: RetryOptions | false;
  /** Give every POST, PATCH and DELETE an `Idempotency-Key` (a random UUID) unless it has one. Default true. */
  idempotencyKeys?: boolean;
}

/**
 * A client typed from the Access Plus OpenAPI document: the compiler checks every call's parameters and body,
 * and knows what it returns. See AccessPlusClient for the two ways of calling.
 */
export function createAccessPlusClient({
  token,
  retry,
  idempotencyKeys = true,
  ...options
}: AccessPlusClientOptions): AccessPlusClient {
  const baseFetch = options.fetch ?? ((request: Request, init?: RequestInit) => globalThis.fetch(request, init));
  const client = createClient<paths>({
    ...options,
    fetch: retry === false ? baseFetch : retryingFetch(baseFetch, retry),
  });
  if (idempotencyKeys) client.use({ onRequest: ({ request }) => withIdempotencyKey(request) });
  if (token) {
    client.use({
      onRequest({ request }) {
        // A header given on one call (e.g. acting with another key) wins over the client's token.
        if (!request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      },
    });
  }
  // The table pairs each method with its path, so the per-path types of `client.request` cannot follow it here;
  // OperationMethods states the types instead.
  const request = client.request as (method: string, path: string, init?: object) => Promise<ApiResult<unknown>>;
  const operationMethods = Object.fromEntries(
    Object.entries(operationTable).map(([operationId, operation]) => {
      const parseAs = 'parseAs' in operation ? operation.parseAs : 'json';
      return [
        operationId,
        async (init?: object) => unwrap(await request(operation.method, operation.path, { ...init, parseAs })),
      ];
    }),
  ) as OperationMethods;
  async function* iterate(operationId: ListOperationId, init: { params?: { query?: object } } = {}) {
    const call = operationMethods[operationId] as (init: object) => Promise<Page<unknown>>;
    yield* paginate((cursor) =>
      call({ ...init, params: { ...init.params, query: { ...init.params?.query, ...(cursor ? { cursor } : {}) } } }),
    );
  }
  return { ...client, ...operationMethods, iterate } as AccessPlusClient;
}
