/** When and how often the client tries a request again. */
export interface RetryOptions {
  /** Tries after the first; 0 turns retrying off. Default 3. */
  retries?: number;
  /** The first wait, doubled on each try and randomized (full jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** The longest wait between tries, also for a `Retry-After` that asks for longer. Default 30 s. */
  maxDelayMs?: number;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
// Asked to come back later (429), or the API or a proxy in front of it was briefly unavailable.
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

/** Whether the request may be sent again: reads always; writes only under an Idempotency-Key, which replays. */
function repeatable(request: Request): boolean {
  return !WRITE_METHODS.has(request.method) || request.headers.has('idempotency-key');
}

/** Milliseconds a `Retry-After` header asks to wait (seconds or an HTTP date), or null without one. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function backoffMs(attempt: number, options: Required<RetryOptions>): number {
  return Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
}

function wait(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * A `fetch` that tries again when the API asks for it (429 with `Retry-After`, or 409 with
 * `Retry-After` while the first request of its Idempotency-Key still runs), when it or a proxy
 * was briefly unavailable (502, 503, 504) or the connection failed — reads always, writes only
 * when they carry an Idempotency-Key, so a write that went through the first time is replayed by
 * the API instead of done twice. It waits what `Retry-After` says, else an exponential backoff with
 * jitter.
 */
export function retryingFetch(
  fetchImpl: (request: Request, init?: RequestInit) => Promise<Response>,
  options: RetryOptions = {},
): (request: Request, init?: RequestInit) => Promise<Response> {
  const settings: Required<RetryOptions> = {
    retries: options.retries ?? 3,
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
  };
  return async (request, init) => {
    if (settings.retries === 0 || !repeatable(request)) return fetchImpl(request, init);
    for (let attempt = 0; ; attempt++) {
      // A request's body can be read once: each try sends a copy.
      const last = attempt >= settings.retries;
      const copy = last ? request : request.clone();
      let response: Response;
      try {
        response = await fetchImpl(copy, init);
      } catch (error) {
        if (last || request.signal.aborted) throw error;
        await wait(backoffMs(attempt, settings), request.signal);
        continue;
      }
      const asked = retryAfterMs(response.headers.get('retry-after'));
      // 409 with Retry-After: the same Idempotency-Key is still being worked on; its answer comes soon.
      const stillRunning = response.status === 409 && asked !== null && request.headers.has('idempotency-key');
      if (last || !(RETRIED_STATUSES.has(response.status) || stillRunning)) return response;
      await response.body?.cancel();
      await wait(Math.min(asked ?? backoffMs(attempt, settings), settings.maxDelayMs), request.signal);
    }
  };
}

/** Gives every write without an Idempotency-Key one of its own, kept by every retry of it. */
export function withIdempotencyKey(request: Request): Request {
  if (WRITE_METHODS.has(request.method) && !request.headers.has('idempotency-key')) {
    request.headers.set('idempotency-key', crypto.randomUUID());
  }
  return request;
}
