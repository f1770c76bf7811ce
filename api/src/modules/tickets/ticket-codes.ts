/**
 * Signed ticket codes (what a ticket's QR code carries) and signed order access tokens, with Ed25519.
 *
 * Ticket code, version AP1 — verifiable offline with only the tenant's published JWK:
 *
 *   AP1.<kid>.<payload>.<signature>
 *
 * - The code is ASCII with exactly four parts separated by '.'; the first part is the literal `AP1`.
 * - `kid` is the signing key's id: 8 to 32 characters of the base64url alphabet `[A-Za-z0-9_-]` (keys generated here
 *   use 12). It selects the JWK with the same `kid`.
 * - `payload` is base64url without padding (RFC 4648 §5) of exactly 48 bytes, so exactly 64 characters:
 *   tenant id (16 bytes) ‖ event id (16 bytes) ‖ ticket id (16 bytes), each the 16 bytes of a UUID in its usual
 *   big-endian order (the 32 hex digits of the canonical form, in order). The ids are rendered back as lower-case
 *   canonical UUIDs, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
 * - `signature` is base64url without padding of the 64-byte Ed25519 signature (RFC 8032, pure Ed25519, no
 *   pre-hash, no context), so exactly 86 characters, whose last character encodes 2 bits followed by 4 zero bits
 *   (one of `AQgw`).
 * - The signed message is the ASCII bytes of the code up to, not including, the last '.': `AP1.<kid>.<payload>`.
 * - The public key is an RFC 8037 JWK `{ kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' }`, where `x`
 *   is base64url of the raw 32-byte public key; e.g. WebCrypto `importKey('jwk', jwk, { name: 'Ed25519' }, …)`.
 *
 * A verifier must reject anything else: another part count or prefix, characters outside the alphabet, padding,
 * wrong lengths, or a non-canonical encoding (one that does not re-encode to the same text), so that each ticket has
 * exactly one valid code per key.
 *
 * Order access token (a guest's link to one order): `<kid>.<signature>`, the signature being as above but over the
 * ASCII bytes of `order-access:<tenantId>:<orderId>` with both ids as lower-case canonical UUIDs. It does not expire;
 * it is only ever checked against the order and tenant it is presented for.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

export interface SigningKeyMaterial {
  id: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  /** PKCS#8 DER. */
  privateKeyDer: Buffer;
}

export interface PrivateSigningKey {
  id: string;
  privateKey: KeyObject;
}

export interface PublicSigningKey {
  id: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
}

export interface TicketClaims {
  tenantId: string;
  eventId: string;
  ticketId: string;
}

export type TicketCodeCheck =
  | { ok: true; keyId: string; claims: TicketClaims }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

const VERSION = 'AP1';
const KEY_ID = /^[A-Za-z0-9_-]{8,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAYLOAD_CHARS = 64; // 48 bytes
const SIGNATURE_CHARS = 86; // 64 bytes
// Lets verify reject oversized input before splitting it.
const MAX_CODE_LENGTH = VERSION.length + 1 + 32 + 1 + PAYLOAD_CHARS + 1 + SIGNATURE_CHARS;
const MAX_ORDER_TOKEN_LENGTH = 32 + 1 + SIGNATURE_CHARS;

export function generateSigningKey(): SigningKeyMaterial {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Ed25519 public key without x');
  return {
    id: randomBytes(9).toString('base64url'),
    publicKey: Buffer.from(jwk.x, 'base64url'),
    privateKeyDer: privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

export function privateSigningKey(id: string, privateKeyDer: Buffer): PrivateSigningKey {
  if (!KEY_ID.test(id)) throw new TypeError('Invalid signing key id');
  const privateKey = createPrivateKey({ key: privateKeyDer, format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('Signing key is not Ed25519');
  return { id, privateKey };
}

export function publicKeyJwk(key: PublicSigningKey): {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
} {
  return { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url'), kid: key.id, use: 'sig', alg: 'EdDSA' };
}

export function signTicketCode(key: PrivateSigningKey, claims: TicketClaims): string {
  const payload = Buffer.concat([
    uuidBytes(claims.tenantId, 'tenantId'),
    uuidBytes(claims.eventId, 'eventId'),
    uuidBytes(claims.ticketId, 'ticketId'),
  ]).toString('base64url');
  const signed = `${VERSION}.${key.id}.${payload}`;
  return `${signed}.${signAscii(key, signed)}`;
}

export function verifyTicketCode(code: string, keys: readonly PublicSigningKey[]): TicketCodeCheck {
  const parsed = parseTicketCode(code);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const candidates = keys.filter((key) => key.id === parsed.keyId);
  if (candidates.length === 0) return { ok: false, reason: 'unknown_key' };
  if (!candidates.some((key) => verifyAscii(key, parsed.signed, parsed.signature))) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true, keyId: parsed.keyId, claims: parsed.claims };
}

export function peekTicketCode(code: string): { keyId: string; claims: TicketClaims } | null {
  const parsed = parseTicketCode(code);
  return parsed && { keyId: parsed.keyId, claims: parsed.claims };
}

export function signOrderAccess(key: PrivateSigningKey, tenantId: string, orderId: string): string {
  return `${key.id}.${signAscii(key, orderAccessMessage(tenantId, orderId))}`;
}

export function verifyOrderAccess(
  token: string,
  keys: readonly PublicSigningKey[],
  tenantId: string,
  orderId: string,
): boolean {
  if (typeof token !== 'string' || token.length > MAX_ORDER_TOKEN_LENGTH) return false;
  if (!isUuid(tenantId) || !isUuid(orderId)) return false;
  const parts = token.split('.');
  if (parts.length !== 2) return false;
  const [keyId, encodedSignature] = parts as [string, string];
  if (!KEY_ID.test(keyId)) return false;
  const signature = decodeBase64url(encodedSignature, SIGNATURE_CHARS);
  if (!signature) return false;
  const message = orderAccessMessage(tenantId, orderId);
  return keys.some((key) => key.id === keyId && verifyAscii(key, message, signature));
}

interface ParsedTicketCode {
  keyId: string;
  claims: TicketClaims;
  signed: string;
  signature: Buffer;
}

function parseTicketCode(code: unknown): ParsedTicketCode | null {
  if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH) return null;
  const parts = code.split('.');
  if (parts.length !== 4) return null;
  const [version, keyId, encodedPayload, encodedSignature] = parts as [string, string, string, string];
  if (version !== VERSION || !KEY_ID.test(keyId)) return null;
  const payload = decodeBase64url(encodedPayload, PAYLOAD_CHARS);
  const signature = decodeBase64url(encodedSignature, SIGNATURE_CHARS);
  if (!payload || !signature) return null;
  return {
    keyId,
    claims: {
      tenantId: uuidString(payload.subarray(0, 16)),
      eventId: uuidString(payload.subarray(16, 32)),
      ticketId: uuidString(payload.subarray(32, 48)),
    },
    signed: `${version}.${keyId}.${encodedPayload}`,
    signature,
  };
}

/** Decodes only the one canonical encoding: Buffer.from alone would skip stray characters and ignore trailing bits. */
function decodeBase64url(text: string, length: number): Buffer | null {
  if (text.length !== length || !BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function orderAccessMessage(tenantId: string, orderId: string): string {
  if (!isUuid(tenantId) || !isUuid(orderId)) throw new TypeError('Order access needs UUID tenant and order ids');
  return `order-access:${tenantId.toLowerCase()}:${orderId.toLowerCase()}`;
}

function signAscii(key: PrivateSigningKey, message: string): string {
  return sign(null, Buffer.from(message, 'ascii'), key.privateKey).toString('base64url');
}

function verifyAscii(key: PublicSigningKey, message: string, signature: Buffer): boolean {
  const publicKey = publicKeyObject(key);
  if (!publicKey) return false;
  try {
    return verify(null, Buffer.from(message, 'ascii'), publicKey, signature);
  } catch {
    return false;
  }
}

// Keyed by the key bytes rather than the id alone, so two keys sharing an id can never be confused.
const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 1000;

function publicKeyObject(key: PublicSigningKey): KeyObject | null {
  if (!Buffer.isBuffer(key.publicKey) || key.publicKey.length !== 32) return null;
  const x = key.publicKey.toString('base64url');
  const cacheKey = `${key.id}.${x}`;
  let publicKey = publicKeyCache.get(cacheKey);
  if (!publicKey) {
    try {
      publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    } catch {
      return null;
    }
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
    publicKeyCache.set(cacheKey, publicKey);
  }
  return publicKey;
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function uuidBytes(value: string, name: string): Buffer {
  if (!isUuid(value)) throw new TypeError(`${name} is not a UUID`);
  return Buffer.from(value.replaceAll('-', ''), 'hex');
}

function uuidString(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
