import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  type PrivateSigningKey,
  type PublicSigningKey,
  peekTicketCode,
  privateSigningKey,
  publicKeyJwk,
  type SigningKeyMaterial,
  signOrderAccess,
  signTicketCode,
  type TicketClaims,
  verifyOrderAccess,
  verifyTicketCode,
} from './ticket-codes.ts';
import { ticketQrPng, ticketQrSvg } from './ticket-qr.ts';

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function keyPair(id?: string): { material: SigningKeyMaterial; signer: PrivateSigningKey; verifier: PublicSigningKey } {
  const material = generateSigningKey();
  const keyId = id ?? material.id;
  return {
    material,
    signer: privateSigningKey(keyId, material.privateKeyDer),
    verifier: { id: keyId, publicKey: material.publicKey },
  };
}

function claims(): TicketClaims {
  return { tenantId: randomUUID(), eventId: randomUUID(), ticketId: randomUUID() };
}

/** Every string that differs from `text` in exactly the character at `index`. */
function* substitutions(text: string, index: number, alphabet = `${BASE64URL_ALPHABET}.=+/ `): Generator<string> {
  for (const char of alphabet) {
    if (char !== text[index]) yield text.slice(0, index) + char + text.slice(index + 1);
  }
}

const primary = keyPair();

describe('signing keys', () => {
  it('generates Ed25519 keys with a 12-character base64url id and a raw 32-byte public key', () => {
    const { material } = primary;
    expect(material.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(material.publicKey).toHaveLength(32);
    expect(privateSigningKey(material.id, material.privateKeyDer).privateKey.asymmetricKeyType).toBe('ed25519');
    expect(generateSigningKey().id).not.toBe(material.id);
  });

  it('refuses private keys that are not Ed25519, and ids a code could not carry', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' });
    expect(() => privateSigningKey('abcdefghijkl', ec)).toThrow();
    expect(() => privateSigningKey('has.a.dot', primary.material.privateKeyDer)).toThrow();
    expect(() => privateSigningKey('short', primary.material.privateKeyDer)).toThrow();
  });

  it('publishes the public key as an RFC 8037 JWK', () => {
    const jwk = publicKeyJwk(primary.verifier);
    expect(jwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: primary.material.publicKey.toString('base64url'),
      kid: primary.material.id,
      use: 'sig',
      alg: 'EdDSA',
    });
    expect(jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('ticket codes', () => {
  it('round-trips the claims through sign and verify', () => {
    const ticket = claims();
    const code = signTicketCode(primary.signer, ticket);
    expect(code).toMatch(/^AP1\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{64}\.[A-Za-z0-9_-]{86}$/);
    const other = keyPair();
    expect(verifyTicketCode(code, [other.verifier, primary.verifier])).toEqual({
      ok: true,
      keyId: primary.material.id,
      claims: ticket,
    });
    expect(peekTicketCode(code)).toEqual({ keyId: primary.material.id, claims: ticket });
  });

  it('renders the ids as lower-case canonical UUIDs whatever case they were signed in', () => {
    const ticket = claims();
    const code = signTicketCode(primary.signer, {
      tenantId: ticket.tenantId.toUpperCase(),
      eventId: ticket.eventId.toUpperCase(),
      ticketId: ticket.ticketId,
    });
    expect(verifyTicketCode(code, [primary.verifier])).toMatchObject({ ok: true, claims: ticket });
  });

  it('refuses to sign ids that are not UUIDs', () => {
    expect(() => signTicketCode(primary.signer, { ...claims(), eventId: 'not-a-uuid' })).toThrow(TypeError);
    expect(() => signTicketCode(primary.signer, { ...claims(), ticketId: `{${randomUUID()}}` })).toThrow(TypeError);
  });

  it('reports an unknown key when no key has the code’s id', () => {
    const code = signTicketCode(primary.signer, claims());
    expect(verifyTicketCode(code, [])).toEqual({ ok: false, reason: 'unknown_key' });
    expect(verifyTicketCode(code, [keyPair().verifier])).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('reports a bad signature for a code signed by another key with the same id', () => {
    const impostor = keyPair(primary.material.id);
    const code = signTicketCode(impostor.signer, claims());
    expect(verifyTicketCode(code, [primary.verifier])).toEqual({ ok: false, reason: 'bad_signature' });
    // The verifier's key cache must not confuse the two keys that share an id.
    expect(verifyTicketCode(code, [impostor.verifier])).toMatchObject({ ok: true });
    expect(verifyTicketCode(code, [primary.verifier])).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a code with any single character changed, in any position', () => {
    const code = signTicketCode(primary.signer, claims());
    const payloadStart = code.indexOf('.', 4) + 1;
    const signatureStart = code.lastIndexOf('.') + 1;
    let tried = 0;
    for (let index = 0; index < code.length; index++) {
      for (const tampered of substitutions(code, index)) {
        const check = verifyTicketCode(tampered, [primary.verifier]);
        expect(check.ok, `${index}: ${tampered}`).toBe(false);
        // The payload has no spare bits, so any base64url substitution there still parses and must fail the signature.
        if (index >= payloadStart && index < signatureStart - 1 && BASE64URL_ALPHABET.includes(tampered[index] ?? '')) {
          expect(check).toEqual({ ok: false, reason: 'bad_signature' });
        }
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(code.length * 60);
  });

  it('rejects a code whose signature’s spare trailing bits were changed', () => {
    // The last signature character carries 2 bits and 4 zero bits; a lenient decoder would accept 'B' for 'A'.
    const code = signTicketCode(primary.signer, claims());
    const last = code.at(-1) ?? '';
    const sibling = BASE64URL_ALPHABET[BASE64URL_ALPHABET.indexOf(last) + 1] ?? '';
    expect(Buffer.from(code.slice(-2, -1) + sibling, 'base64url')).toEqual(Buffer.from(code.slice(-2), 'base64url'));
    expect(verifyTicketCode(code.slice(0, -1) + sibling, [primary.verifier])).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('rejects a code whose event or ticket id was swapped for another', () => {
    const ticket = claims();
    const code = signTicketCode(primary.signer, ticket);
    const [version, keyId, , signature] = code.split('.');
    for (const forged of [
      { ...ticket, eventId: randomUUID() },
      { ...ticket, ticketId: randomUUID() },
      { ...ticket, tenantId: randomUUID() },
      { tenantId: ticket.tenantId, eventId: ticket.ticketId, ticketId: ticket.eventId },
    ]) {
      const payload = Buffer.from(
        [forged.tenantId, forged.eventId, forged.ticketId].join('').replaceAll('-', ''),
        'hex',
      ).toString('base64url');
      const check = verifyTicketCode(`${version}.${keyId}.${payload}.${signature}`, [primary.verifier]);
      expect(check).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('reports anything that is not exactly the format as malformed', () => {
    const code = signTicketCode(primary.signer, claims());
    const [version, keyId, payload, signature] = code.split('.') as [string, string, string, string];
    const malformed = [
      '',
      '.',
      '...',
      'AP1',
      code.slice(0, -1),
      code.slice(1),
      `${code}.`,
      `.${code}`,
      `${code}A`,
      `${code}==`,
      `${code}\n`,
      ` ${code}`,
      `${version}.${keyId}.${payload}`,
      `${version}.${keyId}.${payload}.${signature}.${signature}`,
      `${version}.${keyId}..${payload}.${signature}`,
      `${version}.${keyId}.${payload.slice(0, 32)}.${payload.slice(32)}.${signature}`,
      `AP2.${keyId}.${payload}.${signature}`,
      `ap1.${keyId}.${payload}.${signature}`,
      `${version}.${keyId}.${payload.slice(0, -4)}.${signature}`,
      `${version}.${keyId}.${payload}AAAA.${signature}`,
      `${version}.${keyId}.${payload.replace(/.$/, '+')}.${signature}`,
      `${version}.${keyId}.${payload.replace(/.$/, '/')}.${signature}`,
      `${version}.${keyId}.${payload}.${signature.slice(0, -2)}==`,
      `${version}.${keyId.slice(0, 7)}.${payload}.${signature}`,
      `${version}.${keyId}${'x'.repeat(21)}.${payload}.${signature}`,
      `${version}.${keyId.replace(/^./, '%')}.${payload}.${signature}`,
      `${version}.${keyId}.${payload}.${signature.replace(/^./, 'é')}`,
      'x'.repeat(100_000),
      `${code}${'.'.repeat(100_000)}`,
      'A'.repeat(100_000),
    ];
    for (const text of malformed) {
      expect(verifyTicketCode(text, [primary.verifier]), text.slice(0, 200)).toEqual({
        ok: false,
        reason: 'malformed',
      });
      expect(peekTicketCode(text)).toBeNull();
    }
    // Every truncation of a code is malformed too.
    for (let length = 0; length < code.length; length++) {
      expect(verifyTicketCode(code.slice(0, length), [primary.verifier])).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('never throws on hostile input, and never lets arbitrary text verify', () => {
    const keys = [primary.verifier, { id: 'brokenkey123', publicKey: Buffer.alloc(31) }];
    for (const value of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(verifyTicketCode(value as unknown as string, keys)).toEqual({ ok: false, reason: 'malformed' });
      expect(peekTicketCode(value as unknown as string)).toBeNull();
    }
    const wellFormed = fc.stringMatching(
      new RegExp(
        `^AP1\\.(${primary.material.id}|brokenkey123|[A-Za-z0-9_-]{8,32})\\.[A-Za-z0-9_-]{64}\\.[A-Za-z0-9_-]{85}[AQgw]$`,
      ),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 400 }), wellFormed), (text) => {
        const check = verifyTicketCode(text, keys);
        expect(check.ok).toBe(false);
        peekTicketCode(text);
        expect(verifyOrderAccess(text, keys, randomUUID(), randomUUID())).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('can be verified offline with only the published JWK, by WebCrypto, following the documented format', async () => {
    const ticket = claims();
    const code = signTicketCode(primary.signer, ticket);
    const jwks = [publicKeyJwk(keyPair().verifier), publicKeyJwk(primary.verifier)];
    // Round-trip through JSON, as a scanner would receive the keys.
    const published = JSON.parse(JSON.stringify({ keys: jwks })) as { keys: typeof jwks };

    // Only web-platform APIs below: what a scanner app has.
    const fromBase64url = (text: string): Uint8Array<ArrayBuffer> => {
      const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
      return Uint8Array.from(binary, (char) => char.charCodeAt(0));
    };
    const uuid = (bytes: Uint8Array): string => {
      const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    const scan = async (text: string) => {
      const match = /^AP1\.([A-Za-z0-9_-]{8,32})\.([A-Za-z0-9_-]{64})\.([A-Za-z0-9_-]{85}[AQgw])$/.exec(text);
      if (!match) return null;
      const [, kid, payload, signature] = match as unknown as [string, string, string, string];
      const jwk = published.keys.find((key) => key.kid === kid);
      if (!jwk) return null;
      const key = await globalThis.crypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['verify']);
      const signed = new TextEncoder().encode(text.slice(0, text.lastIndexOf('.')));
      if (!(await globalThis.crypto.subtle.verify('Ed25519', key, fromBase64url(signature), signed))) return null;
      const ids = fromBase64url(payload);
      return {
        tenantId: uuid(ids.subarray(0, 16)),
        eventId: uuid(ids.subarray(16, 32)),
        ticketId: uuid(ids.subarray(32)),
      };
    };

    expect(await scan(code)).toEqual(ticket);
    const signatureStart = code.lastIndexOf('.') + 1;
    for (const index of [5, signatureStart - 2, signatureStart, code.length - 2]) {
      const tampered = code.slice(0, index) + (code[index] === 'A' ? 'B' : 'A') + code.slice(index + 1);
      expect(await scan(tampered)).toBeNull();
    }
    expect(await scan(signTicketCode(keyPair(primary.material.id).signer, ticket))).toBeNull();
  });
});

describe('order access tokens', () => {
  const tenantId = randomUUID();
  const orderId = randomUUID();

  it('verifies for the order and tenant it was signed for', () => {
    const token = signOrderAccess(primary.signer, tenantId, orderId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{86}$/);
    expect(verifyOrderAccess(token, [keyPair().verifier, primary.verifier], tenantId, orderId)).toBe(true);
    expect(verifyOrderAccess(token, [primary.verifier], tenantId.toUpperCase(), orderId.toUpperCase())).toBe(true);
  });

  it('fails for another order or tenant, a tampered token, or an unknown or impostor key', () => {
    const token = signOrderAccess(primary.signer, tenantId, orderId);
    const keys = [primary.verifier];
    expect(verifyOrderAccess(token, keys, tenantId, randomUUID())).toBe(false);
    expect(verifyOrderAccess(token, keys, randomUUID(), orderId)).toBe(false);
    expect(verifyOrderAccess(token, keys, orderId, tenantId)).toBe(false);
    expect(verifyOrderAccess(token, keys, tenantId, 'not-a-uuid')).toBe(false);
    expect(verifyOrderAccess(token, [], tenantId, orderId)).toBe(false);
    expect(verifyOrderAccess(token, [keyPair(primary.material.id).verifier], tenantId, orderId)).toBe(false);
    for (let index = 0; index < token.length; index++) {
      for (const tampered of substitutions(token, index)) {
        expect(verifyOrderAccess(tampered, keys, tenantId, orderId), tampered).toBe(false);
      }
    }
    for (const text of ['', token.slice(0, -1), `${token}.`, `${token}A`, `x.${token}`, 'y'.repeat(100_000)]) {
      expect(verifyOrderAccess(text, keys, tenantId, orderId)).toBe(false);
    }
  });

  it('is not interchangeable with a ticket code', () => {
    const token = signOrderAccess(primary.signer, tenantId, orderId);
    const code = signTicketCode(primary.signer, { tenantId, eventId: randomUUID(), ticketId: orderId });
    expect(verifyTicketCode(token, [primary.verifier]).ok).toBe(false);
    expect(verifyOrderAccess(code, [primary.verifier], tenantId, orderId)).toBe(false);
    expect(
      verifyOrderAccess(`${code.split('.')[1]}.${code.split('.')[3]}`, [primary.verifier], tenantId, orderId),
    ).toBe(false);
  });
});

describe('QR images', () => {
  const code = signTicketCode(primary.signer, claims());

  it('renders a standalone SVG', async () => {
    const svg = await ticketQrSvg(code);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/<path [^>]*d="M/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('renders a PNG of the requested width, 512 by default, clamped to 128–1024', async () => {
    const cases: [number | undefined, number][] = [
      [undefined, 512],
      [300, 300],
      [333, 333],
      // Widths at which qrcode's own floating point arithmetic would yield one pixel less.
      [229, 229],
      [501, 501],
      [1000, 1000],
      [99.7, 128],
      [Number.NaN, 512],
      [10, 128],
      [5000, 1024],
    ];
    for (const [requested, expected] of cases) {
      const png = await ticketQrPng(code, requested);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBe(expected);
      expect(png.readUInt32BE(20)).toBe(expected);
    }
  });

  // No QR decoder is installed, so instead of decoding, check the PNG's pixels against the symbol qrcode builds for
  // the code (error correction M), module by module. Sampling module centres on an ideal grid needs a few pixels per
  // module, hence no 128 px case.
  it('draws the QR symbol that carries the code', async () => {
    const symbol = QRCode.create(code, { errorCorrectionLevel: 'M' });
    const carried = symbol.segments
      .map((segment) =>
        typeof segment.data === 'string' ? segment.data : Buffer.from(segment.data).toString('latin1'),
      )
      .join('');
    expect(carried).toBe(code);
    for (const width of [333, 512, 1024]) {
      const image = decodePng(await ticketQrPng(code, width));
      const modules = symbol.modules.size;
      const scale = image.width / (modules + 2 * 2);
      const dark = (row: number, column: number): boolean =>
        image.luminance(Math.floor((column + 0.5) * scale), Math.floor((row + 0.5) * scale)) < 128;
      for (let row = 0; row < modules + 4; row++) {
        for (let column = 0; column < modules + 4; column++) {
          const inSymbol = row >= 2 && column >= 2 && row < modules + 2 && column < modules + 2;
          const expected = inSymbol && symbol.modules.get(row - 2, column - 2) === 1;
          expect(dark(row, column), `${width}px module ${row},${column}`).toBe(expected);
        }
      }
    }
  });
});

/** Just enough of PNG to read back an 8-bit, non-interlaced, grey or RGB(A) image. */
function decodePng(png: Buffer): { width: number; height: number; luminance: (x: number, y: number) => number } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [bitDepth, colorType, , , interlace] = png.subarray(24, 29);
  expect(bitDepth).toBe(8);
  expect(interlace).toBe(0);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType ?? -1];
  if (!channels) throw new Error(`Unsupported color type ${colorType}`);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    luminance: (x, y) => {
      const at = (y * width + x) * channels;
      if (channels < 3) return pixels[at] ?? 0;
      return ((pixels[at] ?? 0) + (pixels[at + 1] ?? 0) + (pixels[at + 2] ?? 0)) / 3;
    },
  };
}
