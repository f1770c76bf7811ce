import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorDetail } from '../lib/errors.ts';
import { errorResponses } from '../lib/schemas.ts';

interface PgError extends Error {
  code?: string;
  constraint?: string;
  column?: string;
}

/** Seconds a client should wait before retrying a request the database could not finish. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Conditions in which the database did not do the request's work and a retry may well succeed:
 * another transaction held the rows (serialization failure, deadlock, lock timeout), or the
 * connection was lost or refused (the server restarting, an administrator ending sessions, a
 * failover). They answer 503 with Retry-After so a client knows a retry is the right move.
 */
const CONTENTION = new Set(['40001', '40P01', '55P03']);
const CONNECTION_LOST = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
// node-postgres reports a connection it lost or could not open with these messages and no code.
const LOST_CONNECTION_MESSAGE =
  /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/;

/**
 * Every error leaves in one shape: `{"error": {code, message, details, request_id}}`.
 * Unknown failures are logged with their stack and answered with a bare 500 that says nothing
 * about the internals.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', documentBodyRefusals);

  app.setErrorHandler((error: FastifyError | AppError | PgError, request, reply) => {
    const appError = toAppError(error);
    if (appError.statusCode === 503) {
      // The database went away or was contended: worth watching, but not a defect with a stack.
      request.log.warn({ code: appError.code, cause: error.message }, 'request answered 503: retry later');
    } else if (appError.statusCode >= 500) {
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

/** Methods whose requests Fastify reads a body of, when one is sent. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Fastify refuses a body before the route runs, whatever the route: not JSON (400), larger than
 * the limit (413), of a media type nobody parses (415). Every operation that can be sent a body
 * documents them, beside the errors its own schema declares (which keep their own wording).
 */
function documentBodyRefusals(route: RouteOptions) {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!route.schema || !methods.some((method) => BODY_METHODS.has(method))) return;
  const response = (route.schema.response ?? {}) as Record<string, unknown>;
  route.schema.response = { ...errorResponses(400, 413, 415), ...response };
}

/**
 * Errors Fastify meets before a route is found (a path that is not valid percent-encoding, a
 * path parameter past the router's limit): the same shape as every other error.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return sendError(request, reply, toAppError(error));
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (malformed HTTP, headers too
 * large, too slow to arrive) are answered on the socket, still in the one error shape.
 */
export function clientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large. Send at most 16 KB of headers.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive. Send it again.']
        : [400, 'malformed_request', 'The request is not valid HTTP. Check how your client builds it.'];
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message, details: [], request_id: randomUUID() } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  // Set here too: an error Fastify meets before routing skips the hooks that usually set it.
  reply.code(error.statusCode).headers({ ...error.headers, 'x-request-id': request.id });
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
    case 'FST_ERR_BAD_URL':
      return new AppError(
        400,
        'invalid_path',
        'The address is not valid: a part of its path is not valid percent-encoding.',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError(414, 'path_too_long', 'The address is too long: no id or slug in a path is that long.');
  }
  // Fastify's JSON parser refuses keys that could poison prototypes (`__proto__`, `constructor.prototype`).
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new AppError(
      400,
      'invalid_json',
      /prototype/.test(error.message)
        ? 'The request body has a "__proto__" or "constructor" key, which is not accepted. Remove it.'
        : 'The request body is not valid JSON. Send a JSON object.',
    );
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
    case '22P05':
    case '22021':
    case '22003':
    case '22007':
    case '22008':
      return new AppError(400, 'invalid_request', 'A value in the request has the wrong format.');
  }
  if (pgError.code && CONTENTION.has(pgError.code)) {
    return retryLater(
      'busy',
      'This record is being changed by another request, so nothing was changed. Try again in a moment.',
    );
  }
  if (
    (pgError.code && (CONNECTION_LOST.has(pgError.code) || SOCKET_ERRORS.has(pgError.code))) ||
    LOST_CONNECTION_MESSAGE.test(pgError.message)
  ) {
    return retryLater(
      'database_unavailable',
      'The database could not be reached to finish this request. Try again in a moment.',
    );
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

function retryLater(code: string, message: string): AppError {
  return new AppError(503, code, message, [], { 'retry-after': String(RETRY_AFTER_SECONDS) });
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
