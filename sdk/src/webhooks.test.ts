import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from './index.js';

// The example of the Standard Webhooks reference library's tests and README.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** Signs as the spec says, with node:crypto alone, so the SDK is checked against the rule and not only itself. */
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const now = () => Math.floor(Date.now() / 1000);

function signed(secret: string, body = '{"type":"order.paid","data":{"id":"ord_1"}}', timestamp = now()) {
  return {
    body,
    headers: {
      'webhook-id': 'msg_2x9',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(secret, 'msg_2x9', timestamp, body),
    },
  };
}

function rejection(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error('the webhook was accepted');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('verifyWebhook', () => {
  it('accepts the Standard Webhooks example, signed at its time', () => {
    expect(sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
    vi.useFakeTimers({ now: (SPEC.timestamp + 30) * 1000, toFake: ['Date'] });
    const headers = {
      'webhook-id': SPEC.id,
      'webhook-timestamp': String(SPEC.timestamp),
      'webhook-signature': SPEC.signature,
    };
    expect(verifyWebhook(SPEC.body, headers, SPEC.secret)).toEqual({ test: 2432232314 });
    // The secret's prefix is optional, as in the reference library.
    expect(verifyWebhook(SPEC.body, headers, SPEC.secret.slice('whsec_'.length))).toEqual({ test: 2432232314 });
  });

  it('gives the payload from a plain object of headers, fetch Headers, or node:http headers', () => {
    const secret = newSecret();
    const { body, headers } = signed(secret);
    const payload = { type: 'order.paid', data: { id: 'ord_1' } };
    expect(verifyWebhook(body, headers, secret)).toEqual(payload);
    expect(verifyWebhook(body, new Headers(headers), secret)).toEqual(payload);
    const capitalized = {
      'Webhook-Id': headers['webhook-id'],
      'Webhook-Timestamp': headers['webhook-timestamp'],
      'Webhook-Signature': [headers['webhook-signature']],
      'content-type': 'application/json',
    };
    expect(verifyWebhook(new TextEncoder().encode(body), capitalized, secret)).toEqual(payload);
  });

  it('refuses a body changed after signing', () => {
    const secret = newSecret();
    const { body, headers } = signed(secret);
    const error = rejection(() => verifyWebhook(body.replace('ord_1', 'ord_2'), headers, secret));
    expect(error.reason).toBe('invalid_signature');
    expect(error.message).toMatch(/matches no signing secret/);
    expect(rejection(() => verifyWebhook(`${body} `, headers, secret)).reason).toBe('invalid_signature');
  });

  it('refuses another secret', () => {
    const { body, headers } = signed(newSecret());
    expect(rejection(() => verifyWebhook(body, headers, newSecret())).reason).toBe('invalid_signature');
  });

  it('refuses a timestamp more than 5 minutes away, in either direction', () => {
    const secret = newSecret();
    const old = signed(secret, '{}', now() - 6 * 60);
    const error = rejection(() => verifyWebhook(old.body, old.headers, secret));
    expect(error.reason).toBe('stale_timestamp');
    expect(error.message).toMatch(/signed 36\d s ago/);
    const early = signed(secret, '{}', now() + 6 * 60);
    expect(rejection(() => verifyWebhook(early.body, early.headers, secret)).reason).toBe('stale_timestamp');
    const recent = signed(secret, '{}', now() - 4 * 60);
    expect(verifyWebhook(recent.body, recent.headers, secret)).toEqual({});
  });

  it('refuses a request without the three headers, or with a timestamp that is not a number', () => {
    const secret = newSecret();
    const { body, headers } = signed(secret);
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const { [name]: _left, ...rest } = headers;
      const error = rejection(() => verifyWebhook(body, rest, secret));
      expect(error.reason).toBe('missing_headers');
      expect(error.message).toContain(`no ${name} header`);
    }
    const error = rejection(() => verifyWebhook(body, { ...headers, 'webhook-timestamp': 'yesterday' }, secret));
    expect(error.reason).toBe('invalid_timestamp');
  });

  it('accepts either secret while one is being rotated', () => {
    const [before, after] = [newSecret(), newSecret()];
    const { body, headers } = signed(before);
    // The sender signs with both secrets during the rotation…
    const both = {
      ...headers,
      'webhook-signature': `${headers['webhook-signature']} ${signed(after).headers['webhook-signature']}`,
    };
    expect(verifyWebhook(body, both, before)).toEqual(JSON.parse(body));
    expect(verifyWebhook(body, both, after)).toEqual(JSON.parse(body));
    expect(rejection(() => verifyWebhook(body, both, newSecret())).reason).toBe('invalid_signature');
    // …and a receiver that holds both accepts a message signed with either.
    expect(verifyWebhook(body, headers, [after, before])).toEqual(JSON.parse(body));
  });

  it('refuses a signed body that is not JSON, and says when the secret itself is malformed', () => {
    const secret = newSecret();
    const { body, headers } = signed(secret, 'not json');
    expect(rejection(() => verifyWebhook(body, headers, secret)).reason).toBe('invalid_payload');
    expect(() => verifyWebhook(body, headers, 'whsec_not base64!')).toThrow(TypeError);
    expect(() => verifyWebhook(body, headers, [])).toThrow(TypeError);
  });
});
