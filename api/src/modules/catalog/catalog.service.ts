import { runInTenantAsSystem, type Services } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { invalidField, notFound } from '../../lib/errors.ts';
import { planAllows } from '../billing/plans.ts';
import { publicBranding } from '../branding/branding.service.ts';
import { loadCheckoutSettings } from '../checkout-settings/checkout-settings.repository.ts';
import { donationsRaised } from '../orders/orders.service.ts';
import { offeredAddOns } from '../products/products.service.ts';
import { liveThemeVersion } from '../themes/themes.service.ts';
import * as repo from './catalog.repository.ts';
import type { CatalogQuery } from './catalog.schemas.ts';

type EventRow = NonNullable<Awaited<ReturnType<typeof repo.findPublishedEvent>>>;
type TierRow = Awaited<ReturnType<typeof repo.listOfferedTiers>>[number];

/** Seats left for the event: its tiers' stock, capped by what its capacity still allows. */
function eventRemaining(row: EventRow): number {
  const tierRemaining = Number(row.tier_remaining);
  if (row.capacity === null) return tierRemaining;
  return Math.max(0, Math.min(tierRemaining, row.capacity - Number(row.taken)));
}

function presentSummary(row: EventRow) {
  const remaining = eventRemaining(row);
  return {
    id: row.id,
    organizer: { slug: row.organizer_slug, name: row.organizer_name },
    title: row.title,
    category: row.category_id,
    tags: row.tags,
    languages: row.languages,
    venue_name: row.venue_name,
    address_line: row.address_line,
    city: row.city,
    state: row.state,
    postal_code: row.postal_code,
    country: row.country.trim(),
    time_zone: row.time_zone,
    starts_at: row.starts_at.toISOString(),
    ends_at: row.ends_at.toISOString(),
    image_url: row.image_url,
    image_srcset: row.image_srcset,
    is_online: row.is_online,
    currency: row.currency.trim(),
    price_from_cents: row.price_from_cents,
    price_to_cents: row.price_to_cents,
    remaining,
    sold_out: row.price_from_cents !== null && remaining === 0,
  };
}

function presentTier(row: TierRow, eventRemainingSeats: number, now: Date) {
  const remaining = Math.min(Number(row.remaining), eventRemainingSeats);
  const started = !row.sales_start_at || row.sales_start_at <= now;
  const notEnded = !row.sales_end_at || row.sales_end_at > now;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price_cents: row.price_cents,
    currency: row.currency.trim(),
    remaining,
    sold_out: remaining === 0,
    on_sale: started && notEnded && remaining > 0,
    sales_start_at: row.sales_start_at?.toISOString() ?? null,
    sales_end_at: row.sales_end_at?.toISOString() ?? null,
    min_per_order: row.min_per_order,
    max_per_order: row.max_per_order,
  };
}

export async function listCatalog(services: Services, query: CatalogQuery) {
  if (query.price_min !== undefined && query.price_max !== undefined && query.price_max < query.price_min) {
    throw invalidField('query.price_max', 'price_max must not be below price_min.');
  }
  if (query.sort === 'relevance' && !query.q) {
    throw invalidField('query.sort', 'Sorting by relevance needs keywords in q.');
  }
  const sort = query.sort ?? (query.q ? 'relevance' : 'date');
  const limit = query.limit ?? 20;
  let after: repo.CatalogFilter['after'];
  if (query.cursor) {
    const [rank, startsAt, id] = decodeCursor(query.cursor, ['number', 'string', 'string']);
    after = { rank: rank as number, startsAt: startsAt as string, id: id as string };
  }
  const rows = await repo.listPublishedEvents(services.catalogDb, {
    organizer: query.organizer,
    category: query.category,
    startsFrom: query.starts_from,
    startsBefore: query.starts_before,
    city: query.city,
    state: query.state,
    priceMin: query.price_min,
    priceMax: query.price_max,
    language: query.language,
    q: query.q,
    after,
    sort,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentSummary),
    next_cursor: rows.length > limit && last ? encodeCursor([Number(last.rank), last.starts_at_key, last.id]) : null,
  };
}

export async function getCatalogEvent(services: Services, eventId: string) {
  const row = await repo.findPublishedEvent(services.catalogDb, eventId);
  if (!row) throw notFound('The event');
  const tiers = await repo.listOfferedTiers(services.catalogDb, row.tenant_id, row.id);
  // Add-ons and what donations raised are the organizer's own records (paid orders are not part
  // of the public catalog), read inside the organizer for this one event.
  const { addOns, raised } = await runInTenantAsSystem(services, row.tenant_id, async (ctx) => ({
    addOns: await offeredAddOns(ctx, row.id),
    raised: await donationsRaised(ctx, row.id),
  }));
  const now = new Date();
  const capacityLeft = row.capacity === null ? Number.POSITIVE_INFINITY : Math.max(0, row.capacity - Number(row.taken));
  return {
    ...presentSummary(row),
    description: row.description,
    category_names: row.category_names,
    tiers: tiers.map((tier) => presentTier(tier, capacityLeft, now)),
    add_ons: addOns,
    donations_enabled: row.donations_enabled,
    donation_goal_cents: row.donation_goal_cents,
    donations_raised_cents: raised,
    waitlist_enabled: row.waitlist_enabled,
    attendee_names: row.attendee_names,
  };
}

/** An organizer's public profile, with the ways its buyers can pay. */
export async function getOrganizer(services: Services, slug: string) {
  const row = await repo.findActiveOrganizer(services.db, slug);
  if (!row) throw notFound('The organizer');
  const { id, plan, platform_branding, ...profile } = row;
  const settings = await runInTenantAsSystem(services, id, (ctx) => loadCheckoutSettings(ctx.trx, ctx.tenantId));
  const branding = await publicBranding(services, id);
  return {
    ...profile,
    theme_version: await liveThemeVersion(services, id, plan),
    currency: row.currency.trim(),
    // A downgrade brings the branding back and an upgrade hides it again, without the organizer
    // touching its setting.
    show_platform_branding: platform_branding || !planAllows(plan, 'remove_branding'),
    branding,
    payments: {
      card_provider: services.payments.name,
      card_test_mode: services.payments.testMode,
      offline_methods: settings.offline_methods,
      community_partners: settings.offline_methods.includes('partner') ? settings.community_partners : [],
    },
  };
}

export async function listCategories(services: Services) {
  return (await repo.listCategories(services.db)).map((row) => ({ id: row.id, names: row.names }));
}
