import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
// The SDK's own source, as an integrator's receiver runs it; not a dependency of the API's image.
import { verifyWebhook, WebhookVerificationError } from '../../../sdk/src/index.ts';
import { loadConfig } from '../config.ts';
import { createOutboundHttp } from './outbound-http.ts';
import { newWebhookSecret, signWebhook } from './webhook-signature.ts';

const body = JSON.stringify({ type: 'order.paid', data: { id: 'ord_7', total_cents: 4500 } });

function verified(headers: Record<string, string>, secret: string | string[], payload = body) {
  try {
    return verifyWebhook(payload, headers, secret);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe('webhook signatures', () => {
  it('makes secrets of whsec_ and 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('signs the Standard Webhooks example as the spec does', () => {
    expect(
      signWebhook({
        id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        timestamp: new Date(1614265330 * 1000),
        body: '{"test": 2432232314}',
        secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      }),
    ).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('signs what the SDK verifies, and nothing else', () => {
    const secret = newWebhookSecret();
    const timestamp = new Date();
    const headers = { ...signWebhook({ id: 'msg_1', timestamp, body, secrets: [secret] }) };
    const seconds = Math.floor(timestamp.getTime() / 1000);
    const hmac = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`msg_1.${seconds}.${body}`)
      .digest('base64');
    expect(headers).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(seconds),
      'webhook-signature': `v1,${hmac}`,
    });

    expect(verified(headers, secret)).toEqual(JSON.parse(body));
    expect(verified(headers, secret, body.replace('4500', '450'))).toBe('invalid_signature');
    expect(verified(headers, newWebhookSecret())).toBe('invalid_signature');
    expect(verified({ ...headers, 'webhook-id': 'msg_2' }, secret)).toBe('invalid_signature');

    const late = signWebhook({ id: 'msg_1', timestamp: new Date(Date.now() - 10 * 60_000), body, secrets: [secret] });
    expect(verified({ ...late }, secret)).toBe('stale_timestamp');
  });

  it('signs with every secret while one is rotated, so either verifies', () => {
    const [before, after] = [newWebhookSecret(), newWebhookSecret()];
    const headers = { ...signWebhook({ id: 'msg_3', timestamp: new Date(), body, secrets: [before, after] }) };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verified(headers, before)).toEqual(JSON.parse(body));
    expect(verified(headers, after)).toEqual(JSON.parse(body));
    expect(verified(headers, newWebhookSecret())).toBe('invalid_signature');
    expect(() => signWebhook({ id: 'msg_4', timestamp: new Date(), body, secrets: [] })).toThrow();
  });

  it('arrives verifiable at a receiver over HTTP', async () => {
    const secret = newWebhookSecret();
    const outcomes: unknown[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          outcomes.push(verifyWebhook(Buffer.concat(chunks), req.headers, secret));
          res.writeHead(204).end();
        } catch (error) {
          outcomes.push(error instanceof WebhookVerificationError ? error.reason : error);
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const outbound = createOutboundHttp(loadConfig({ OUTBOUND_ALLOW_LOOPBACK: 'true' }));
    onTestFinished(() => {
      outbound.close();
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const headers = {
      'content-type': 'application/json',
      ...signWebhook({ id: 'msg_5', timestamp: new Date(), body, secrets: [secret] }),
    };

    expect(await outbound.sendOutbound({ url, headers, body })).toMatchObject({ ok: true, status: 204 });
    expect(await outbound.sendOutbound({ url, headers, body: body.replace('ord_7', 'ord_8') })).toMatchObject({
      ok: true,
      status: 400,
    });
    expect(outcomes).toEqual([JSON.parse(body), 'invalid_signature']);
  });
});
