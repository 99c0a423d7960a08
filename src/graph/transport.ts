import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** What the socket layer said, e.g. `ECONNREFUSED` or `self-signed certificate`: the part a user can act on. */
export function networkReason(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) {
    // Only system codes (ECONNRESET, UND_ERR_SOCKET, ...): the Graph client also puts class names in `code`.
    const code = (e as NodeJS.ErrnoException).code;
    const system = typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && !e.message.includes(code);
    parts.push(system ? `${e.message} (${code})` : e.message);
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}

/**
 * The last link of the Graph client's middleware chain. It replaces the library's HTTPMessageHandler, which
 * keeps only "fetch failed" of a network error, so that a refused connection or an untrusted certificate is
 * named; and it applies the send's deadline to every request, retries included.
 */
export class FetchHandler implements Middleware {
  constructor(signal: AbortSignal) {
    this.signal = signal;
  }

  private readonly signal: AbortSignal;
  /** Requests put on the wire, retries included. */
  requests = 0;

  async execute(context: Context): Promise<void> {
    this.requests++;
    try {
      context.response = await fetch(context.request, { ...context.options, signal: this.signal });
    } catch (error) {
      if (this.signal.aborted) throw this.signal.reason;
      throw new Error(networkReason(error), { cause: error });
    }
  }
}
