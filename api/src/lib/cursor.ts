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
