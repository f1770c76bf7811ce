import { execFileSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls, { type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createOutboundHttp, type OutboundHttp, type Resolver } from './outbound-http.ts';

interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  servername?: string;
}

interface Receiver {
  url: string;
  port: number;
  received: Received[];
  connections: number;
  close(): Promise<void>;
}

type Answer = (request: Received, response: http.ServerResponse) => void;

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((receiver) => receiver.close()));
});

/** A real HTTP(S) server on 127.0.0.1 that records what reaches it. */
async function receiver(answer: Answer, tlsOptions?: https.ServerOptions): Promise<Receiver> {
  const received: Received[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        servername: (req.socket as TLSSocket).servername || undefined,
      };
      received.push(request);
      answer(request, res);
    });
  };
  const server = tlsOptions ? https.createServer(tlsOptions, handler) : http.createServer(handler);
  const self: Receiver = {
    url: '',
    port: 0,
    received,
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on(tlsOptions ? 'secureConnection' : 'connection', () => {
    self.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.port = (server.address() as AddressInfo).port;
  self.url = `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${self.port}`;
  open.push(self);
  return self;
}

const ok: Answer = (_request, response) => response.writeHead(202, { 'content-type': 'text/plain' }).end('thanks');

/** Names only this resolver knows; `localhost` goes to the system's resolver as it would in production. */
function resolverOf(names: Record<string, string[]>) {
  const calls: string[] = [];
  const resolve: Resolver = async (hostname) => {
    calls.push(hostname);
    if (hostname === 'localhost') return lookup(hostname, { all: true });
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
}

const NAMES = {
  'hooks.example.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'receiver.test': ['127.0.0.1'],
  'intranet.test': ['10.1.2.3'],
  'half-inside.test': ['93.184.215.14', '10.0.0.5'],
  'metadata.test': ['169.254.169.254'],
};

describe('checkOutboundUrl', () => {
  const names = resolverOf(NAMES);
  const strict = createOutboundHttp(loadConfig({}), { resolve: names.resolve });
  const loopbackAllowed = createOutboundHttp(loadConfig({ OUTBOUND_ALLOW_LOOPBACK: 'true' }), {
    resolve: names.resolve,
  });
  afterAll(() => {
    strict.close();
    loopbackAllowed.close();
  });

  it.each([
    ['not an address', 'invalid_url', /not a web address/],
    ['ftp://files.example.test/', 'scheme_not_allowed', /starting with https:\/\//],
    ['https://alice:secret@hooks.example.test/', 'credentials_in_url', /user name and password/],
    [
      'https://hooks.example.test:22/',
      'port_not_allowed',
      /Port 22 is not allowed; use 443, 80 or a port from 1024 up/,
    ],
    ['http://127.0.0.1:8080/', 'address_not_allowed', /^127\.0\.0\.1 is a loopback address/],
    ['http://2130706433/', 'address_not_allowed', /^127\.0\.0\.1 is a loopback address/],
    ['http://[::1]:8080/', 'address_not_allowed', /^::1 is a loopback address/],
    ['http://[::ffff:127.0.0.1]/', 'address_not_allowed', /a form of 127\.0\.0\.1, a loopback address/],
    ['http://10.0.0.1/', 'address_not_allowed', /^10\.0\.0\.1 is a private network address; use a public address\.$/],
    ['http://172.16.4.4/', 'address_not_allowed', /a private network address/],
    ['http://192.168.1.1/', 'address_not_allowed', /a private network address/],
    ['http://[fc00::1]/', 'address_not_allowed', /a private network address/],
    ['http://169.254.169.254/latest/meta-data/', 'address_not_allowed', /the cloud metadata service/],
    ['http://[fd00:ec2::254]/', 'address_not_allowed', /the cloud metadata service/],
    ['http://169.254.10.10/', 'address_not_allowed', /a link-local address/],
    ['http://[fe80::1]/', 'address_not_allowed', /a link-local address/],
    ['http://100.64.0.1/', 'address_not_allowed', /carrier-grade NAT/],
    ['http://224.0.0.1/', 'address_not_allowed', /a multicast address/],
    ['http://0.0.0.0/', 'address_not_allowed', /an unspecified address/],
    ['http://255.255.255.255/', 'address_not_allowed', /the broadcast address/],
    ['http://240.0.0.1/', 'address_not_allowed', /a reserved address/],
    ['http://[64:ff9b::a00:1]/', 'address_not_allowed', /a form of 10\.0\.0\.1, a private network address/],
    ['http://[2002:a00:1::]/', 'address_not_allowed', /a form of 10\.0\.0\.1, a private network address/],
    ['http://[::ffff:169.254.169.254]/', 'address_not_allowed', /the cloud metadata service/],
    ['http://[::7f00:1]/', 'address_not_allowed', /a reserved address/],
    ['http://localhost:3000/', 'address_not_allowed', /^localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
    [
      'https://intranet.test/hooks',
      'address_not_allowed',
      /^intranet\.test resolves to 10\.1\.2\.3, a private network address; use a public address\.$/,
    ],
    ['https://half-inside.test/', 'address_not_allowed', /half-inside\.test resolves to 10\.0\.0\.5/],
    ['https://metadata.test/', 'address_not_allowed', /resolves to 169\.254\.169\.254, the cloud metadata service/],
    ['https://nowhere.test/', 'host_not_found', /No address was found for nowhere\.test/],
  ])('refuses %s (%s)', async (url, code, message) => {
    const result = await strict.checkOutboundUrl(url);
    expect(result).toMatchObject({ ok: false, kind: code === 'dns_failed' ? 'failed' : 'refused', code });
    expect(result.ok === false && result.message).toMatch(message);
  });

  it('accepts public addresses, and gives the address normalized with what its host resolves to', async () => {
    expect(await strict.checkOutboundUrl('https://Hooks.Example.TEST:443/in?src=accessplus')).toEqual({
      ok: true,
      url: 'https://hooks.example.test/in?src=accessplus',
      addresses: NAMES['hooks.example.test'],
    });
    expect(await strict.checkOutboundUrl('http://8.8.8.8:8080/')).toMatchObject({ ok: true, addresses: ['8.8.8.8'] });
    expect(await strict.checkOutboundUrl('https://[2606:4700::1111]/')).toMatchObject({
      ok: true,
      addresses: ['2606:4700::1111'],
    });
    // NAT64 and IPv4-mapped forms of a public address are that public address.
    expect(await strict.checkOutboundUrl('https://[64:ff9b::808:808]/')).toMatchObject({ ok: true });
  });

  it('with loopback allowed lets 127.0.0.0/8 and ::1 through, and nothing else', async () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://127.1.2.3/', 'http://[::1]:8080/', 'http://localhost:8080/']) {
      expect(await loopbackAllowed.checkOutboundUrl(url), url).toMatchObject({ ok: true });
    }
    for (const url of [
      'http://10.0.0.1/',
      'http://169.254.169.254/',
      'http://[::ffff:127.0.0.1]/',
      'http://100.64.0.1/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
      'https://intranet.test/',
    ]) {
      expect(await loopbackAllowed.checkOutboundUrl(url), url).toMatchObject({
        ok: false,
        code: 'address_not_allowed',
      });
    }
  });
});

describe('sendOutbound', () => {
  let strict: OutboundHttp;
  let loopbackAllowed: OutboundHttp;
  let names: ReturnType<typeof resolverOf>;
  beforeAll(() => {
    names = resolverOf(NAMES);
    strict = createOutboundHttp(loadConfig({}), { resolve: names.resolve });
    loopbackAllowed = createOutboundHttp(loadConfig({ OUTBOUND_ALLOW_LOOPBACK: 'true' }), { resolve: names.resolve });
  });
  afterAll(() => {
    strict.close();
    loopbackAllowed.close();
  });

  it('delivers to a receiver on loopback when loopback is allowed, and gives its answer', async () => {
    const target = await receiver(ok);
    const result = await loopbackAllowed.sendOutbound({
      url: `${target.url}/hooks?source=test`,
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', host: 'elsewhere.example' },
      body: '{"type":"order.paid"}',
    });
    expect(result).toMatchObject({ ok: true, status: 202, body: 'thanks', truncated: false });
    expect(result.ok && result.headers['content-type']).toBe('text/plain');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(target.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/hooks?source=test',
        body: '{"type":"order.paid"}',
        headers: expect.objectContaining({
          host: `127.0.0.1:${target.port}`,
          'webhook-id': 'msg_1',
          'content-type': 'application/json',
          'content-length': '21',
          'user-agent': 'AccessPlus/1.0',
        }),
      }),
    ]);
  });

  it("connects to the address it vetted: the name is looked up once, and kept-alive connections aren't looked up again", async () => {
    const target = await receiver(ok);
    names.calls.length = 0;
    // receiver.test exists only in the test's resolver: had the connection looked the name up itself, it would fail.
    const url = `http://receiver.test:${target.port}/hooks`;
    expect(await loopbackAllowed.sendOutbound({ url, body: '1' })).toMatchObject({ ok: true, status: 202 });
    expect(names.calls).toEqual(['receiver.test']);
    expect(target.received[0]?.headers.host).toBe(`receiver.test:${target.port}`);

    expect(await loopbackAllowed.sendOutbound({ url, body: '2' })).toMatchObject({ ok: true, status: 202 });
    expect(target.received.map((request) => request.body)).toEqual(['1', '2']);
    expect(target.connections).toBe(1);
    expect(names.calls).toEqual(['receiver.test']);
  });

  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/`, /^127\.0\.0\.1 is a loopback address/],
    ['10.0.0.1', (port: number) => `http://10.0.0.1:${port}/`, /^10\.0\.0\.1 is a private network address/],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', /the cloud metadata service/],
    ['[::1]', (port: number) => `http://[::1]:${port}/`, /^::1 is a loopback address/],
    ['[::ffff:127.0.0.1]', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`, /a form of 127\.0\.0\.1/],
    ['localhost', (port: number) => `http://localhost:${port}/`, /^localhost resolves to (127\.0\.0\.1|::1)/],
    ['receiver.test (127.0.0.1)', (port: number) => `http://receiver.test:${port}/`, /resolves to 127\.0\.0\.1/],
    ['intranet.test (10.1.2.3)', () => 'http://intranet.test/', /^intranet\.test resolves to 10\.1\.2\.3/],
  ])('refuses %s without loopback allowed, and nothing reaches the receiver', async (_name, url, message) => {
    const target = await receiver(ok);
    const result = await strict.sendOutbound({ url: url(target.port), body: '{}' });
    expect(result).toMatchObject({ ok: false, kind: 'refused', code: 'address_not_allowed' });
    expect(result.ok === false && result.message).toMatch(message);
    expect(target.connections).toBe(0);
    expect(target.received).toEqual([]);
  });

  it('does not follow a redirect, even to an address it would be allowed to reach', async () => {
    const inside = await receiver(ok);
    const redirecting = await receiver((_request, response) =>
      response.writeHead(302, { location: `http://127.0.0.1:${inside.port}/` }).end(),
    );
    const result = await loopbackAllowed.sendOutbound({ url: `${redirecting.url}/hooks`, body: '{}' });
    expect(result).toMatchObject({ ok: false, kind: 'failed', code: 'redirect_not_followed', status: 302 });
    expect(result.ok === false && result.message).toMatch(
      new RegExp(`answered 302 redirecting to http://127\\.0\\.0\\.1:${inside.port}/; redirects are not followed`),
    );
    expect(redirecting.received).toHaveLength(1);
    expect(inside.received).toEqual([]);
  });

  it('gives up on a receiver that does not answer, or does not finish its answer, within the timeout', async () => {
    const silent = await receiver(() => {});
    const silentResult = await loopbackAllowed.sendOutbound({ url: silent.url, body: '{}', timeoutMs: 300 });
    expect(silentResult).toMatchObject({ ok: false, kind: 'failed', code: 'timeout' });
    expect(silentResult.ok === false && silentResult.message).toMatch(/did not answer in full within 0\.3 s/);
    expect(silentResult.latencyMs).toBeGreaterThanOrEqual(290);
    expect(silentResult.latencyMs).toBeLessThan(5000);

    const dawdling = await receiver((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('working on it');
    });
    const dawdlingResult = await loopbackAllowed.sendOutbound({ url: dawdling.url, body: '{}', timeoutMs: 300 });
    expect(dawdlingResult).toMatchObject({ ok: false, code: 'timeout' });
  });

  it('reads a huge answer only up to the cap and keeps that much', async () => {
    const huge = await receiver((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('x'.repeat(1024 * 1024));
    });
    const capped = await loopbackAllowed.sendOutbound({ url: huge.url, body: '{}', maxResponseBytes: 1000 });
    expect(capped).toMatchObject({ ok: true, status: 500, truncated: true });
    expect(capped.ok && capped.body).toBe('x'.repeat(1000));

    const byDefault = await loopbackAllowed.sendOutbound({ url: huge.url, body: '{}' });
    expect(byDefault).toMatchObject({ ok: true, truncated: true });
    expect(byDefault.ok && byDefault.body.length).toBe(64 * 1024);

    const exact = await receiver((_request, response) => response.end('y'.repeat(1000)));
    expect(await loopbackAllowed.sendOutbound({ url: exact.url, body: '{}', maxResponseBytes: 1000 })).toMatchObject({
      ok: true,
      body: 'y'.repeat(1000),
      truncated: false,
    });
  });

  it('says when nothing listens at the address', async () => {
    const gone = await receiver(ok);
    await gone.close();
    const result = await loopbackAllowed.sendOutbound({ url: gone.url, body: '{}' });
    expect(result).toMatchObject({ ok: false, kind: 'failed', code: 'connection_failed' });
    expect(result.ok === false && result.message).toMatch(/refused the connection/);
  });

  it('refuses an address it cannot use before connecting', async () => {
    expect(await loopbackAllowed.sendOutbound({ url: 'ftp://127.0.0.1/' })).toMatchObject({
      code: 'scheme_not_allowed',
    });
    expect(await loopbackAllowed.sendOutbound({ url: 'http://a:b@127.0.0.1:8080/' })).toMatchObject({
      code: 'credentials_in_url',
    });
    expect(await loopbackAllowed.sendOutbound({ url: 'http://127.0.0.1:25/' })).toMatchObject({
      code: 'port_not_allowed',
    });
  });
});

describe('sendOutbound over TLS to a vetted address', () => {
  let scratch = '';
  let tlsOptions: https.ServerOptions;
  const names = resolverOf({ 'receiver.test': ['127.0.0.1'], 'impostor.test': ['127.0.0.1'] });
  const outbound = createOutboundHttp(loadConfig({ OUTBOUND_ALLOW_LOOPBACK: 'true' }), { resolve: names.resolve });

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'outbound-tls-'));
    const key = path.join(scratch, 'key.pem');
    const cert = path.join(scratch, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=receiver.test',
        '-addext',
        'subjectAltName=DNS:receiver.test',
      ],
      { stdio: 'pipe' },
    );
    tlsOptions = { key: await readFile(key), cert: await readFile(cert) };
    // This process trusts the test certificate as it trusts a public authority's.
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), (await readFile(cert)).toString()]);
  });
  afterAll(async () => {
    outbound.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('sends the name in SNI and Host, and checks the certificate against the name, not the address', async () => {
    const target = await receiver(ok, tlsOptions);
    const result = await outbound.sendOutbound({ url: `https://receiver.test:${target.port}/hooks`, body: '{}' });
    expect(result).toMatchObject({ ok: true, status: 202 });
    expect(target.received[0]).toMatchObject({
      servername: 'receiver.test',
      headers: expect.objectContaining({ host: `receiver.test:${target.port}` }),
    });

    const impostor = await outbound.sendOutbound({ url: `https://impostor.test:${target.port}/hooks`, body: '{}' });
    expect(impostor).toMatchObject({ ok: false, kind: 'failed', code: 'tls_failed' });
    expect(impostor.ok === false && impostor.message).toMatch(/needs a valid certificate for impostor\.test/);
    expect(target.received).toHaveLength(1);
  });
});
