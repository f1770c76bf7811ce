import type { TranslationConfig } from '../../config.ts';

/** A machine-translation service: drafts for an organizer to read, correct and approve. */
export interface Translator {
  /** Each of `texts` from `source` into `target` (BCP 47 tags), in the same order. */
  translate(texts: readonly string[], source: string, target: string): Promise<string[]>;
}

/** The service cannot translate between these two languages; it said so in `reason`. */
export class TranslationRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TranslationRefused';
  }
}

/** How long a person waits for a draft before hearing the service did not answer. */
const TIMEOUT_MS = 20_000;

/**
 * A service speaking LibreTranslate's API: `POST <url>/translate` with
 * `{ q, source, target, format: 'text', api_key }`, answering `{ translatedText }`, or 400 with
 * `{ error }` for a language it does not have. The address is the platform's own setting, never a
 * tenant's, so it may be on the platform's own network.
 */
export function libreTranslate(config: TranslationConfig, fetchImpl: typeof fetch = fetch): Translator {
  return {
    async translate(texts, source, target) {
      if (texts.length === 0) return [];
      const response = await fetchImpl(`${config.url}/translate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          q: texts,
          source,
          target,
          format: 'text',
          ...(config.apiKey ? { api_key: config.apiKey } : {}),
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => null)) as { translatedText?: unknown; error?: unknown } | null;
      if (response.status === 400) {
        throw new TranslationRefused(typeof body?.error === 'string' ? body.error : 'unsupported languages');
      }
      if (!response.ok) throw new Error(`the translation service answered ${response.status}`);
      const translated = body?.translatedText;
      if (
        !Array.isArray(translated) ||
        translated.length !== texts.length ||
        translated.some((t) => typeof t !== 'string')
      ) {
        throw new Error('the translation service answered without a text for each one asked');
      }
      return translated as string[];
    },
  };
}
