import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';
import { CHANGE_CATALOG, PUBLISHED_CHANGE_TYPES } from '../changes/changes.catalog.ts';

/** How many endpoints an organizer may have: each is a query's worth of work in every sale. */
export const MAX_ENDPOINTS = 20;

const EventTypes = Type.Array(StringEnum(PUBLISHED_CHANGE_TYPES), {
  uniqueItems: true,
  maxItems: PUBLISHED_CHANGE_TYPES.length,
  description:
    'The change types sent to this endpoint (see `listWebhookEventTypes`); an empty list sends every type, new ones included.',
  examples: [['order.paid', 'order.refunded']],
});

const endpointFields = {
  url: Type.String({
    minLength: 1,
    maxLength: 2048,
    description:
      'Where deliveries are POSTed: an http(s) address on the public internet, without a user name or password. Addresses on private, loopback or link-local networks are refused.',
    examples: ['https://crm.example.org/webhooks/access-plus'],
  }),
  description: Type.String({ maxLength: 500, description: 'What the endpoint is for, for the team.' }),
  event_types: EventTypes,
  enabled: Type.Boolean({
    description: 'Deliveries are made while true. Turning it on again clears the reason it was turned off.',
  }),
};

export const NewWebhookEndpoint = Type.Object(
  {
    url: endpointFields.url,
    description: Type.Optional(endpointFields.description),
    event_types: Type.Optional(endpointFields.event_types),
    enabled: Type.Optional(endpointFields.enabled),
  },
  { additionalProperties: false },
);
export type NewWebhookEndpoint = Static<typeof NewWebhookEndpoint>;

export const WebhookEndpointUpdate = Type.Partial(Type.Object(endpointFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type WebhookEndpointUpdate = Static<typeof WebhookEndpointUpdate>;

const endpointProperties = {
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  event_types: Type.Array(Type.String(), { description: 'Empty: every published change type.' }),
  enabled: Type.Boolean(),
  disabled_reason: Nullable(
    Type.String({
      description:
        'Why deliveries stopped: the receiver answered 410 Gone, every attempt failed for five days, or a person turned it off. Null while enabled.',
    }),
  ),
  disabled_at: Nullable(Timestamp),
  failing_since: Nullable(
    Type.String({
      format: 'date-time',
      description:
        'When the current run of failed attempts began; null once an attempt succeeds. After five days of failures the endpoint is disabled.',
    }),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
};

export const WebhookEndpoint = Type.Object(endpointProperties, {
  $id: 'WebhookEndpoint',
  description:
    'An address of the organizer’s (their CRM’s, their accounting’s) that receives changes as signed webhooks.',
});

export const CreatedWebhookEndpoint = Type.Object(
  {
    ...endpointProperties,
    secret: Type.String({
      description: 'The signing secret (`whsec_…`); `getWebhookEndpointSecret` shows it again.',
    }),
  },
  { description: 'The new endpoint, with its signing secret.' },
);

export const WebhookEndpointSecret = Type.Object(
  {
    secret: Type.String({
      description:
        'The signing secret (`whsec_…`): verify each delivery’s `webhook-signature` with it (the SDK’s `verifyWebhook` does).',
    }),
    previous_secret: Nullable(
      Type.String({
        description:
          'The secret before the last rotation, which also signs every delivery until `previous_secret_expires_at`; null when none.',
      }),
    ),
    previous_secret_expires_at: Nullable(Timestamp),
  },
  {
    $id: 'WebhookEndpointSecret',
    description: 'An endpoint’s signing secret, and the previous one while it is still used.',
  },
);

export const WebhookAttempt = Type.Object(
  {
    id: Type.String({ description: 'The attempt’s id.' }),
    attempted_at: Timestamp,
    succeeded: Type.Boolean({ description: 'The receiver answered 2xx.' }),
    status_code: Nullable(Type.Integer({ description: 'What the receiver answered; null when no answer came.' })),
    error_code: Nullable(
      Type.String({
        description:
          'Why it failed: `unexpected_status` (not 2xx), `gone` (410, which disables the endpoint), `timeout` (no full answer within 15 s), `connection_failed`, `tls_failed`, `redirect_not_followed`, `address_not_allowed` (the address is or resolves to a private one), `host_not_found` …; null on success.',
      }),
    ),
    error_message: Nullable(Type.String({ description: 'The failure in a sentence.' })),
    latency_ms: Type.Integer({ description: 'From sending to the end of the answer (or the failure).' }),
    response_excerpt: Type.String({ description: 'The start of the receiver’s answer, at most 1 KB.' }),
    redelivery: Type.Boolean({ description: 'Asked for by a person, not the retry schedule.' }),
  },
  { $id: 'WebhookAttempt', description: 'One sending of a delivery.' },
);

export const WebhookDelivery = Type.Object(
  {
    id: Type.String({ description: 'The delivery’s id.' }),
    endpoint_id: Uuid,
    message_id: Type.String({
      description:
        'The `webhook-id` header of every attempt: the change’s id (`chg_…`), or `ping_…` for a test. Receivers drop repeats by it.',
    }),
    event_type: Type.String({ description: 'The change’s type, or `ping` for a test.' }),
    status: StringEnum(['pending', 'succeeded', 'failed'] as const, {
      description:
        '`pending` until an attempt succeeds (`succeeded`) or the retries run out, the endpoint is disabled or deleted (`failed`).',
    }),
    attempt_count: Type.Integer(),
    next_attempt_at: Nullable(
      Type.String({ format: 'date-time', description: 'When it is tried next; null once finished.' }),
    ),
    failure_reason: Nullable(Type.String({ description: 'Why it failed without an attempt saying so.' })),
    created_at: Timestamp,
    finished_at: Nullable(Timestamp),
    attempts: Type.Array(Type.Unsafe<Static<typeof WebhookAttempt>>({ $ref: 'WebhookAttempt' }), {
      description: 'Every attempt, oldest first (the latest 50 of a delivery redelivered many times).',
    }),
  },
  { $id: 'WebhookDelivery', description: 'One change (or test ping) sent to one endpoint, and every attempt made.' },
);

export const EndpointParams = Type.Object({ endpoint_id: Uuid });

export const DeliveryParams = Type.Object({
  endpoint_id: Uuid,
  delivery_id: Type.String({ pattern: '^[1-9][0-9]{0,17}$', maxLength: 18, description: 'The delivery’s id.' }),
});

export const DeliveryListQuery = Type.Object({
  status: Type.Optional(StringEnum(['pending', 'succeeded', 'failed'] as const, { description: 'Only these.' })),
  cursor: Type.Optional(
    Type.String({ maxLength: 64, description: "Opaque cursor from a previous page's `next_cursor`." }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size, 1–100.' })),
});
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const Redeliveries = Type.Object(
  {
    since: Type.String({
      format: 'date-time',
      maxLength: 40,
      description: 'Deliveries made from this time on (the log keeps 30 days).',
    }),
    until: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'And before this time.' })),
    status: Type.Optional(
      StringEnum(['failed', 'succeeded'] as const, {
        description: 'Which finished deliveries to send again: `failed` (the default) or `succeeded`.',
        default: 'failed',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Redeliveries = Static<typeof Redeliveries>;

export const RedeliveryCount = Type.Object({
  redelivered: Type.Integer({ description: 'How many deliveries will be sent again, each once, within moments.' }),
});

export const WebhookEventType = Type.Object(
  {
    type: StringEnum(PUBLISHED_CHANGE_TYPES),
    description: Type.String(),
  },
  { $id: 'WebhookEventType' },
);

export const eventTypeCatalog = PUBLISHED_CHANGE_TYPES.map((type) => ({
  type,
  description: CHANGE_CATALOG[type].description,
}));
