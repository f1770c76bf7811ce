import { languageName } from '@accessplus/i18n';
import { EDITORS, requireRole, type Services, type TenantContext } from '../../context.ts';
import { AppError, conflict, unprocessable } from '../../lib/errors.ts';
import { getEvent } from '../events/events.service.ts';
import { listProducts } from '../products/products.service.ts';
import { TranslationRefused } from './translations.provider.ts';
import type { DraftedText, NewTranslationDraft, TranslationDraft } from './translations.schemas.ts';

interface Untranslated {
  kind: DraftedText;
  id: string | null;
  source: string;
}

/**
 * What the event lacks in `locale`: of its title, description and each tier's and add-on's name,
 * those written in `source_locale` and not in `locale` — the texts the editor counts as missing.
 */
export async function untranslatedTexts(
  ctx: TenantContext,
  eventId: string,
  { locale, source_locale: source }: NewTranslationDraft,
): Promise<Untranslated[]> {
  requireRole(ctx, EDITORS, 'draft translations of events');
  if (locale === source) {
    throw unprocessable('same_language', 'Choose a language to translate into other than the one translated from.', [
      { field: 'body.locale', message: 'is the same as source_locale' },
    ]);
  }
  const event = await getEvent(ctx, eventId);
  const addOns = [];
  let cursor: string | undefined;
  do {
    const page = await listProducts(ctx, { event_id: eventId, limit: 100, ...(cursor ? { cursor } : {}) });
    addOns.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);

  const texts: { kind: DraftedText; id: string | null; text: Record<string, string> }[] = [
    { kind: 'title', id: null, text: event.title },
    { kind: 'description', id: null, text: event.description },
    ...event.tiers.map((tier) => ({ kind: 'tier_name' as const, id: tier.id, text: tier.name })),
    ...addOns.map((addOn) => ({ kind: 'add_on_name' as const, id: addOn.id, text: addOn.name })),
  ];
  return texts.flatMap(({ kind, id, text }) => {
    const from = text[source]?.trim();
    return from && !text[locale]?.trim() ? [{ kind, id, source: from }] : [];
  });
}

/**
 * Drafts each text by machine translation. Nothing is saved: the organizer reads and corrects the
 * drafts, and buyers see a text only once it is written to the event, tier or add-on.
 */
export async function draftTranslations(
  services: Services,
  request: NewTranslationDraft,
  texts: readonly Untranslated[],
): Promise<TranslationDraft> {
  const { translator } = services;
  if (!translator) throw translationUnavailable();
  const { locale, source_locale } = request;
  let drafts: string[];
  try {
    drafts = await translator.translate(
      texts.map((text) => text.source),
      source_locale,
      locale,
    );
  } catch (error) {
    if (error instanceof TranslationRefused) {
      throw unprocessable(
        'translation_language_unsupported',
        `The translation service cannot translate from ${languageName(source_locale, 'en')} into ${languageName(locale, 'en')}. Write the ${languageName(locale, 'en')} text yourself.`,
        [{ field: 'body.locale', message: error.reason }],
      );
    }
    services.logger.warn({ err: error }, 'the machine-translation service failed');
    throw new AppError(
      502,
      'translation_failed',
      'The translation service did not answer. Try again in a minute, or write the text yourself.',
    );
  }
  return {
    locale,
    source_locale,
    texts: texts.map((text, index) => ({ ...text, draft: drafts[index] ?? '' })),
  };
}

export function translationUnavailable(): AppError {
  return conflict(
    'translation_unavailable',
    'Machine translation is not set up on this platform. Write the text in each language yourself.',
  );
}
