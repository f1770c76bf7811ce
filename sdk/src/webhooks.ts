import { WebhookVerificationError as SignatureMismatch, Webhook } from 'standardwebhooks';

/** Why a webhook was not accepted. */
export type WebhookRejection =
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'stale_timestamp'
  | 'invalid_signature'
  | 'invalid_payload';

/** A request that is not a genuine, fresh webhook from Access Plus: answer it with a 4xx and ignore it. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly reason: WebhookRejection,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request's headers: a fetch `Headers`, or a plain object such as node:http's `request.headers`
 * (names in any case; a repeated header given as an array).
 */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** How far a webhook's timestamp may be from this machine's clock: the Standard Webhooks default. */
const TOLERANCE_SECONDS = 5 * 60;

/**
 * Checks a webhook's Standard Webhooks signature and timestamp, then gives its JSON payload.
 *
 * `body` must be the request's body exactly as received (read it raw, before any JSON parsing).
 * `secret` is the endpoint's `whsec_…` signing secret; while rotating it, pass the old and the new one.
 * Throws a WebhookVerificationError when a header is missing, the signature matches no secret, or the
 * timestamp is more than 5 minutes from now (a replayed or delayed request).
 */
export function verifyWebhook<Payload = unknown>(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
): Payload {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signature) {
    const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(
      (name) => name !== false,
    );
    throw new WebhookVerificationError(
      'missing_headers',
      `The request has no ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}: it is not a signed webhook, or something on the way removed its headers.`,
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookVerificationError(
      'invalid_timestamp',
      `The webhook-timestamp header is "${timestamp.slice(0, 40)}", not a number of seconds.`,
    );
  }
  const skew = Math.floor(Date.now() / 1000) - Number(timestamp);
  if (Math.abs(skew) > TOLERANCE_SECONDS) {
    throw new WebhookVerificationError(
      'stale_timestamp',
      `The webhook was signed ${Math.abs(skew)} s ${skew > 0 ? 'ago' : 'in the future'}, more than ${TOLERANCE_SECONDS} s from this machine's clock: it may be a replay, or this clock is off.`,
    );
  }
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) throw new TypeError('verifyWebhook needs the endpoint’s signing secret (whsec_…).');
  const signed = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
  const matches = secrets.some((candidate) => {
    try {
      webhookFor(candidate).verify(body, signed, { jsonParse: false });
      return true;
    } catch (error) {
      if (error instanceof SignatureMismatch) return false;
      throw error;
    }
  });
  if (!matches) {
    throw new WebhookVerificationError(
      'invalid_signature',
      'The webhook-signature matches no signing secret given: the body was changed on the way, or the secret is not this endpoint’s.',
    );
  }
  try {
    return JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as Payload;
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'The webhook’s signature is right but its body is not JSON.');
  }
}

function webhookFor(secret: string): Webhook {
  try {
    return new Webhook(secret);
  } catch {
    throw new TypeError('A signing secret is whsec_ followed by base64; check that the whole secret was copied.');
  }
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (isFetchHeaders(headers)) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

function isFetchHeaders(headers: WebhookHeaders): headers is Headers {
  return (
    (typeof Headers !== 'undefined' && headers instanceof Headers) ||
    (typeof headers.get === 'function' && typeof headers.has === 'function')
  );
}
