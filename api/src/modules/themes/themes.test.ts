import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyOf,
  as,
  expectErrorShape,
  type Organizer,
  putOnPlan,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';

let t: TestApp;
let pro: Organizer;

const IMAGES = 'https://api.accessplus.example/v1/images/';

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://api.accessplus.example' });
  pro = await signUpOrganizer(t.app);
  await putOnPlan(t, pro, 'pro');
});
afterAll(() => t?.stop());

async function publicTheme(organizer: Organizer, preview?: string) {
  const query = preview === undefined ? '' : `?preview=${encodeURIComponent(preview)}`;
  return t.app.inject({ method: 'GET', url: `/v1/public/organizers/${organizer.slug}/theme${query}` });
}

async function themeVersionOnProfile(organizer: Organizer) {
  const response = await t.app.inject({ method: 'GET', url: `/v1/public/organizers/${organizer.slug}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().theme_version;
}

async function newProOrganizer() {
  const organizer = await signUpOrganizer(t.app);
  await putOnPlan(t, organizer, 'pro');
  return organizer;
}

describe('a theme draft', () => {
  it('starts empty, with nothing published and nothing stored', async () => {
    const organizer = await newProOrganizer();
    const response = await as(t.app, organizer.token).get('/v1/organizer/theme');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      available: true,
      draft: { header: null, footer: null, home_hero: null, event_sections: null, css: null, updated_at: null },
      check: { publishable: true },
      live_version: null,
      preview_expires_at: null,
      versions: [],
    });
    expect((await publicTheme(organizer)).json()).toEqual({
      version: null,
      preview: false,
      header: null,
      footer: null,
      home_hero: null,
      event_sections: null,
      css: '',
      image_prefixes: [IMAGES],
    });
    expect(await themeVersionOnProfile(organizer)).toBeNull();
  });

  it('is saved with its check, fatal findings included, and buyers see none of it', async () => {
    const organizer = await newProOrganizer();
    const saved = await as(t.app, organizer.token).patch('/v1/organizer/theme/draft', {
      header: '<h2>{{organizer.name}}</h2><script>alert(1)</script>',
      event_sections: '{{#each events}}{{name}}{{/each}}',
      css: '@import url(https://evil.example/x.css); .hero { color: #222 }',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const theme = saved.json();
    expect(theme.draft.header).toBe('<h2>{{organizer.name}}</h2><script>alert(1)</script>');
    expect(theme.check.publishable).toBe(false);
    expect(
      theme.check.findings.map((finding: { level: string; part: string }) => `${finding.level} ${finding.part}`),
    ).toEqual(['fatal event_sections', 'error header', 'error css']);
    expect(theme.check.findings[0].message).toMatch(/"events" is not available in this section/);
    expect(theme.check.findings[1].message).toBe('<script> is not allowed in a theme and is left out.');

    const publish = await as(t.app, organizer.token).post('/v1/organizer/theme/publish');
    expect(publish.statusCode, publish.body).toBe(422);
    expectErrorShape(publish, 422, 'theme_not_publishable');
    expect(publish.json().error.details).toEqual([
      { field: 'draft.event_sections', message: expect.stringMatching(/^Line 1: "events" is not available/) },
    ]);
    expect((await publicTheme(organizer)).json().version).toBeNull();
    const versions = await t.admin.query('select count(*)::int as n from theme_versions where tenant_id = $1', [
      organizer.organizerId,
    ]);
    expect(versions.rows[0].n).toBe(0);
  });

  it('refuses templates over the size limit and unknown fields with 400', async () => {
    const tooLong = await as(t.app, pro.token).patch('/v1/organizer/theme/draft', { footer: 'x'.repeat(20_001) });
    expect(tooLong.statusCode).toBe(400);
    expectErrorShape(tooLong, 400, 'invalid_request');
    const unknown = await as(t.app, pro.token).patch('/v1/organizer/theme/draft', { script: 'x' });
    expect(unknown.statusCode).toBe(400);
    const empty = await as(t.app, pro.token).patch('/v1/organizer/theme/draft', {});
    expect(empty.statusCode).toBe(400);
  });
});

describe('publishing and rolling back', () => {
  it('publishes versions, keeps the last ten, rolls back and unpublishes', async () => {
    const organizer = await newProOrganizer();
    const owner = as(t.app, organizer.token);
    for (let version = 1; version <= 12; version += 1) {
      const draft = await owner.patch('/v1/organizer/theme/draft', {
        header: `<h2>{{organizer.name}} v${version}</h2>`,
        css: `.v${version} { color: red; background: url(${IMAGES}a.webp) } .x { background: url(https://evil.example/p.png) }`,
      });
      expect(draft.statusCode, draft.body).toBe(200);
      const published = await owner.post('/v1/organizer/theme/publish');
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json().live_version).toBe(version);
    }
    const live = (await publicTheme(organizer)).json();
    expect(live).toMatchObject({ version: 12, preview: false, header: '<h2>{{organizer.name}} v12</h2>' });
    // Published as cleaned: the foreign image is gone, the organizer's own stays.
    expect(live.css).toBe(`.v12{color:red;background:url(${IMAGES}a.webp)}.x{}`);
    expect(await themeVersionOnProfile(organizer)).toBe(12);

    const theme = (await owner.get('/v1/organizer/theme')).json();
    expect(theme.versions.map((version: { version: number }) => version.version)).toEqual([
      12, 11, 10, 9, 8, 7, 6, 5, 4, 3,
    ]);
    expect(theme.versions[0].live).toBe(true);

    const restored = await owner.post('/v1/organizer/theme/versions/11/restore');
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().live_version).toBe(11);
    expect((await publicTheme(organizer)).json()).toMatchObject({
      version: 11,
      header: '<h2>{{organizer.name}} v11</h2>',
    });
    expect(await themeVersionOnProfile(organizer)).toBe(11);
    // The draft is left as it was.
    expect(restored.json().draft.header).toBe('<h2>{{organizer.name}} v12</h2>');

    const gone = await owner.post('/v1/organizer/theme/versions/1/restore');
    expect(gone.statusCode).toBe(404);
    expectErrorShape(gone, 404, 'not_found');

    // Rolled back to 3, then publishing twice more keeps the live version whatever its age.
    expect((await owner.post('/v1/organizer/theme/versions/3/restore')).statusCode).toBe(200);
    const edited = await owner.post('/v1/organizer/theme/versions/3/edit');
    expect(edited.json().draft.header).toBe('<h2>{{organizer.name}} v3</h2>');
    expect(edited.json().live_version).toBe(3);

    const unpublished = await owner.post('/v1/organizer/theme/unpublish');
    expect(unpublished.json().live_version).toBeNull();
    expect((await publicTheme(organizer)).json().version).toBeNull();
    expect(await themeVersionOnProfile(organizer)).toBeNull();
  });
});

describe('preview links', () => {
  it('show the draft for 48 hours to whoever has the link, and a new link replaces the old', async () => {
    const organizer = await newProOrganizer();
    const owner = as(t.app, organizer.token);
    await owner.patch('/v1/organizer/theme/draft', { footer: '<p>Live footer</p>' });
    await owner.post('/v1/organizer/theme/publish');
    await owner.patch('/v1/organizer/theme/draft', { footer: '<p>Draft footer</p>', css: 'p { color: blue }' });

    const created = await owner.post('/v1/organizer/theme/preview-links');
    expect(created.statusCode, created.body).toBe(201);
    const { url, expires_at } = created.json();
    const link = new URL(url);
    expect(link.origin).toBe(`http://${organizer.slug}.localhost:5173`);
    const token = link.searchParams.get('theme_preview') as string;
    expect(token).toMatch(/^[\w-]{43}$/);
    const hours = (Date.parse(expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);

    const preview = await publicTheme(organizer, token);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.headers['cache-control']).toBe('private, no-store');
    expect(preview.json()).toMatchObject({
      version: null,
      preview: true,
      footer: '<p>Draft footer</p>',
      css: 'p{color:blue}',
    });
    expect((await publicTheme(organizer)).json()).toMatchObject({ version: 1, footer: '<p>Live footer</p>' });

    // Another organizer's storefront does not open with this token.
    const other = await newProOrganizer();
    const elsewhere = await publicTheme(other, token);
    expect(elsewhere.statusCode).toBe(404);
    expectErrorShape(elsewhere, 404, 'theme_preview_expired');

    const replaced = (await owner.post('/v1/organizer/theme/preview-links')).json();
    expect((await publicTheme(organizer, token)).statusCode).toBe(404);
    const newToken = new URL(replaced.url).searchParams.get('theme_preview') as string;
    expect((await publicTheme(organizer, newToken)).statusCode).toBe(200);

    await t.admin.query(`update themes set preview_expires_at = now() - interval '1 second' where tenant_id = $1`, [
      organizer.organizerId,
    ]);
    const expired = await publicTheme(organizer, newToken);
    expect(expired.statusCode).toBe(404);
    expect(expired.json().error.message).toBe(
      'This preview link has expired or was replaced by a newer one. Ask the organizer for a new link.',
    );
    expect((await owner.get('/v1/organizer/theme')).json().preview_expires_at).toBeNull();
  });
});

describe('who may', () => {
  it('keeps themes to Pro and Enterprise, and a downgrade brings back the storefront’s own look', async () => {
    const organizer = await newProOrganizer();
    const owner = as(t.app, organizer.token);
    await owner.patch('/v1/organizer/theme/draft', { header: '<h2>Pro</h2>' });
    expect((await owner.post('/v1/organizer/theme/publish')).statusCode).toBe(200);
    const link = new URL((await owner.post('/v1/organizer/theme/preview-links')).json().url);
    expect((await publicTheme(organizer)).json().version).toBe(1);

    await putOnPlan(t, organizer, 'basic');
    expect((await publicTheme(organizer)).json()).toMatchObject({ version: null, header: null });
    expect(await themeVersionOnProfile(organizer)).toBeNull();
    expect((await publicTheme(organizer, link.searchParams.get('theme_preview') as string)).statusCode).toBe(404);
    const theme = (await owner.get('/v1/organizer/theme')).json();
    expect(theme.available).toBe(false);
    for (const [method, url] of [
      ['patch', '/v1/organizer/theme/draft'],
      ['post', '/v1/organizer/theme/publish'],
      ['post', '/v1/organizer/theme/preview-links'],
      ['post', '/v1/organizer/theme/versions/1/restore'],
    ] as const) {
      const refused = method === 'patch' ? await owner.patch(url, { header: '<h2>x</h2>' }) : await owner.post(url);
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expectErrorShape(refused, 403, 'plan_required');
      expect(refused.json().error.message).toMatch(/needs the Pro plan or higher; it is on Basic/);
    }
    // Going back to the storefront's own look stays open.
    expect((await owner.post('/v1/organizer/theme/unpublish')).statusCode).toBe(200);

    await putOnPlan(t, organizer, 'pro');
    expect((await owner.post('/v1/organizer/theme/versions/1/restore')).statusCode).toBe(200);
    expect((await publicTheme(organizer)).json().version).toBe(1);
  });

  it('lets owners, admins and keys with catalog scopes, not staff', async () => {
    const admin = await signedInMember(t, pro, 'admin');
    expect(
      (await as(t.app, admin.token).patch('/v1/organizer/theme/draft', { footer: '<p>Admin</p>' })).statusCode,
    ).toBe(200);
    const staff = await signedInMember(t, pro, 'staff');
    const refused = await as(t.app, staff.token).patch('/v1/organizer/theme/draft', { footer: '<p>Staff</p>' });
    expect(refused.statusCode).toBe(403);
    expectErrorShape(refused, 403, 'forbidden');
    expect((await as(t.app, staff.token).get('/v1/organizer/theme')).statusCode).toBe(403);

    const reader = await apiKeyOf(t.app, pro, ['catalog:read']);
    expect((await as(t.app, reader.secret).get('/v1/organizer/theme')).statusCode).toBe(200);
    expect((await as(t.app, reader.secret).post('/v1/organizer/theme/publish')).statusCode).toBe(403);
    const writer = await apiKeyOf(t.app, pro, ['catalog:write']);
    const published = await as(t.app, writer.secret).post('/v1/organizer/theme/publish');
    expect(published.statusCode, published.body).toBe(200);
    const row = await t.admin.query(
      'select published_by_user_id, published_by_api_key_id from theme_versions where tenant_id = $1 and version = $2',
      [pro.organizerId, published.json().live_version],
    );
    expect(row.rows[0]).toEqual({ published_by_user_id: null, published_by_api_key_id: writer.id });
  });
});
