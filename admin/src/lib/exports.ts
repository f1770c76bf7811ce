import type { Export, ExportStatus } from './api-types';
import type { Messages } from './messages';

export interface ExportStatusLabel {
  label: string;
  tone: 'live' | 'pending' | 'off' | 'stopped';
}

const statusTones: Record<ExportStatus, ExportStatusLabel['tone']> = {
  queued: 'pending',
  running: 'pending',
  done: 'live',
  failed: 'stopped',
  expired: 'off',
};

export const EXPORT_STATUSES = Object.keys(statusTones) as ExportStatus[];

/**
 * Where an export stands now: a finished file whose day is up counts as expired at once, before
 * the job that deletes it has run (the API answers 410 for it from that moment).
 */
export function exportStatusNow(record: Pick<Export, 'status' | 'expires_at'>, now = new Date()): ExportStatus {
  if (record.status === 'done' && record.expires_at && new Date(record.expires_at) <= now) return 'expired';
  return record.status;
}

/** The file is still being written: the page follows it. */
export function isWriting(status: ExportStatus): boolean {
  return status === 'queued' || status === 'running';
}

export function exportStatusLabel(status: ExportStatus, t: Messages): ExportStatusLabel {
  return { label: t[`exports_status_${status}`], tone: statusTones[status] };
}

export function exportKindLabel(kind: Export['kind'], t: Messages): string {
  return kind === 'attendees' ? t.exports_kind_attendees : t.exports_kind_orders;
}

export function exportFormatLabel(format: Export['format'], t: Messages): string {
  return format === 'csv' ? t.exports_format_csv : t.exports_format_xlsx;
}

/**
 * The progress bar's figures: rows written of rows to write. Null until the export has counted
 * its rows (the bar then shows no value, as an activity indicator does).
 */
export function exportProgress(record: Pick<Export, 'status' | 'done_rows' | 'total_rows'>): {
  value: number;
  max: number;
} | null {
  if (record.total_rows === null) return null;
  // An empty list is a finished one: a full bar rather than 0 of 0.
  const max = Math.max(record.total_rows, 1);
  const value = record.status === 'done' ? max : Math.min(record.done_rows, max);
  return { value, max };
}

/** The exports list's address (and a page cursor). */
export function exportsHref(cursor?: string | null): string {
  return cursor ? `/exports?${new URLSearchParams({ cursor })}` : '/exports';
}

/** An event's attendee list: its search, and a page cursor. */
export function attendeesHref(eventId: string, q?: string | null, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return `/events/${eventId}/attendees${query ? `?${query}` : ''}`;
}

/** What the download route says back to the export's page when the API has no file to give. */
export const DOWNLOAD_PROBLEMS = { 409: 'not_ready', 410: 'expired', 422: 'failed' } as const;
export type DownloadProblem = (typeof DOWNLOAD_PROBLEMS)[keyof typeof DOWNLOAD_PROBLEMS];

export function downloadProblem(value: string | null): DownloadProblem | null {
  return (Object.values(DOWNLOAD_PROBLEMS) as string[]).includes(value ?? '') ? (value as DownloadProblem) : null;
}
