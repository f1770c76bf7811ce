// The API's shapes, generated from openapi/openapi.json into @accessplus/sdk.
import type { ErrorDetail, Event, Tier } from '@accessplus/sdk';

export type { Page, Session, SessionWithToken, Tier } from '@accessplus/sdk';
export type LocalizedText = Record<string, string>;
export type OrganizerEvent = Omit<Event, 'tiers'> & { tiers: Tier[] };
export type EventStatus = Event['status'];
export type ApiErrorDetail = ErrorDetail;
