import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export { AccessPlusError, type ApiResult, type ErrorDetail, type ErrorResponse, unwrap } from './errors.js';
export { type Page, paginate } from './paginate.js';
export type { components, operations, paths } from './schema.js';

type Schemas = components['schemas'];
export type Event = Schemas['Event'];
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

export type AccessPlusClient = Client<paths>;

export interface AccessPlusClientOptions extends ClientOptions {
  /** Where the API lives, e.g. `https://api.accessplus.example`; paths already start with `/v1`. */
  baseUrl: string;
  /** An API key or a session token from sign-in, sent as `Authorization: Bearer …`. */
  token?: string;
}

/**
 * An openapi-fetch client typed from the Access Plus OpenAPI document: `client.GET('/v1/events', …)`
 * checks the path, parameters and body, and types `data` and `error`. Pair it with `unwrap` to get
 * the data or an AccessPlusError.
 */
export function createAccessPlusClient({ token, ...options }: AccessPlusClientOptions): AccessPlusClient {
  const client = createClient<paths>(options);
  if (token) {
    client.use({
      onRequest({ request }) {
        // A header given on one call (e.g. acting with another key) wins over the client's token.
        if (!request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      },
    });
  }
  return client;
}
