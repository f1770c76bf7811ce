import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_AREAS,
  activityFilters,
  activityHref,
  activityQuery,
  activitySentence,
  actorParts,
  areaName,
  changeLines,
  recordLink,
} from './activity';
import { ADMIN_LOCALES, messagesFor } from './messages';

const en = messagesFor('en');
const es = messagesFor('es');

interface OpenApi {
  paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
}

/** Every write of the API whose first tag is an area of an organizer's activity. */
function organizerWrites(): { operation: string; area: string }[] {
  const document = JSON.parse(
    readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'openapi', 'openapi.json'), 'utf8'),
  ) as OpenApi;
  return Object.values(document.paths).flatMap((operations) =>
    Object.entries(operations)
      .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map(([, operation]) => ({ operation: operation.operationId ?? '', area: operation.tags?.[0] ?? '' }))
      .filter(({ area }) => Object.hasOwn(ACTIVITY_AREAS, area)),
  );
}

describe('activitySentence', () => {
  it('has a sentence in every language for every write of the areas an organizer works in', () => {
    const writes = organizerWrites();
    // The areas the page offers are the API's: each has writes in the document.
    expect(new Set(writes.map((write) => write.area))).toEqual(new Set(Object.keys(ACTIVITY_AREAS)));
    expect(writes.length).toBeGreaterThanOrEqual(55);
    for (const locale of ADMIN_LOCALES) {
      const t = messagesFor(locale);
      const missing = writes.filter(({ operation }) => !activitySentence(operation, t));
      expect(missing, `operations without a sentence in ${locale}`).toEqual([]);
    }
  });

  it('says what happened in the reader’s language', () => {
    expect(activitySentence('updateEvent', en)).toBe('Changed an event');
    expect(activitySentence('refundOrder', en)).toBe('Refunded an order');
    expect(activitySentence('addMember', en)).toBe('Invited a team member');
    expect(activitySentence('refundOrder', es)).toBe('Reembolsó un pedido');
    expect(activitySentence('sendEventMessage', en)).toBe('Sent a message to ticket holders');
    expect(activitySentence('sendEventMessage', es)).toBe('Envió un mensaje a quienes tienen entradas');
  });

  it('has none for an operation it does not know, nor for a name that is not an operation', () => {
    expect(activitySentence('launchRocket', en)).toBeNull();
    expect(activitySentence('', en)).toBeNull();
    expect(activitySentence('toString', en)).toBeNull();
  });
});

describe('areaName', () => {
  it('names each area in the reader’s language, and an unknown one as the API does', () => {
    expect(areaName('Events', en)).toBe('Events');
    expect(areaName('Ticket tiers', es)).toBe('Tipos de entrada');
    expect(areaName('Billing', es)).toBe('Billing');
  });
});

describe('actorParts', () => {
  it('sets a person’s email apart from their name, and keeps a key’s label whole', () => {
    expect(actorParts('Amina Yusuf <amina@example.org>')).toEqual({ name: 'Amina Yusuf', email: 'amina@example.org' });
    expect(actorParts('<amina@example.org>')).toEqual({ name: '<amina@example.org>', email: null });
    expect(actorParts('CRM sync (apk_7Qe2…)')).toEqual({ name: 'CRM sync (apk_7Qe2…)', email: null });
  });
});

describe('recordLink', () => {
  const event = '6f1c2a3b-1d2e-4f50-8a9b-0c1d2e3f4a5b';
  const order = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('leads to the event or order a write was about', () => {
    expect(recordLink({ operation: 'updateEvent', path: `/v1/events/${event}`, resource_id: event })).toEqual({
      kind: 'event',
      href: `/events/${event}`,
    });
    expect(
      recordLink({ operation: 'updateTier', path: `/v1/events/${event}/tiers/${order}`, resource_id: order }),
    ).toEqual({ kind: 'event', href: `/events/${event}` });
    expect(recordLink({ operation: 'refundOrder', path: `/v1/orders/${order}/refunds`, resource_id: order })).toEqual({
      kind: 'order',
      href: `/orders/${order}`,
    });
    expect(recordLink({ operation: 'createEvent', path: '/v1/events', resource_id: event })).toEqual({
      kind: 'event',
      href: `/events/${event}`,
    });
  });

  it('leads nowhere for a deleted draft or another kind of record', () => {
    expect(recordLink({ operation: 'deleteEvent', path: `/v1/events/${event}`, resource_id: event })).toBeNull();
    expect(recordLink({ operation: 'createTaxRate', path: '/v1/tax-rates', resource_id: event })).toBeNull();
    expect(recordLink({ operation: 'updateEvent', path: '/v1/events/not-an-id', resource_id: null })).toBeNull();
  });
});

describe('changeLines', () => {
  it('shows text as it is, texts per language as `en: …`, and other values as JSON', () => {
    expect(
      changeLines(
        {
          title: { en: 'Eid dinner', es: 'Cena de Eid' },
          venue_name: 'Community Hall',
          price_cents: 3000,
          donations_enabled: true,
          ends_at: null,
          event_types: ['order.paid', 'order.refunded'],
        },
        en,
      ),
    ).toEqual([
      { field: 'title', value: 'en: Eid dinner · es: Cena de Eid' },
      { field: 'venue_name', value: 'Community Hall' },
      { field: 'price_cents', value: '3000' },
      { field: 'donations_enabled', value: 'true' },
      { field: 'ends_at', value: 'null' },
      { field: 'event_types', value: '["order.paid","order.refunded"]' },
    ]);
  });

  it('says "hidden" in the reader’s language for what the log hid, inside objects too', () => {
    expect(changeLines({ tin: '[hidden]', buyer: { name: 'Fatima', token: '[hidden]' } }, es)).toEqual([
      { field: 'tin', value: 'oculto' },
      { field: 'buyer.name', value: 'Fatima' },
      { field: 'buyer.token', value: 'oculto' },
    ]);
  });

  it('keeps an empty object and lists nothing for an empty body', () => {
    expect(changeLines({ colors: {} }, en)).toEqual([{ field: 'colors', value: '{}' }]);
    expect(changeLines({}, en)).toEqual([]);
  });
});

describe('activity filters', () => {
  const member = '7d0c7a52-57c4-4b6c-9d0a-33e1f0c0c111';

  it('keeps only what the API accepts, and asks the API for it', () => {
    const filters = activityFilters(
      new URLSearchParams({ actor: `member:${member}`, area: 'Events', from: '2026-12-01', to: 'yesterday' }),
    );
    expect(filters).toEqual({ actor: `member:${member}`, area: 'Events', from: '2026-12-01' });
    expect(activityQuery(filters)).toEqual({ actor_user_id: member, area: 'Events', from: '2026-12-01' });
    expect(activityQuery(activityFilters(new URLSearchParams({ actor: `key:${member}` })))).toEqual({
      actor_api_key_id: member,
    });
    expect(activityFilters(new URLSearchParams({ actor: 'member:me', area: 'Staff' }))).toEqual({});
  });

  it('keeps the filters on the next page', () => {
    expect(activityHref({ area: 'Ticket tiers', to: '2026-12-05' }, 'abc')).toBe(
      '/settings/activity?area=Ticket+tiers&to=2026-12-05&cursor=abc',
    );
    expect(activityHref({})).toBe('/settings/activity');
  });
});
