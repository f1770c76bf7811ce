import { type Static, Type } from 'typebox';
import { Locale, Nullable, PageQuery, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';

export const EXPORT_KINDS = ['attendees', 'orders'] as const;
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'expired'] as const;

export const ExportRequest = Type.Object(
  {
    kind: StringEnum(EXPORT_KINDS, {
      description: "`attendees`: an event's tickets with who holds them. `orders`: orders with what was paid.",
    }),
    format: StringEnum(EXPORT_FORMATS, { description: '`csv` (UTF-8, for any program) or `xlsx` (Excel).' }),
    event_id: Type.Optional(
      Type.String({
        format: 'uuid',
        maxLength: 36,
        description: 'The event. Required for attendees; for orders, only the orders with tickets to it.',
      }),
    ),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Attendees only: the search of the attendee list (a name, an email, an order number).',
      }),
    ),
    locale: Type.Optional({
      ...Locale,
      description: "The language of the file's headings and values; the organizer's default language if left out.",
    }),
  },
  { additionalProperties: false },
);
export type ExportRequest = Static<typeof ExportRequest>;

export const Export = Type.Object(
  {
    id: Uuid,
    kind: StringEnum(EXPORT_KINDS),
    format: StringEnum(EXPORT_FORMATS),
    event_id: Nullable(Uuid),
    search: Type.String({ description: 'The search the attendee list was narrowed by; empty for all.' }),
    status: StringEnum(EXPORT_STATUSES, {
      description:
        '`queued`, then `running` while rows are written, then `done` (the file can be downloaded until `expires_at`), `failed`, or `expired` (the file is gone).',
    }),
    total_rows: Nullable(Type.Integer({ description: 'Rows the file will hold; null until the export starts.' })),
    done_rows: Type.Integer({ description: 'Rows written so far.' }),
    file_name: Type.String(),
    byte_size: Nullable(Type.Integer()),
    error: Nullable(Type.String({ description: 'Why it failed, in a sentence.' })),
    requested_by: Type.String({ description: 'Who asked for it, as they were then.' }),
    created_at: Timestamp,
    finished_at: Nullable(Timestamp),
    expires_at: Nullable(Timestamp),
  },
  { $id: 'Export', description: 'An attendee or order list written to a file for download, kept as a record.' },
);
export type Export = Static<typeof Export>;

export const ExportParams = Type.Object({ export_id: Type.String({ format: 'uuid', maxLength: 36 }) });

export const ExportListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ExportListQuery = Static<typeof ExportListQuery>;

export const exportSchemas = [Export];
