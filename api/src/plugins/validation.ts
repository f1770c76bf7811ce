import { Ajv, type AnySchema, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { unstorableText } from '../lib/storable-text.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// Fastify builds a validator for every plugin that adds shared schemas, and a new Ajv instance
// would compile the JSON Schema meta-schema each time to check our schemas (seconds at every
// start). They are checked once instead: the OpenAPI document holds every one, and its lint in
// the test command checks them against the specification.
const shared: Options = {
  allErrors: true,
  strict: false,
  useDefaults: true,
  removeAdditional: false,
  validateSchema: false,
};

/**
 * Builds the request validator of a Fastify context (Fastify calls it again for every plugin
 * that adds shared schemas, handing those over).
 *
 * Bodies are validated as sent: a string is not a number, and an unknown field is an error,
 * so integrations learn about a typo instead of silently losing a value. Query strings and
 * path parameters arrive as text, so only they are coerced to the declared types.
 *
 * Every part of every request is also refused when any of its text, keys included, holds what
 * cannot be stored as text (see `unstorableText`), so no schema has to remember it.
 */
export function buildValidator(externalSchemas: Record<string, unknown> = {}): FastifySchemaCompiler<FastifySchema> {
  const strict = addFormats(new Ajv({ ...shared, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));
  for (const schema of Object.values(externalSchemas)) {
    strict.addSchema(schema as AnySchema);
    coercing.addSchema(schema as AnySchema);
  }
  return ({ schema, httpPart, contentType }: { schema: AnySchema; httpPart?: string; contentType?: string }) => {
    // A body of another media type than JSON (an uploaded file) is bytes that its route reads itself.
    if (httpPart === 'body' && contentType !== undefined && !/[/+]json$/.test(contentType)) return () => true;
    return refusingUnstorableText(httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema));
  };
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function refusingUnstorableText(validate: ValidateFunction): Validator {
  const validator: Validator = (data) => {
    const found = unstorableText(data);
    const valid = validate(data);
    validator.errors = found.length > 0 ? [...found, ...(validate.errors ?? [])] : validate.errors;
    return valid && found.length === 0;
  };
  return validator;
}
