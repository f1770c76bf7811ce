import { type Static, Type } from 'typebox';
import { LOCALE_PATTERN, Locale, Nullable, StringEnum } from '../../lib/schemas.ts';

const language = (description: string) =>
  Type.String({ pattern: LOCALE_PATTERN, maxLength: 16, description, examples: ['am'] });

export const MachineTranslation = Type.Object(
  {
    available: Type.Boolean({
      description: 'Whether this platform has a machine-translation service, so drafts can be asked for.',
    }),
  },
  { $id: 'MachineTranslation', description: 'Whether machine-translation drafts can be asked for.' },
);

export const NewTranslationDraft = Type.Object(
  {
    locale: language('The language to draft the texts in.'),
    source_locale: language('The language the texts are translated from: one they are written in.'),
  },
  { additionalProperties: false },
);
export type NewTranslationDraft = Static<typeof NewTranslationDraft>;

export const DRAFTED_TEXTS = ['title', 'description', 'tier_name', 'add_on_name'] as const;
export type DraftedText = (typeof DRAFTED_TEXTS)[number];

export const TranslationDraft = Type.Object(
  {
    locale: Locale,
    source_locale: Locale,
    texts: Type.Array(
      Type.Object({
        kind: StringEnum(DRAFTED_TEXTS, {
          description: 'Which text: the event title or description, a ticket tier or add-on name.',
        }),
        id: Nullable(
          Type.String({ format: 'uuid', description: "The tier's or add-on's id; null for the event's own texts." }),
        ),
        source: Type.String({ description: 'The text in `source_locale`.' }),
        draft: Type.String({ description: 'The machine translation into `locale`, for a person to read and correct.' }),
      }),
      { description: 'The texts the event has in `source_locale` and lacks in `locale`; empty when none is missing.' },
    ),
  },
  {
    $id: 'TranslationDraft',
    description:
      'Machine-translated drafts of what an event lacks in a language. Nothing is saved: buyers see a text only once it is written to the event, its tier or its add-on.',
  },
);
export type TranslationDraft = Static<typeof TranslationDraft>;
