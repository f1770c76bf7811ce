import { describe, expect, it } from 'vitest';
import { toAppError } from './errors.ts';

/** PostgreSQL's refusals that a request can cause, and what its sender is told. */
describe('database errors a request can cause', () => {
  it.each([
    ['23505', 409, 'already_exists'],
    ['23503', 422, 'invalid_reference'],
    // ON DELETE RESTRICT: PostgreSQL 18 reports it with its own code.
    ['23001', 409, 'still_referenced'],
    ['23514', 422, 'constraint_violated'],
    ['22P02', 400, 'invalid_request'],
    ['40P01', 409, 'busy'],
    ['XX000', 500, 'internal_error'],
  ])('%s answers %i %s', (code, status, errorCode) => {
    const error = Object.assign(new Error('from PostgreSQL'), { code });
    expect(toAppError(error)).toMatchObject({ statusCode: status, code: errorCode });
  });
});
