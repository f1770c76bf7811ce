import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  expectErrorShape,
  type Organizer,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';

let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://api.accessplus.example' });
  owner = await signUpOrganizer(t.app);
});
afterAll(() => t?.stop());

async function uploadedImage(organizer: Organizer, width: number, height: number): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: '#7a1f3d' } })
    .png()
    .toBuffer();
  const response = await t.app.inject({
    method: 'POST',
    url: '/v1/images',
    headers: { authorization: `Bearer ${organizer.token}`, 'content-type': 'image/png' },
    payload: png,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function publicBranding(organizer: Organizer) {
  const response = await t.app.inject({ method: 'GET', url: `/v1/public/organizers/${organizer.slug}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().branding;
}

describe('branding', () => {
  it("starts as the storefront's own look, every color readable, without storing a row", async () => {
    const organizer = await signUpOrganizer(t.app);
    const response = await as(t.app, organizer.token).get('/v1/organizer/branding');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      logo_image_id: null,
      favicon_image_id: null,
      hero_image_id: null,
      brand_color: null,
      background_color: null,
      text_color: null,
      font: 'system',
      logo: null,
      favicon: null,
      hero: null,
      updated_at: null,
    });
    expect(response.json().contrast.map((check: { passes: boolean }) => check.passes)).toEqual([true, true, true]);
    expect(await publicBranding(organizer)).toEqual({
      logo: null,
      favicon: null,
      hero: null,
      brand_color: null,
      brand_text_color: null,
      background_color: null,
      text_color: null,
      font: 'system',
    });
    const rows = await t.admin.query('select count(*)::int as n from brandings where tenant_id = $1', [
      organizer.organizerId,
    ]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('saves images, colors and a font, and the public organizer carries them', async () => {
    const [logo, favicon, hero] = await Promise.all([
      uploadedImage(owner, 600, 200),
      uploadedImage(owner, 512, 512),
      uploadedImage(owner, 1800, 600),
    ]);
    const client = as(t.app, owner.token);
    const saved = await client.patch('/v1/organizer/branding', {
      logo_image_id: logo,
      favicon_image_id: favicon,
      hero_image_id: hero,
      brand_color: '#7A1F3D',
      background_color: '#fdf8f3',
      text_color: '#222222',
      font: 'noto_serif',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      logo_image_id: logo,
      favicon_image_id: favicon,
      hero_image_id: hero,
      brand_color: '#7a1f3d',
      background_color: '#fdf8f3',
      text_color: '#222222',
      font: 'noto_serif',
      logo: { id: logo, width: 480, height: 160 },
      favicon: { id: favicon, width: 480, height: 480 },
    });
    expect(saved.json().hero.srcset).toContain('1600w');
    expect(saved.json().contrast.every((check: { passes: boolean }) => check.passes)).toBe(true);
    expect((await client.get('/v1/organizer/branding')).json()).toEqual(saved.json());

    const shown = await publicBranding(owner);
    expect(shown).toMatchObject({
      brand_color: '#7a1f3d',
      brand_text_color: '#ffffff',
      background_color: '#fdf8f3',
      text_color: '#222222',
      font: 'noto_serif',
      logo: { id: logo, url: saved.json().logo.url },
      favicon: { id: favicon },
      hero: { id: hero },
    });
    expect((await t.app.inject({ method: 'GET', url: new URL(shown.logo.url).pathname })).statusCode).toBe(200);

    const reset = await client.patch('/v1/organizer/branding', { logo_image_id: null, brand_color: null });
    expect(reset.json()).toMatchObject({ logo: null, brand_color: null, font: 'noto_serif', hero: { id: hero } });
    expect(await publicBranding(owner)).toMatchObject({ logo: null, brand_color: null, brand_text_color: null });
  });

  it('saves a color that reads badly, says so and suggests the nearest one that reads well', async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const pale = await client.patch('/v1/organizer/branding', { brand_color: '#f4c430' });
    expect(pale.statusCode, pale.body).toBe(200);
    expect(pale.json().brand_color).toBe('#f4c430');
    const check = pale.json().contrast.find((c: { field: string }) => c.field === 'brand_color');
    expect(check).toMatchObject({ field: 'brand_color', color: '#f4c430', passes: false });
    expect(check.ratio).toBeLessThan(4.5);
    expect(check.message).toContain('4.5:1');
    expect(check.suggestion).toMatch(/^#[0-9a-f]{6}$/);

    const taken = await client.patch('/v1/organizer/branding', { brand_color: check.suggestion });
    const after = taken.json().contrast.find((c: { field: string }) => c.field === 'brand_color');
    expect(after).toMatchObject({ passes: true, suggestion: null });
    expect(after.ratio).toBeGreaterThanOrEqual(4.5);

    // Text the color of the page is checked against the page, not only against itself.
    const text = await client.patch('/v1/organizer/branding', { text_color: '#f6f7f9' });
    const textCheck = text.json().contrast.find((c: { field: string }) => c.field === 'text_color');
    expect(textCheck).toMatchObject({ passes: false });
    expect(textCheck.ratio).toBeLessThan(1.1);
  });

  it("refuses another organizer's image, a favicon that is not square and bad values, beside their fields, saving nothing", async () => {
    const organizer = await signUpOrganizer(t.app);
    const client = as(t.app, organizer.token);
    const strangers = await uploadedImage(owner, 300, 300);
    const wide = await uploadedImage(organizer, 600, 200);

    const refused = expectErrorShape(
      await client.patch('/v1/organizer/branding', {
        logo_image_id: strangers,
        favicon_image_id: wide,
        brand_color: '#123456',
      }),
      422,
      'invalid_input',
    );
    expect(refused.details.map((detail: { field: string }) => detail.field)).toEqual([
      'body.logo_image_id',
      'body.favicon_image_id',
    ]);
    expect(refused.details[1]?.message).toContain('600 × 200');

    for (const [body, field] of [
      [{ brand_color: 'blue' }, 'body.brand_color'],
      [{ background_color: '#12345' }, 'body.background_color'],
      [{ text_color: '#gggggg' }, 'body.text_color'],
      [{ font: 'comic_sans' }, 'body.font'],
      [{ hero_image_id: 'not-an-id' }, 'body.hero_image_id'],
    ] as const) {
      const error = expectErrorShape(await client.patch('/v1/organizer/branding', body), 400);
      expect(error.details[0]?.field, JSON.stringify(body)).toBe(field);
    }
    const stored = (await client.get('/v1/organizer/branding')).json();
    expect(stored).toMatchObject({ updated_at: null, brand_color: null, logo: null, favicon: null });
  });

  it('lets only owners and admins read and change it', async () => {
    const organizer = await signUpOrganizer(t.app);
    const staff = (await signedInMember(t, organizer, 'staff')).client;
    const door = (await signedInMember(t, organizer, 'check_in')).client;
    const admin = (await signedInMember(t, organizer, 'admin')).client;
    for (const client of [staff, door]) {
      expectErrorShape(await client.get('/v1/organizer/branding'), 403, 'forbidden');
      expectErrorShape(await client.patch('/v1/organizer/branding', { font: 'noto_sans' }), 403, 'forbidden');
    }
    const changed = await admin.patch('/v1/organizer/branding', { font: 'noto_sans' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await admin.get('/v1/organizer/branding')).json().font).toBe('noto_sans');
  });
});

describe("buyers' emails", () => {
  it("carry the organizer's logo and color, the button text chosen to read on it", async () => {
    const organizer = await signUpOrganizer(t.app);
    const logo = await uploadedImage(organizer, 400, 100);
    const saved = await as(t.app, organizer.token).patch('/v1/organizer/branding', {
      logo_image_id: logo,
      brand_color: '#f4c430',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const email = `buyer-${organizer.slug}@example.org`;
    const before = t.buyerMail.sent.length;
    const asked = await t.app.inject({
      method: 'POST',
      url: `/v1/public/organizers/${organizer.slug}/customer/sign-in-links`,
      payload: { email },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const mail = await until(() => t.buyerMail.sent.slice(before).find((m) => m.to === email));
    expect(mail.brand).toEqual({
      logoUrl: saved.json().logo.url,
      buttonColor: '#f4c430',
      buttonTextColor: '#111827',
      // Too light to read as a link on the white card.
      linkColor: null,
    });
  });
});
