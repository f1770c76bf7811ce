import { describe, expect, it } from 'vitest';
import {
  attendeesHref,
  downloadProblem,
  exportProgress,
  exportStatusLabel,
  exportStatusNow,
  exportsHref,
  isWriting,
} from './exports';
import { messagesFor } from './messages';

const en = messagesFor('en');
const fr = messagesFor('fr');

describe('exportStatusNow', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it('counts a finished file whose day is up as expired before the job deletes it', () => {
    expect(exportStatusNow({ status: 'done', expires_at: '2026-12-06T11:59:59Z' }, now)).toBe('expired');
    expect(exportStatusNow({ status: 'done', expires_at: '2026-12-07T11:59:59Z' }, now)).toBe('done');
  });
  it('keeps every other status as the API gave it', () => {
    expect(exportStatusNow({ status: 'running', expires_at: null }, now)).toBe('running');
    expect(exportStatusNow({ status: 'failed', expires_at: null }, now)).toBe('failed');
  });
});

describe('exportProgress', () => {
  it('is rows written of rows to write', () => {
    expect(exportProgress({ status: 'running', done_rows: 12_000, total_rows: 50_000 })).toEqual({
      value: 12_000,
      max: 50_000,
    });
  });
  it('has no value until the rows are counted', () => {
    expect(exportProgress({ status: 'queued', done_rows: 0, total_rows: null })).toBeNull();
  });
  it('is full once done, an empty list too', () => {
    expect(exportProgress({ status: 'done', done_rows: 0, total_rows: 0 })).toEqual({ value: 1, max: 1 });
    expect(exportProgress({ status: 'done', done_rows: 40, total_rows: 40 })).toEqual({ value: 40, max: 40 });
  });
});

describe('words and addresses', () => {
  it('names each status in the reader’s language, with a badge tone', () => {
    expect(exportStatusLabel('running', en)).toEqual({ label: 'Writing', tone: 'pending' });
    expect(exportStatusLabel('done', fr)).toEqual({ label: 'Prêt', tone: 'live' });
    expect(isWriting('queued')).toBe(true);
    expect(isWriting('done')).toBe(false);
  });
  it('says how many rows are written', () => {
    expect(en.exports_rowsOf({ done: '12,000', total: '50,000', count: 50_000 })).toBe('12,000 of 50,000 rows');
    expect(en.exports_rowsOf({ done: '0', total: '1', count: 1 })).toBe('0 of 1 row');
    expect(fr.exports_rowsOf({ done: '1', total: '1', count: 1 })).toBe('1 sur 1 ligne');
    expect(messagesFor('ar').exports_rowsOf({ done: '١', total: '٢', count: 2 })).toBe('١ من صفّين');
  });
  it('builds the lists’ addresses with their search and cursor', () => {
    expect(attendeesHref('e1')).toBe('/events/e1/attendees');
    expect(attendeesHref('e1', 'marie & co', 'c2')).toBe('/events/e1/attendees?q=marie+%26+co&cursor=c2');
    expect(exportsHref()).toBe('/exports');
    expect(exportsHref('abc')).toBe('/exports?cursor=abc');
  });
  it('reads back only the download problems it knows', () => {
    expect(downloadProblem('expired')).toBe('expired');
    expect(downloadProblem('<script>')).toBeNull();
    expect(downloadProblem(null)).toBeNull();
  });
});
