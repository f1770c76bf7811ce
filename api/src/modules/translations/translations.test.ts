import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  machineDraft,
  startTranslationServer,
  type TranslationServer,
} from '../../../../scripts/translation-server.ts';
import {
  as,
  eventBody,
  expectErrorShape,
  type Organizer,
  signedInMember,
  signUpOrganizer,
  startTestApp,
  type TestApp,
} from '../../test/app.ts';

let translation: TranslationServer;
let t: TestApp;
let owner: Organizer;

beforeAll(async () => {
  translation = await startTranslationServer({ apiKey: 'translation-secret' });
  t = await startTestApp({ translation: { url: translation.url, apiKey: 'translation-secret' } });
  owner = await signUpOrganizer(t.app);
});
afterAll(async () => {
  await t.stop();
  await translation.stop();
});

/** An event in English with an Amharic title, two tiers (one named in Amharic too) and an add-on. */
async function eventToTranslate() {
  const client = as(t.app, owner.token);
  const created = await client.post(
    '/v1/events',
    eventBody({
      tiers: [
        { name: { en: 'General' }, price_cents: 2500, quantity: 100 },
        { name: { en: 'VIP', am: 'ቪአይፒ' }, price_cents: 9000, quantity: 20 },
      ],
    }),
  );
  expect(created.statusCode, created.body).toBe(201);
  const event = created.json();
  const addOn = await client.post('/v1/products', {
    name: { en: 'Parking pass' },
    price_cents: 1000,
    quantity: 50,
    event_id: event.id,
  });
  expect(addOn.statusCode, addOn.body).toBe(201);
  return { event, addOnId: addOn.json().id as string };
}

describe('machine-translation drafts', () => {
  it('drafts only what the event lacks in the language, and saves none of it', async () => {
    const client = as(t.app, owner.token);
    expect((await client.get('/v1/machine-translation')).json()).toEqual({ available: true });
    const { event, addOnId } = await eventToTranslate();
    const general = event.tiers.find((tier: { name: { en: string } }) => tier.name.en === 'General');
    const before = translation.requests.length;

    const drafted = await client.post(`/v1/events/${event.id}/translation-drafts`, {
      locale: 'am',
      source_locale: 'en',
    });
    expect(drafted.statusCode, drafted.body).toBe(200);
    // The title and the VIP tier are already in Amharic: the description, one tier and the add-on are not.
    expect(drafted.json()).toEqual({
      locale: 'am',
      source_locale: 'en',
      texts: [
        {
          kind: 'description',
          id: null,
          source: 'An evening together.',
          draft: machineDraft('An evening together.', 'am'),
        },
        { kind: 'tier_name', id: general.id, source: 'General', draft: machineDraft('General', 'am') },
        { kind: 'add_on_name', id: addOnId, source: 'Parking pass', draft: machineDraft('Parking pass', 'am') },
      ],
    });
    expect(translation.requests.slice(before)).toEqual([
      {
        q: ['An evening together.', 'General', 'Parking pass'],
        source: 'en',
        target: 'am',
        format: 'text',
        api_key: 'translation-secret',
      },
    ]);

    // Nothing changed: buyers reading Amharic still get the English description.
    const after = (await client.get(`/v1/events/${event.id}`)).json();
    expect(after.description).toEqual({ en: 'An evening together.' });
    expect(after.tiers.map((tier: { name: unknown }) => tier.name)).toEqual(
      event.tiers.map((tier: { name: unknown }) => tier.name),
    );
    expect((await client.get(`/v1/products/${addOnId}`)).json().name).toEqual({ en: 'Parking pass' });
  });

  it('asks the service nothing when every text is written in the language', async () => {
    const client = as(t.app, owner.token);
    const created = (
      await client.post(
        '/v1/events',
        eventBody({
          description: { en: 'Come.', am: 'ይምጡ።' },
          tiers: [{ name: { en: 'General', am: 'መደበኛ' }, price_cents: 0, quantity: 10 }],
        }),
      )
    ).json();
    const before = translation.requests.length;
    const drafted = await client.post(`/v1/events/${created.id}/translation-drafts`, {
      locale: 'am',
      source_locale: 'en',
    });
    expect(drafted.json().texts).toEqual([]);
    expect(translation.requests.length).toBe(before);
  });

  it('says so, with a sentence, when the service lacks the language or fails', async () => {
    const client = as(t.app, owner.token);
    const { event } = await eventToTranslate();
    const ask = (locale: string) =>
      client.post(`/v1/events/${event.id}/translation-drafts`, { locale, source_locale: 'en' });

    translation.unsupported.add('yo');
    const refused = expectErrorShape(await ask('yo'), 422, 'translation_language_unsupported');
    expect(refused.message).toBe(
      'The translation service cannot translate from English into Yoruba. Write the Yoruba text yourself.',
    );
    translation.failing = true;
    try {
      const failed = expectErrorShape(await ask('am'), 502, 'translation_failed');
      expect(failed.message).toMatch(/did not answer\. Try again in a minute/);
    } finally {
      translation.failing = false;
      // The one 5xx this file means to cause: the service it relies on failed.
      const failures = t.serverErrors.filter((line) => !line.endsWith('/translation-drafts → 502'));
      t.serverErrors.splice(0, t.serverErrors.length, ...failures);
    }
    expectErrorShape(await ask('en'), 422, 'same_language');
    expectErrorShape(
      await client.post(`/v1/events/${event.id}/translation-drafts`, { locale: 'not a language', source_locale: 'en' }),
      400,
    );
  });

  it('is for those who edit events', async () => {
    const { event } = await eventToTranslate();
    const door = await signedInMember(t, owner, 'check_in');
    expectErrorShape(
      await door.client.post(`/v1/events/${event.id}/translation-drafts`, { locale: 'am', source_locale: 'en' }),
      403,
    );
    const staff = await signedInMember(t, owner, 'staff');
    expect(
      (await staff.client.post(`/v1/events/${event.id}/translation-drafts`, { locale: 'fr', source_locale: 'en' }))
        .statusCode,
    ).toBe(200);
  });
});

describe('without a translation service', () => {
  let plain: TestApp;
  beforeAll(async () => {
    plain = await startTestApp();
  });
  afterAll(() => plain.stop());

  it('says drafts are unavailable, and refuses one with 409', async () => {
    const organizer = await signUpOrganizer(plain.app);
    const client = as(plain.app, organizer.token);
    expect((await client.get('/v1/machine-translation')).json()).toEqual({ available: false });
    const event = (await client.post('/v1/events', eventBody())).json();
    const refused = expectErrorShape(
      await client.post(`/v1/events/${event.id}/translation-drafts`, { locale: 'am', source_locale: 'en' }),
      409,
      'translation_unavailable',
    );
    expect(refused.message).toBe(
      'Machine translation is not set up on this platform. Write the text in each language yourself.',
    );
  });
});
