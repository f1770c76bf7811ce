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
    ['40P01', 503, 'busy'],
    ['40001', 503, 'busy'],
    ['55P03', 503, 'busy'],
    ['57P01', 503, 'database_unavailable'],
    ['08006', 503, 'database_unavailable'],
    ['XX000', 500, 'internal_error'],
  ])('%s answers %i %s', (code, status, errorCode) => {
    const error = Object.assign(new Error('from PostgreSQL'), { code });
    expect(toAppError(error)).toMatchObject({ statusCode: status, code: errorCode });
    if (status === 503) expect(toAppError(error).headers).toEqual({ 'retry-after': '1' });
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
  ])('a lost connection ("%s") answers 503 with Retry-After', (message) => {
    expect(toAppError(new Error(message))).toMatchObject({
      statusCode: 503,
      code: 'database_unavailable',
      headers: { 'retry-after': '1' },
    });
  });
});
