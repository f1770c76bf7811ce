import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Config } from '../config.ts';

/**
 * Requests to addresses that organizers type in (webhook endpoints). Such an address must never
 * reach our own network: a name is resolved, every address it resolves to is vetted, and the
 * connection goes to a vetted address without a second look-up, so a name that changes its answer
 * between the check and the connection (DNS rebinding) gains nothing.
 */
export interface OutboundHttp {
  /** For saving an address: its syntax, scheme, port and what its host resolves to now. */
  checkOutboundUrl(url: string): Promise<OutboundTarget | OutboundProblem>;
  /** One attempt: no redirect followed, one deadline for the answer's headers and body. */
  sendOutbound(request: OutboundRequest): Promise<OutboundAnswer | OutboundProblem>;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** An address a host name resolves to, as `dns.lookup(name, { all: true })` gives them. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundTarget {
  ok: true;
  /** The address as it will be used (normalized: lower-case host, punycode, default port left out). */
  url: string;
  /** What the host resolves to now; the IP itself when the address names one. */
  addresses: string[];
}

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** For the whole attempt: connecting, the answer's headers and its body. */
  timeoutMs?: number;
  /** Reading the answer's body stops here; what was read is kept. */
  maxResponseBytes?: number;
}

/** What the receiver answered (any status but a redirect). */
export interface OutboundAnswer {
  ok: true;
  status: number;
  headers: Record<string, string>;
  /** The body as text, at most maxResponseBytes of it. */
  body: string;
  /** The body went on past maxResponseBytes and was not read further. */
  truncated: boolean;
  latencyMs: number;
}

/** Refused: nothing was sent, the address may not or cannot be used as it is. */
export type OutboundRefusalCode =
  | 'invalid_url'
  | 'scheme_not_allowed'
  | 'credentials_in_url'
  | 'port_not_allowed'
  | 'host_not_found'
  | 'address_not_allowed';

/** Failed: the attempt was made and gave no usable answer; another attempt later may succeed. */
export type OutboundFailureCode =
  | 'dns_failed'
  | 'connection_failed'
  | 'tls_failed'
  | 'timeout'
  | 'redirect_not_followed'
  | 'response_failed';

export type OutboundProblem =
  | { ok: false; kind: 'refused'; code: OutboundRefusalCode; message: string; latencyMs?: number }
  | { ok: false; kind: 'failed'; code: OutboundFailureCode; message: string; status?: number; latencyMs?: number };

export interface OutboundOptions {
  /** How host names become addresses: `dns.lookup` unless a test gives a stand-in. */
  resolve?: Resolver;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_URL_LENGTH = 2048;
// Ports below 1024 are well-known services' (SSH, SMTP, …); a web receiver listens on 443, 80 or a high port.
const LOW_PORTS_ALLOWED = new Set([80, 443]);
// Headers that describe the connection or the body, which this module sets itself.
const MANAGED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

const USER_AGENT = 'AccessPlus/1.0';

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true });

export function createOutboundHttp(
  config: Pick<Config, 'outboundAllowLoopback'>,
  options: OutboundOptions = {},
): OutboundHttp {
  const allowLoopback = config.outboundAllowLoopback;
  const resolve = options.resolve ?? systemResolver;
  // Kept-alive connections per receiver; each new connection's address is vetted by `vettedLookup`.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
  };

  async function vettedAddresses(hostname: string): Promise<ResolvedAddress[] | OutboundProblem> {
    const literal = isIP(hostname);
    if (literal) {
      const reason = forbiddenBecause(ipaddr.parse(hostname), allowLoopback);
      if (reason) return refused('address_not_allowed', `${hostname} is ${reason}; use a public address.`);
      return [{ address: hostname, family: literal }];
    }
    let addresses: ResolvedAddress[];
    try {
      addresses = await resolve(hostname);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EAI_NONAME') {
        return refused('host_not_found', `No address was found for ${hostname}; check the spelling of the host name.`);
      }
      return failed('dns_failed', `Looking up ${hostname} failed (${code ?? 'no answer'}); try again in a moment.`);
    }
    if (addresses.length === 0) {
      return refused('host_not_found', `No address was found for ${hostname}; check the spelling of the host name.`);
    }
    for (const { address } of addresses) {
      if (!isIP(address)) return failed('dns_failed', `Looking up ${hostname} gave "${address}", not an IP address.`);
      const reason = forbiddenBecause(ipaddr.parse(address), allowLoopback);
      if (reason) {
        return refused('address_not_allowed', `${hostname} resolves to ${address}, ${reason}; use a public address.`);
      }
    }
    return addresses.map(({ address }) => ({ address, family: isIP(address) }));
  }

  /** Hands the socket the addresses just vetted, so nothing looks the name up again behind our back. */
  const vettedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    vettedAddresses(hostname).then(
      (result) => {
        if (!Array.isArray(result)) return callback(new OutboundStop(result), '', 0);
        const [first] = result;
        if (lookupOptions.all) return callback(null, result);
        if (first) return callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };

  return {
    async checkOutboundUrl(raw) {
      const target = parseTarget(raw);
      if ('ok' in target) return target;
      const addresses = await withDeadline(
        vettedAddresses(target.hostname),
        DEFAULT_TIMEOUT_MS,
        failed('dns_failed', `Looking up ${target.hostname} took too long; try again in a moment.`),
      );
      if (!Array.isArray(addresses)) return addresses;
      return { ok: true, url: target.url.href, addresses: addresses.map(({ address }) => address) };
    },

    async sendOutbound(request) {
      const started = performance.now();
      const latencyMs = () => Math.round(performance.now() - started);
      const target = parseTarget(request.url);
      if ('ok' in target) return target;
      // A name is vetted as each new connection looks it up; an IP in the address is never looked up.
      if (isIP(target.hostname)) {
        const vetted = await vettedAddresses(target.hostname);
        if (!Array.isArray(vetted)) return { ...vetted, latencyMs: latencyMs() };
      }
      const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const maxResponseBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const body = request.body === undefined ? undefined : Buffer.from(request.body);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers ?? {})) {
        if (!MANAGED_HEADERS.has(name.toLowerCase())) headers[name] = value;
      }
      if (body !== undefined) headers['content-length'] = String(body.length);
      // Some firewalls in front of receivers turn away requests that name no client.
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['user-agent'] = USER_AGENT;
      const { url, hostname } = target;
      const send = url.protocol === 'https:' ? https.request : http.request;

      return new Promise((resolvePromise) => {
        let settled = false;
        const finish = (result: OutboundAnswer | OutboundProblem) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolvePromise(result.ok ? result : { ...result, latencyMs: latencyMs() });
        };
        const req = send({
          protocol: url.protocol,
          host: hostname,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: request.method ?? 'POST',
          headers,
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup: vettedLookup,
        });
        const deadline = setTimeout(() => {
          finish(
            failed(
              'timeout',
              `${url.host} did not answer in full within ${seconds(timeoutMs)}; answer right away and do slow work afterwards.`,
            ),
          );
          req.destroy();
        }, timeoutMs);
        req.on('error', (error) => finish(problemFrom(error, url)));
        req.on('response', (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            const location = response.headers.location;
            finish(
              failed(
                'redirect_not_followed',
                `${url.host} answered ${status}${location ? ` redirecting to ${location.slice(0, 200)}` : ''}; redirects are not followed, so use the address it finally answers at.`,
                status,
              ),
            );
            response.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          const answer = (truncated: boolean): OutboundAnswer => ({
            ok: true,
            status,
            headers: flattenHeaders(response.headers),
            body: new TextDecoder().decode(Buffer.concat(chunks)),
            truncated,
            latencyMs: latencyMs(),
          });
          response.on('data', (chunk: Buffer) => {
            if (settled) return;
            if (size + chunk.length > maxResponseBytes) {
              chunks.push(chunk.subarray(0, maxResponseBytes - size));
              finish(answer(true));
              response.destroy();
              return;
            }
            chunks.push(chunk);
            size += chunk.length;
          });
          response.on('end', () => finish(answer(false)));
          response.on('error', (error) => finish(problemFrom(error, url)));
        });
        req.end(body);
      });
    },

    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/** Carries a refusal out of the socket's look-up to the request's error handler. */
class OutboundStop extends Error {
  constructor(readonly problem: OutboundProblem) {
    super(problem.message);
  }
}

function parseTarget(raw: string): { url: URL; hostname: string } | OutboundProblem {
  const example = 'it should look like https://example.org/webhooks';
  if (raw.length > MAX_URL_LENGTH) {
    return refused('invalid_url', `The address is longer than ${MAX_URL_LENGTH} characters; use a shorter one.`);
  }
  if (!URL.canParse(raw)) return refused('invalid_url', `This is not a web address: ${example}.`);
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refused('scheme_not_allowed', `Use an address starting with https:// (or http://); ${example}.`);
  }
  if (url.username || url.password) {
    return refused(
      'credentials_in_url',
      'Remove the user name and password from the address: addresses are shown in logs and must hold no secrets.',
    );
  }
  const port = url.port === '' ? null : Number(url.port);
  if (port !== null && port < 1024 && !LOW_PORTS_ALLOWED.has(port)) {
    return refused('port_not_allowed', `Port ${port} is not allowed; use 443, 80 or a port from 1024 up.`);
  }
  // WHATWG URLs already turn 2130706433, 0x7f.1 and the like into 127.0.0.1; IPv6 comes in brackets.
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (hostname === '') return refused('invalid_url', `The address has no host name: ${example}.`);
  return { url, hostname };
}

const CLOUD_METADATA = [ipaddr.parse('169.254.169.254'), ipaddr.parse('fd00:ec2::254')];
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

const WHY_NOT: Record<string, string> = {
  loopback: 'a loopback address (this server itself)',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  deprecatedSiteLocal: 'a private network address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address, shared and not public',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  teredo: 'a Teredo tunnel address',
  rfc6052: 'a local NAT64 address',
};

/**
 * Why a request may not go to this address, or null when it may: only public unicast addresses
 * pass (and loopback when allowed). IPv6 forms that carry an IPv4 address are judged by that address.
 */
function forbiddenBecause(ip: ipaddr.IPv4 | ipaddr.IPv6, allowLoopback: boolean): string | null {
  if (CLOUD_METADATA.some((metadata) => metadata.kind() === ip.kind() && metadata.toString() === ip.toString())) {
    return 'the cloud metadata service';
  }
  const range = ip.range();
  if (range === 'loopback' && allowLoopback) return null;
  if (ip.kind() === 'ipv6') {
    const inner = embeddedIPv4(ip as ipaddr.IPv6);
    if (inner) {
      // Loopback too: the allowance is for 127.0.0.0/8 and ::1 as written, not their disguises.
      const reason = forbiddenBecause(inner, false);
      return reason && `a form of ${inner.toString()}, ${reason}`;
    }
    if (range === 'unicast' && !ip.match(GLOBAL_UNICAST_V6)) return 'a reserved address';
  }
  if (range === 'unicast') return null;
  return WHY_NOT[range] ?? 'a reserved address';
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), translated, NAT64 (64:ff9b::/96) or 6to4 address. */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const [first = 0, second = 0, third = 0, , , , seventh = 0, eighth = 0] = ip.parts;
  const range = ip.range();
  const fromParts = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromParts(seventh, eighth);
  // 64:ff9b::/96 carries the address in its last 32 bits; the local-use 64:ff9b:1::/48 is refused whole.
  if (range === 'rfc6052' && first === 0x64 && second === 0xff9b && third === 0) return fromParts(seventh, eighth);
  if (range === '6to4') return fromParts(second, third);
  return null;
}

function problemFrom(error: Error, url: URL): OutboundProblem {
  if (error instanceof OutboundStop) return error.problem;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const where = url.host;
  if (code === 'ECONNREFUSED') {
    return failed('connection_failed', `${where} refused the connection; check that the receiver is running.`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return failed('connection_failed', `${where} closed the connection before answering in full.`);
  }
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code)) {
    return failed(
      'tls_failed',
      `The secure connection to ${where} failed (${error.message}); it needs a valid certificate for ${url.hostname}.`,
    );
  }
  if (code.startsWith('HPE_')) {
    return failed('response_failed', `${where} did not answer in HTTP (${error.message}).`);
  }
  return failed('connection_failed', `${where} could not be reached (${code || error.message}).`);
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function withDeadline<T>(work: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function refused(code: OutboundRefusalCode, message: string): OutboundProblem {
  return { ok: false, kind: 'refused', code, message };
}

function failed(code: OutboundFailureCode, message: string, status?: number): OutboundProblem {
  return status === undefined
    ? { ok: false, kind: 'failed', code, message }
    : { ok: false, kind: 'failed', code, message, status };
}
