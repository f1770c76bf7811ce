import { badRequest } from './errors.ts';

/**
 * Opaque pagination cursors: the sort key of the last row of a page, so the next page starts
 * strictly after it and a row inserted meanwhile is neither skipped nor repeated.
 */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (
    !Array.isArray(values) ||
    values.length !== shape.length ||
    values.some((value, i) => typeof value !== shape[i])
  ) {
    throw badRequest(
      'invalid_cursor',
      'The cursor is not valid here. Use the next_cursor of the previous page, with the same filters.',
      [{ field: 'query.cursor', message: 'is not a cursor of this list' }],
    );
  }
  return values as (string | number)[];
}

const POSITION_PREFIX = 'pos_';
const XID = /^[0-9]{1,20}$/;
const MAX_XID = 2n ** 64n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 as clients write it; the calendar itself is checked by Date.parse.
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** A place in one list's sync order: the transaction that last wrote a row, and the row's id. */
export interface SyncPosition {
  xid: string;
  id: string;
}

/** Where a sync page starts: after a position, and (on a first sync from a time) at or after a time. */
export interface SyncStart {
  since?: Date;
  after?: SyncPosition;
}

/** An opaque position token of `list`: `pos_` and the base64url of `[list, xid, id]`. */
export function encodePosition(list: string, position: SyncPosition): string {
  return `${POSITION_PREFIX}${encodeCursor([list, position.xid, position.id])}`;
}

function decodePosition(list: string, token: string): SyncPosition | null {
  if (!token.startsWith(POSITION_PREFIX)) return null;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token.slice(POSITION_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== 3) return null;
  const [from, xid, id] = values as unknown[];
  if (from !== list || typeof xid !== 'string' || typeof id !== 'string') return null;
  if (!XID.test(xid) || BigInt(xid) > MAX_XID || !UUID.test(id)) return null;
  return { xid, id };
}

/**
 * Reads a sync request: `updated_since` is a time (a first sync) or a position this list
 * returned as `next_updated_since`; `cursor`, from `next_cursor`, goes on from where the last
 * page stopped and keeps a first sync's time.
 */
export function readSyncStart(list: string, updatedSince: string, cursor: string | undefined): SyncStart {
  const start: SyncStart = {};
  if (RFC_3339.test(updatedSince) && Number.isFinite(Date.parse(updatedSince))) {
    start.since = new Date(updatedSince);
  } else {
    const after = decodePosition(list, updatedSince);
    if (!after) {
      throw badRequest(
        'invalid_updated_since',
        'updated_since must be a time such as 2024-05-01T00:00:00Z, or the next_updated_since this list returned.',
        [{ field: 'query.updated_since', message: 'is neither an RFC 3339 time nor a position of this list' }],
      );
    }
    start.after = after;
  }
  if (cursor !== undefined) {
    const after = decodePosition(list, cursor);
    if (!after) {
      throw badRequest(
        'invalid_cursor',
        'The cursor is not valid here. Use the next_cursor of the previous page, with the same updated_since and filters.',
        [{ field: 'query.cursor', message: 'is not a cursor of this list' }],
      );
    }
    start.after = after;
  }
  return start;
}
