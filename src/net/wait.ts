/** 1 s, 2 s, 4 s ... each scaled by a random 0.5–1.5, so many runners that failed together do not retry together. */
export function backoff(attempt: number, signal: AbortSignal): Promise<void> {
  return sleep(backoffMs(attempt, 1000), signal);
}

/** `first` doubled for each attempt after the first, at most `cap`, then scaled by a random 0.5–1.5. */
export function backoffMs(attempt: number, first: number, cap = Infinity, random = Math.random): number {
  return Math.min(cap, first * 2 ** (attempt - 1)) * (0.5 + random());
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
