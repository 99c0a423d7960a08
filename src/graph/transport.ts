import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { fetch } from 'undici';
import { dispatcher } from '../net/proxy.js';
import { networkReason } from '../net/reason.js';
import { backoff } from '../net/wait.js';

/** Attempts of one request when the connection fails (reset, timeout, refused) before any answer. */
const NETWORK_ATTEMPTS = 4;

/**
 * The last link of the Graph client's middleware chain. It replaces the library's HTTPMessageHandler, which
 * keeps only "fetch failed" of a network error, so that a refused connection or an untrusted certificate is
 * named; retries a request whose connection failed (the library retries only answers: 429, 503, 504), with
 * exponential backoff and jitter; sends through the runner's proxy (undici's fetch with the shared dispatcher:
 * Node's own fetch ignores HTTPS_PROXY); and applies the client's deadline to every request, retries included.
 *
 * A sendMail whose connection broke after it was sent may have been delivered: retrying it can deliver twice.
 * Graph has no idempotency key, and a notification twice is better than none.
 */
export class FetchHandler implements Middleware {
  constructor(signal: AbortSignal) {
    this.signal = signal;
  }

  private readonly signal: AbortSignal;
  /** Requests put on the wire, retries included. */
  requests = 0;
  /** What the last request ended with (`429 Too Many Requests`, `other side closed`), for a timeout message. */
  last = '';

  async execute(context: Context): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.requests++;
      this.last = '';
      try {
        const init = { ...context.options, signal: this.signal, dispatcher: dispatcher() } as Parameters<
          typeof fetch
        >[1];
        // undici's Response has the shape of the global one the Graph client types expect.
        const response = (await fetch(context.request as string, init)) as unknown as Response;
        this.last = `${response.status} ${response.statusText}`.trim();
        context.response = response;
        return;
      } catch (error) {
        if (this.signal.aborted) throw this.signal.reason;
        this.last = networkReason(error);
        if (attempt >= NETWORK_ATTEMPTS) throw new Error(this.last, { cause: error });
        await backoff(attempt, this.signal);
      }
    }
  }
}
