import { Ajv, type AnySchema, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
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
  return ({ schema, httpPart }) =>
    refusingUnstorableText(httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema));
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function refusingUnstorableText(validate: ValidateFunction): Validator {
  const validator: Validator = (data) => {
    const found: ErrorObject[] = [];
    unstorableText(data, '', found);
    const valid = validate(data);
    validator.errors = found.length > 0 ? [...found, ...(validate.errors ?? [])] : validate.errors;
    return valid && found.length === 0;
  };
  return validator;
}

export const UNSTORABLE_TEXT = 'unstorableText';

/**
 * PostgreSQL cannot store U+0000 in text at all, and half of a UTF-16 surrogate pair is not a
 * character: encoded for the database it would silently become U+FFFD. Both are refused where
 * they arrive, naming the field, instead of failing deep in a query.
 */
function unstorableText(value: unknown, path: string, found: ErrorObject[]): void {
  if (found.length >= 20) return;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) found.push(issue(path, problem));
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) unstorableText(item, `${path}/${i}`, found);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) {
        found.push(issue(path, `has a key that ${problem.replace(/^must not contain/, 'contains')}`));
        continue;
      }
      unstorableText(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, found);
    }
  }
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!text.isWellFormed()) return 'must not contain half of a surrogate pair: send valid Unicode text';
  return null;
}

function issue(instancePath: string, message: string): ErrorObject {
  return { keyword: UNSTORABLE_TEXT, instancePath, schemaPath: '#', params: {}, message };
}
