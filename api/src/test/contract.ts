import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REPO_ROOT } from '../config.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface MediaType {
  schema?: unknown;
}
interface DocumentedResponse {
  description?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, DocumentedResponse>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

/** One way an answer differs from the document: where, and what is wrong. */
export interface ContractViolation {
  /** `GET /v1/events/{event_id}`, or the request's own path when no route answered it. */
  operation: string;
  status: number;
  /** JSON pointer into the body, or empty when the violation is not about the body. */
  pointer: string;
  message: string;
}

export interface ObservedAnswer {
  method: string;
  /** The route pattern as Fastify declares it (`/v1/events/:event_id`); undefined when no route matched. */
  route: string | undefined;
  /** The path asked for, for answers no route gave. */
  url: string;
  status: number;
  contentType: string | undefined;
  /** The body as sent: text or bytes; null when it is streamed or empty. */
  body: string | Buffer | null;
}

const DOCUMENT_ID = 'openapi.json';
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Checks answers against an OpenAPI 3.1 document: the status must be one the operation documents,
 * the content type one that response lists, and a JSON body must match that response's schema.
 *
 * The schemas are JSON Schema 2020-12 (the dialect of OpenAPI 3.1), so Ajv's 2020 build validates
 * them as they are, `$ref`s included, with the document itself registered as the schema they
 * point into. Strict mode is off because OpenAPI adds keywords of its own (`example`, `xml`).
 * Ajv rather than a response-validator package: those on npm read OpenAPI 3.0, whose schemas
 * are a dialect of their own, and wrap the same Ajv.
 */
export class ResponseContract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateSchema: false }));
    // OpenAPI's own format for bytes; anything goes.
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(document as object, DOCUMENT_ID);
  }

  check(answer: ObservedAnswer): ContractViolation[] {
    // HEAD is GET without a body; OPTIONS is answered by the framework, not an operation.
    const method = answer.method === 'HEAD' ? 'get' : answer.method.toLowerCase();
    if (method === 'options') return [];
    const path = answer.route === undefined ? undefined : openApiPath(answer.route);
    const operation = path === undefined ? undefined : this.document.paths[path]?.[method];
    const name = `${method.toUpperCase()} ${path ?? answer.url.split('?')[0]}`;
    const violation = (pointer: string, message: string): ContractViolation => ({
      operation: name,
      status: answer.status,
      pointer,
      message,
    });

    if (path === undefined || !operation) {
      // No operation to hold it to (no route matched, or one the document leaves out): what is
      // left to check is that a refusal comes in the one error shape.
      if (path !== undefined) return [violation('', 'the operation is not in openapi/openapi.json')];
      if (answer.status < 400) return [];
      return this.checkBody(name, '#/components/schemas/Error', answer).map((issue) => violation(...issue));
    }

    const status = String(answer.status);
    const responseKey = [status, `${status[0]}XX`, 'default'].find((key) => key in operation.responses);
    if (!responseKey) {
      const documented = Object.keys(operation.responses).join(', ');
      return [violation('', `status ${status} is not a documented response (documented: ${documented})`)];
    }
    const response = operation.responses[responseKey] as DocumentedResponse;
    const media = answer.contentType?.split(';')[0]?.trim().toLowerCase();
    const documentedMedia = Object.keys(response.content ?? {});
    if (documentedMedia.length === 0) {
      // Fastify drops the body of a 204 itself (what reaches this hook is still the serialized `null`).
      const empty = answer.status === 204 || answer.body === null || answer.body.length === 0;
      return empty ? [] : [violation('', 'the response documents no body, but one was sent')];
    }
    if (!media || !documentedMedia.includes(media)) {
      return [
        violation(
          '',
          `content type ${media ?? '(none)'} is not documented for this response (documented: ${documentedMedia.join(', ')})`,
        ),
      ];
    }
    if (!JSON_MEDIA.test(media) || answer.method === 'HEAD') return [];
    const schema = ['paths', path, method, 'responses', responseKey, 'content', media, 'schema'];
    return this.checkBody(name, `#/${schema.map(escapePointer).join('/')}`, answer).map((issue) => violation(...issue));
  }

  private checkBody(name: string, schemaRef: string, answer: ObservedAnswer): [string, string][] {
    if (answer.body === null) return [['', 'a JSON body was expected, but the body was streamed or empty']];
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString());
    } catch {
      return [['', `the body is not JSON: ${answer.body.toString().slice(0, 80)}`]];
    }
    const ref = `${DOCUMENT_ID}${schemaRef}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      try {
        validate = this.ajv.compile({ $ref: ref });
      } catch (error) {
        return [['', `the documented schema of ${name} does not compile: ${(error as Error).message}`]];
      }
      this.validators.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => [error.instancePath || '/', describe(error)]);
  }
}

/** `/v1/events/:event_id` → `/v1/events/{event_id}`, as @fastify/swagger writes paths. */
export function openApiPath(route: string): string {
  return route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `has ${JSON.stringify(params.additionalProperty)}, which the schema does not allow`;
    case 'required':
      return `lacks ${JSON.stringify(params.missingProperty)}, which the schema requires`;
    case 'enum':
      return `${error.message}: ${JSON.stringify(params.allowedValues)}`;
    default:
      return error.message ?? error.keyword;
  }
}

export function formatViolation(violation: ContractViolation): string {
  const where = violation.pointer ? ` at ${violation.pointer}` : '';
  return `${violation.operation} → ${violation.status}${where}: ${violation.message}`;
}

let committed: ResponseContract | null = null;

/** The contract of the committed openapi/openapi.json, read once per test file. */
export function committedContract(): ResponseContract {
  committed ??= new ResponseContract(JSON.parse(readFileSync(`${REPO_ROOT}openapi/openapi.json`, 'utf8')));
  return committed;
}

/**
 * Holds every answer `app` gives (through `inject` or a real socket) to the committed document,
 * adding each distinct violation to `violations` once. Register it before the app is ready.
 */
export function watchContract(app: FastifyInstance, violations: string[], contract = committedContract()) {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const hidden = (request.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true;
    if (hidden) return payload;
    const found = contract.check({
      method: request.method,
      route: request.routeOptions.url,
      url: request.url,
      status: reply.statusCode,
      contentType: reply.getHeader('content-type')?.toString(),
      body:
        typeof payload === 'string' || Buffer.isBuffer(payload)
          ? decoded(payload, reply.getHeader('content-encoding'))
          : null,
    });
    for (const line of found.map(formatViolation)) {
      if (!violations.includes(line)) violations.push(line);
    }
    return payload;
  });
}

/** A body as it was before the `Content-Encoding` it went out in (public catalog answers are compressed). */
function decoded(body: string | Buffer, encoding: unknown): string | Buffer {
  switch (encoding) {
    case 'gzip':
      return gunzipSync(body);
    case 'br':
      return brotliDecompressSync(body);
    case 'deflate':
      return inflateSync(body);
    default:
      return body;
  }
}
