import { Ajv, type AnySchema, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const shared: Options = {
  allErrors: true,
  strict: false,
  useDefaults: true,
  removeAdditional: false,
};

/**
 * Builds the request validator of a Fastify context (Fastify calls it again for every plugin
 * that adds shared schemas, handing those over).
 *
 * Bodies are validated as sent: a string is not a number, and an unknown field is an error,
 * so integrations learn about a typo instead of silently losing a value. Query strings and
 * path parameters arrive as text, so only they are coerced to the declared types.
 */
export function buildValidator(externalSchemas: Record<string, unknown> = {}): FastifySchemaCompiler<FastifySchema> {
  const strict = addFormats(new Ajv({ ...shared, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));
  for (const schema of Object.values(externalSchemas)) {
    strict.addSchema(schema as AnySchema);
    coercing.addSchema(schema as AnySchema);
  }
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema));
}
