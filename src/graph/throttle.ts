import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { backoffMs, sleep } from '../net/wait.js';

/** What Graph answers when Exchange throttles a mailbox or is briefly unavailable: worth asking again. */
const RETRIABLE = new Set([429, 503, 504]);
/** The first wait when Graph names none (the Graph client library's own default), and the most any grows to. */
const FIRST_WAIT_MS = 3000;
const MAX_WAIT_MS = 60_000;

/**
 * Retries 429, 503 and 504 until the send's deadline. It replaces the Graph client's RetryHandler, which stops
 * after at most ten tries whatever the deadline: a mailbox throttled for a minute should still get its mail out
 * when `timeout-seconds` allows. Honours Retry-After (seconds or an HTTP date); without one, waits 3 s, 6 s, 12 s
 * ... up to 60 s, with jitter. A retry whose wait would pass the deadline is not made: the last answer goes back to
 * the caller, which explains it with the number of attempts.
 */
export class ThrottleHandler implements Middleware {
  constructor(deadline: number, signal: AbortSignal) {
    this.deadline = deadline;
    this.signal = signal;
  }

  private readonly deadline: number;
  private readonly signal: AbortSignal;
  private next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.next!.execute(context);
      const response = context.response;
      if (!response || !RETRIABLE.has(response.status)) return;
      const wait = retryWaitMs(response.headers.get('Retry-After'), attempt);
      if (Date.now() + wait >= this.deadline) return;
      // The answer is dropped for a new one: free its connection.
      await response.body?.cancel().catch(() => {});
      await sleep(wait, this.signal);
    }
  }
}

/** How long to wait before the next try: what Retry-After says, else the capped exponential backoff. */
export function retryWaitMs(
  retryAfter: string | null,
  attempt: number,
  now = Date.now(),
  random = Math.random,
): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isNaN(seconds) ? new Date(retryAfter).getTime() - now : seconds * 1000;
    if (Number.isFinite(ms)) return Math.max(0, ms);
  }
  return backoffMs(attempt, FIRST_WAIT_MS, MAX_WAIT_MS, random);
}
