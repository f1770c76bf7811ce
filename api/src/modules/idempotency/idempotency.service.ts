import { randomUUID } from 'node:crypto';
import type { Services } from '../../context.ts';
import { withIdempotencyKeySweep, withTenant } from '../../db/tenant.ts';
import { AppError, unprocessable } from '../../lib/errors.ts';
import * as repo from './idempotency.repository.ts';

export type { KeptAnswer, KeyRef } from './idempotency.repository.ts';

/** How long a key is kept, counted from its first request: a retry a day later is a new request. */
export const KEPT_SECONDS = 24 * 60 * 60;

/**
 * A claim still unanswered after this long was abandoned: the process that made it died, or lost
 * the database, before it could record or forget the answer. Another request with the key then
 * runs in its place. No request runs this long (Stripe's calls give up after 20 s, uploads are
 * capped at a few MB), so a claim this old is not one whose work may still commit; until then,
 * a retry is told the key is in use. The cost of the rule: a request whose process died after
 * its work committed and before its answer was recorded runs a second time when retried.
 */
export const ABANDONED_AFTER_SECONDS = 5 * 60;

const SWEEP_BATCH = 5_000;

export type ClaimOutcome =
  | { outcome: 'claimed'; claim: string }
  | { outcome: 'replay'; answer: repo.KeptAnswer }
  /** The organizer is gone (a staff path naming none): the request goes on without a key. */
  | { outcome: 'no_organizer' };

export function keyInUse(): AppError {
  return new AppError(
    409,
    'idempotency_key_in_use',
    'A request with this Idempotency-Key is still being processed. Wait a moment and send it again with the same key to get its answer.',
    [],
    { 'retry-after': '1' },
  );
}

export function keyReused(): AppError {
  return unprocessable(
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request (another path, body or person). Send the same key only to retry the very same request, and a new key for a new one.',
    [{ field: 'headers.idempotency-key', message: 'was already used for a different request' }],
  );
}

/**
 * Claims `ref` for one request, or tells why it may not run: the first answer to replay, or an
 * error (409 while the first request runs, 422 for another request with the same key). The claim
 * is one `insert … on conflict do nothing` committed before the request's work starts, so that
 * of any number of requests racing with one key, exactly one runs.
 */
export async function claimKey(services: Services, ref: repo.KeyRef, fingerprint: string): Promise<ClaimOutcome> {
  // A key forgotten or expired between our insert and our read is tried again; twice is plenty.
  for (let attempt = 0; attempt < 3; attempt++) {
    const claim = randomUUID();
    let outcome: ClaimOutcome | null;
    try {
      outcome = await withTenant(services.db, ref.tenantId, async (trx) => {
        if (await repo.insertClaim(trx, ref, fingerprint, claim)) return { outcome: 'claimed', claim };
        const held = await repo.findKey(trx, ref, KEPT_SECONDS, ABANDONED_AFTER_SECONDS);
        if (!held) return null;
        if (held.expired) {
          await repo.deleteExpiredKey(trx, ref, KEPT_SECONDS);
          return null;
        }
        if (held.fingerprint !== fingerprint) throw keyReused();
        if (held.response_status !== null && held.response_body !== null) {
          return {
            outcome: 'replay',
            answer: { status: held.response_status, headers: held.response_headers ?? {}, body: held.response_body },
          };
        }
        if (held.abandoned && (await repo.takeOverClaim(trx, ref, claim, ABANDONED_AFTER_SECONDS))) {
          return { outcome: 'claimed', claim };
        }
        throw keyInUse();
      });
    } catch (error) {
      // 23503: the organizer named by the path does not exist; the request's own answer says so.
      if ((error as { code?: string }).code === '23503') return { outcome: 'no_organizer' };
      throw error;
    }
    if (outcome) return outcome;
  }
  throw keyInUse();
}

/** Keeps the answer of the request holding `claim`, for replay. */
export function recordAnswer(services: Services, ref: repo.KeyRef, claim: string, answer: repo.KeptAnswer) {
  return withTenant(services.db, ref.tenantId, (trx) => repo.recordAnswer(trx, ref, claim, answer));
}

/** Lets the key go: the request failed on our side, so a retry with it runs again. */
export function forgetClaim(services: Services, ref: repo.KeyRef, claim: string) {
  return withTenant(services.db, ref.tenantId, (trx) => repo.deleteClaim(trx, ref, claim));
}

/** Deletes the keys of every organizer past their 24 hours; how many. */
export async function sweepExpiredKeys(services: Services): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await withIdempotencyKeySweep(services.db, (trx) =>
      repo.deleteExpiredKeys(trx, KEPT_SECONDS, SWEEP_BATCH),
    );
    total += deleted;
    if (deleted < SWEEP_BATCH) return total;
  }
}
