import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorDetail } from '../lib/errors.ts';

interface PgError extends Error {
  code?: string;
  constraint?: string;
  column?: string;
}

/**
 * Every error leaves in one shape: `{"error": {code, message, details, request_id}}`.
 * Unknown failures are logged with their stack and answered with a bare 500 that says nothing
 * about the internals.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError | AppError | PgError, request, reply) => {
    const appError = toAppError(error);
    if (appError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: appError.code, status: appError.statusCode }, appError.message);
    }
    return sendError(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      new AppError(
        404,
        'route_not_found',
        `No endpoint answers ${request.method} ${request.url.split('?')[0]}. See /docs for the API reference.`,
      ),
    ),
  );
});

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  reply.code(error.statusCode).headers(error.headers);
  return reply.type('application/json; charset=utf-8').send(
    JSON.stringify({
      error: {
        code: error.code,
        message: error.message,
        details: error.details,
        request_id: request.id,
      },
    }),
  );
}

/** What the caller is told about an error: its own AppError, or a 4xx for what it can fix, else a 500. */
export function toAppError(error: FastifyError | AppError | PgError): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const details = fastifyError.validation.map((issue) => ({
      field: fieldOf(fastifyError.validationContext ?? 'body', issue.instancePath, issue.params),
      message: describeIssue(issue.keyword, issue.message, issue.params),
    }));
    const first = details[0];
    return new AppError(
      400,
      'invalid_request',
      first ? `The request is not valid: ${first.field} ${first.message}.` : 'The request is not valid.',
      details,
    );
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'invalid_json', 'The request body is not valid JSON. Send a JSON object.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported_media_type', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'body_too_large', 'The request body is too large. Send at most 1 MB.');
  }
  const pgError = error as PgError;
  switch (pgError.code) {
    case '23505':
      return new AppError(409, 'already_exists', 'A record with these values already exists.');
    case '23503':
      return new AppError(422, 'invalid_reference', 'The request refers to something that does not exist.');
    case '23001':
      // ON DELETE RESTRICT (PostgreSQL 18 reports it apart from other foreign key violations).
      return new AppError(409, 'still_referenced', 'Other records refer to this one, so it cannot be deleted now.');
    case '23514':
      return new AppError(
        422,
        'constraint_violated',
        'The values break a rule of this record; check the fields and try again.',
      );
    case '22P02':
    case '22007':
    case '22008':
      return new AppError(400, 'invalid_request', 'A value in the request has the wrong format.');
    case '55P03':
    case '40001':
    case '40P01':
      return new AppError(409, 'busy', 'This record is being changed by another request. Try again in a moment.');
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError(fastifyError.statusCode, 'bad_request', fastifyError.message);
  }
  return new AppError(
    500,
    'internal_error',
    'Something went wrong on our side. Try again; if it keeps failing, contact support with the request id.',
  );
}

function fieldOf(part: string, instancePath: string, params: Record<string, unknown>): string {
  const path = instancePath
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (typeof params.missingProperty === 'string') path.push(params.missingProperty);
  if (typeof params.additionalProperty === 'string') path.push(params.additionalProperty);
  return [part, ...path].join('.');
}

function describeIssue(keyword: string, message: string | undefined, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'type':
      return `must be ${article(String(params.type))}`;
    case 'maxLength':
      return `must be at most ${params.limit} characters`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters`;
    case 'minimum':
      return `must be ${params.limit} or more`;
    case 'maximum':
      return `must be ${params.limit} or less`;
    case 'maxItems':
      return `must have at most ${params.limit} items`;
    case 'minItems':
      return `must have at least ${params.limit} items`;
    case 'maxProperties':
      return `must have at most ${params.limit} entries`;
    case 'minProperties':
      return `must have at least ${params.limit} entries`;
    case 'format':
      return `must be a valid ${params.format}`;
    case 'pattern':
      return 'has a format that is not accepted';
    case 'enum':
    case 'const':
    case 'anyOf':
      return 'is not one of the accepted values';
    default:
      return message ?? 'is not valid';
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export type { ErrorDetail };
