/**
 * The admin in the organizers' languages: an organizer whose browser reads Spanish works in
 * Spanish from the sign-in page on; one who picks French from the menu finds French on another
 * device and in her account emails. No page they work on shows a word of the English catalogue.
 * And a machine-translation draft: asked for, corrected and saved in the editor, it reaches
 * buyers only once saved.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, englishWordsFor, englishWordsIn } from '../../scripts/catalogue-words';
import { startTranslationServer, type TranslationServer } from '../../scripts/translation-server';
import {
  type Account,
  type AdminStack,
  DESKTOP,
  launchChromium,
  PASSWORD,
  PHONE,
  shot,
  signIn,
  signUp,
  startAdminStack,
} from './harness';

let translation: TranslationServer;
let stack: AdminStack;
let browser: Browser;

/** The admin's words in `locale`, all areas together, for finding controls by their names. */
function words(locale: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(catalogue('admin', locale)).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
const es = words('es');
const fr = words('fr');
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

/**
 * The page's language, and the English interface words left on it once the people's own words
 * are taken out, and the names of places: time zones are named after their cities.
 */
async function englishOn(page: Page, locale: string, theirs: string[]) {
  const lang = await page.locator('html').getAttribute('lang');
  // The payout outlook's reasons are sentences the API writes, in English (see the README).
  const api = await page.locator('[data-testid="payout-reasons"] li > span:last-child').allInnerTexts();
  const text = await page.locator('body').innerText();
  const zones = await page.locator('select[name="time_zone"] option').allInnerTexts();
  const cities = zones.map((zone) => zone.replace(/^.* — /, '').replace(/ \(UTC.*$/, ''));
  const english = englishWordsIn(text, englishWordsFor('admin', locale), [...theirs, ...cities, ...api]);
  // Longer words than English's must still fit the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return { lang, english, wider: overflow > 0 };
}

/** An event with a paid order, so that the lists and the door have something to show. */
async function eventWithSale(owner: Account, title: string) {
  const starts = new Date(Date.now() + 20 * 86_400_000);
  const event = await stack.call<{ id: string; tiers: { id: string }[] }>('POST', '/v1/events', {
    token: owner.token,
    body: {
      title: { en: title },
      description: { en: 'An evening of music and food for the whole community.' },
      category: 'community-meeting',
      time_zone: 'America/New_York',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
      venue_name: 'Centro Comunitario',
      city: 'Queens',
      state: 'NY',
      tiers: [{ name: { en: 'Adult' }, price_cents: 2500, quantity: 80 }],
    },
  });
  await stack.call('POST', `/v1/events/${event.id}/publish`, { token: owner.token });
  const held = await stack.call<{ order: { id: string }; access_token: string }>(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders`,
    {
      body: {
        buyer: { name: 'Rosa Martínez', email: `rosa-${owner.slug}@example.org` },
        tickets: [{ tier_id: event.tiers[0]?.id, quantity: 2 }],
      },
    },
  );
  await stack.call(
    'POST',
    `/v1/public/organizers/${owner.slug}/orders/${held.order.id}/pay?token=${held.access_token}`,
    {
      body: { method: 'card', card_number: '4242424242424242' },
    },
  );
  return { id: event.id, orderId: held.order.id };
}

beforeAll(async () => {
  translation = await startTranslationServer();
  [stack, browser] = await Promise.all([startAdminStack({ TRANSLATION_URL: translation.url }), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await translation?.stop();
});

describe('an organizer whose browser reads Spanish', () => {
  let context: BrowserContext;
  afterAll(() => context?.close());

  it('signs in, creates an event and goes through her pages in Spanish', async () => {
    const owner = await signUp(stack.call, 'Casa Cultural Hondureña', 'Carmen López');
    const event = await eventWithSale(owner, 'Noche Garífuna');
    const theirs = ['Casa Cultural Hondureña', 'Carmen López', 'Noche Garífuna', 'Rosa Martínez', 'Adult', owner.email];
    context = await browser.newContext({ ...PHONE, locale: 'es-MX' });
    const page = await context.newPage();

    await page.goto(`${stack.adminUrl}/sign-in`, { waitUntil: 'networkidle' });
    expect(await englishOn(page, 'es', theirs)).toEqual({ lang: 'es', english: [], wider: false });
    await page.getByLabel(es.account_emailAddress as string).fill(owner.email);
    await page.getByLabel(es.account_password as string).fill(PASSWORD);
    await Promise.all([
      page.waitForURL(`${stack.adminUrl}/`),
      page.getByRole('button', { name: es.account_signIn, exact: true }).click(),
    ]);
    expect(await englishOn(page, 'es', theirs)).toEqual({ lang: 'es', english: [], wider: false });
    await shot(page, 'language-es-events-phone');

    // A new event from the short form, every label in Spanish.
    await page.goto(`${stack.adminUrl}/events/new`, { waitUntil: 'networkidle' });
    expect(await englishOn(page, 'es', theirs)).toEqual({ lang: 'es', english: [], wider: false });
    const starts = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(es.editor_title as string, { exact: true }).fill('Festival de Pupusas');
    await page.getByLabel(es.editor_category as string).selectOption('festival');
    await page.getByLabel(es.editor_starts as string, { exact: true }).fill(`${starts}T12:00`);
    await page.getByLabel(es.editor_ends as string, { exact: true }).fill(`${starts}T18:00`);
    await page.getByLabel(es.editor_venueName as string).fill('Parque Flushing');
    await page.getByLabel(fill(es.events_newTierPrice as string, { currency: 'USD' })).fill('15');
    await page.getByLabel(es.events_newTierQuantity as string, { exact: true }).fill('200');
    await shot(page, 'language-es-new-event-phone');
    await page.getByRole('button', { name: es.events_saveDraft, exact: true }).click();
    await page.waitForURL(/\/events\/[\w-]+\/edit/).catch(async (error) => {
      await shot(page, 'language-es-new-event-refused');
      throw new Error(`the new event was not saved: ${await page.locator('[role="alert"]').allInnerTexts()}`, {
        cause: error,
      });
    });
    const created = [...theirs, 'Festival de Pupusas', 'Parque Flushing', 'General admission', 'Entrada general'];
    expect(await englishOn(page, 'es', created)).toEqual({ lang: 'es', english: [], wider: false });
    await shot(page, 'language-es-editor-phone');

    for (const at of [
      '/orders',
      `/orders/${event.orderId}`,
      `/events/${event.id}/check-in`,
      `/events/${event.id}/waitlist`,
      '/customers',
      '/settings/profile',
      '/settings/checkout',
      '/settings/team',
      '/plan',
    ]) {
      await page.goto(`${stack.adminUrl}${at}`, { waitUntil: 'networkidle' });
      expect(await englishOn(page, 'es', created), at).toEqual({ lang: 'es', english: [], wider: false });
    }
    await shot(page, 'language-es-plan-phone');
  }, 180_000);
});

describe('an organizer who picks French from the language menu', () => {
  it('keeps French on another device and in her account emails', async () => {
    const owner = await signUp(stack.call, 'Association Haïtienne de Brooklyn', 'Claudette Pierre');
    const event = await eventWithSale(owner, 'Soirée Kompa');
    const theirs = ['Association Haïtienne de Brooklyn', 'Claudette Pierre', 'Soirée Kompa', 'Rosa Martínez', 'Adult'];
    const laptop = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
    const page = await signIn(stack.adminUrl, laptop, owner.email);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // The menu names each language in itself.
    await page.locator('.language-menu summary').click();
    await expect(page.getByRole('button', { name: 'Kreyòl ayisyen' }).getAttribute('lang')).resolves.toBe('ht');
    await expect(page.getByRole('button', { name: 'العربية' }).getAttribute('dir')).resolves.toBe('rtl');
    await shot(page, 'language-menu-desktop');
    await Promise.all([page.waitForLoadState('networkidle'), page.getByRole('button', { name: 'Français' }).click()]);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
    const session = await stack.call<{ user: { locale: string | null } }>('GET', '/v1/auth/session', {
      token: owner.token,
    });
    expect(session.user.locale).toBe('fr');
    expect(await englishOn(page, 'fr', theirs)).toEqual({ lang: 'fr', english: [], wider: false });
    await laptop.close();

    // Her phone, whose browser reads English: the admin follows her account's choice.
    const phone = await browser.newContext({ ...PHONE, locale: 'en-US' });
    const onPhone = await signIn(stack.adminUrl, phone, owner.email);
    expect(await englishOn(onPhone, 'fr', theirs)).toEqual({ lang: 'fr', english: [], wider: false });
    for (const at of [
      `/events/${event.id}/edit`,
      `/events/${event.id}/check-in`,
      `/events/${event.id}/payouts`,
      `/orders/${event.orderId}`,
      '/payouts',
      '/settings/branding',
      '/settings/promo-codes',
      '/settings/webhooks',
    ]) {
      await onPhone.goto(`${stack.adminUrl}${at}`, { waitUntil: 'networkidle' });
      expect(await englishOn(onPhone, 'fr', theirs), at).toEqual({ lang: 'fr', english: [], wider: false });
    }
    // Work in French: the editor saves and says so in French.
    await onPhone.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const details = onPhone.getByRole('region', { name: fr.editor_detailsHeading });
    await details.getByLabel(fr.editor_venueName as string).fill('Salle Toussaint Louverture');
    await details.getByRole('button', { name: fr.editor_saveChanges, exact: true }).click();
    await expect.poll(() => details.getByRole('status').innerText()).toBe(fr.editor_changesSaved);
    await shot(onPhone, 'language-fr-editor-phone');
    await phone.close();

    // Her account emails follow the same choice.
    await stack.call('POST', '/v1/auth/password-reset', { body: { email: owner.email }, expected: [202] });
    const french = catalogue('api', 'fr').passwordReset_subject;
    await expect
      .poll(async () => {
        const mailbox = await stack.call<{ data: { to: string; subject: string }[] }>('GET', '/v1/dev/mailbox');
        return mailbox.data.find((mail) => mail.to.includes(owner.email) && mail.subject === french)?.subject;
      })
      .toBe(french);
  }, 120_000);
});

describe('a machine-translated draft', () => {
  it('is asked for, corrected and saved in the editor, and only then do buyers see it', async () => {
    const owner = await signUp(stack.call, 'Ethiopian Community Center', 'Selam Bekele');
    await stack.call('PATCH', '/v1/organizer', { token: owner.token, body: { locales: ['en', 'am'] } });
    const event = await eventWithSale(owner, 'Enkutatash Celebration');
    const publicEvent = () =>
      stack.call<{
        title: Record<string, string>;
        description: Record<string, string>;
        tiers: { name: Record<string, string> }[];
      }>('GET', `/v1/public/events/${event.id}`);
    const context = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
    const page = await signIn(stack.adminUrl, context, owner.email);
    await page.goto(`${stack.adminUrl}/events/${event.id}/edit`, { waitUntil: 'networkidle' });
    const languages = page.getByRole('region', { name: 'Languages' });
    await languages
      .getByRole('button', { name: 'Draft the missing Amharic (አማርኛ) texts by machine translation' })
      .click();

    const draft = page.getByRole('region', { name: 'Machine-translated draft: Amharic (አማርኛ)' });
    await expect.poll(() => draft.getByLabel('Title').inputValue()).toBe('[am] Enkutatash Celebration');
    expect(await draft.getByLabel('Ticket “Adult”').inputValue()).toBe('[am] Adult');
    expect(translation.requests.at(-1)).toMatchObject({ source: 'en', target: 'am' });
    await shot(page, 'translation-draft-desktop');

    // A draft is not published: buyers reading Amharic still get the English.
    expect((await publicEvent()).title).toEqual({ en: 'Enkutatash Celebration' });

    await draft.getByLabel('Title').fill('የእንቁጣጣሽ በዓል');
    await draft.getByLabel('Description').fill('');
    await draft.getByRole('button', { name: 'Save these texts' }).click();
    await expect
      .poll(() => languages.getByRole('status').innerText())
      .toBe('Saved: Amharic (አማርኛ). Buyers reading this language now see these texts.');
    const saved = await publicEvent();
    expect(saved.title).toEqual({ en: 'Enkutatash Celebration', am: 'የእንቁጣጣሽ በዓል' });
    expect(saved.tiers[0]?.name).toEqual({ en: 'Adult', am: '[am] Adult' });
    // The description left empty was not saved, and is still missing.
    expect(saved.description).toEqual({ en: 'An evening of music and food for the whole community.' });
    expect(await languages.locator('li', { hasText: 'Amharic' }).innerText()).toContain('Missing: Description');
    await shot(page, 'translation-saved-desktop');
    await context.close();
  });
});
