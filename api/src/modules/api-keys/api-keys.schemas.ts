import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';
import { API_KEY_SCOPES, SCOPE_GROUPS } from './api-key-scopes.ts';

const scopeList = Object.entries(SCOPE_GROUPS)
  .map(
    ([group, { levels, description }]) =>
      `${levels.map((level) => `\`${group}:${level}\``).join(', ')}: ${description}`,
  )
  .join(' ');

export const ApiKeyScope = StringEnum(API_KEY_SCOPES, {
  description: `Read or write per group of resources; a group's write scope includes its read scope. ${scopeList}`,
});

export const ApiKey = Type.Object(
  {
    id: Uuid,
    name: Type.String({ description: 'What the key is for, e.g. "CRM sync".' }),
    prefix: Type.String({
      description:
        'The first characters of the secret (`apk_` and four more), to tell keys apart. The secret itself is shown once, when the key is created.',
      examples: ['apk_7Qe2'],
    }),
    scopes: Type.Array(ApiKeyScope, { description: 'What the key may do: each group once, at its highest level.' }),
    status: StringEnum(['active', 'expired', 'revoked'] as const, {
      description: 'Whether requests with the key are accepted now; expired and revoked keys are refused with 401.',
    }),
    created_at: Timestamp,
    created_by: Nullable(
      Type.Object(
        { user_id: Uuid, email: Type.String(), display_name: Type.String() },
        { description: 'Who created the key; null once that account is gone.' },
      ),
    ),
    expires_at: Nullable(Timestamp),
    last_used_at: Nullable(Timestamp),
    revoked_at: Nullable(Timestamp),
  },
  {
    $id: 'ApiKey',
    description:
      'An API key of the organizer. `last_used_at` is kept to the minute: it is written at most once a minute.',
  },
);

export const CreatedApiKey = Type.Object(
  {
    ...ApiKey.properties,
    secret: Type.String({
      description:
        'The key to send as `Authorization: Bearer <secret>`: `apk_`, 32 random characters and a 6-character checksum. Shown only in this answer; only its hash is kept, so store it now.',
    }),
  },
  { $id: 'CreatedApiKey', description: 'A new API key with its secret, shown this once.' },
);

export const NewApiKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'What the key is for.' }),
    scopes: Type.Array(ApiKeyScope, { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true }),
    expires_at: Type.Optional(
      Nullable(
        Type.String({
          format: 'date-time',
          maxLength: 40,
          description: 'When the key stops working by itself, within five years; null or left out: until revoked.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);
export type NewApiKey = Static<typeof NewApiKey>;

export const ApiKeyParams = Type.Object({ api_key_id: Uuid });
