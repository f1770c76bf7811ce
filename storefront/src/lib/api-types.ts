// The public catalog's shapes, generated from openapi/openapi.json into @accessplus/sdk.
export type {
  Category,
  ErrorResponse as ApiErrorBody,
  PublicEvent,
  PublicEventSummary,
  PublicOrganizer,
  PublicTier,
} from '@accessplus/sdk';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
