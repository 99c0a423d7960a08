/**
 * When each request arrived and was answered, for counting round trips in a row: on a real network each costs
 * 50–300 ms, on loopback nothing, so latency is measured in requests that had to wait for one another.
 */
import type { RequestRecord } from './exchange.ts';

export interface Timing {
  request: RequestRecord;
  /** performance.now() on arrival. */
  started: number;
  /** performance.now() when the answer was sent, or the request dropped; undefined while open. */
  answered?: number;
}

/**
 * The longest chain of requests each sent after the one before it was answered: the round trips a client made in
 * a row. Requests that overlap count once, however many there were.
 */
export function roundTrips(timeline: readonly Timing[]): number {
  const done = timeline
    .filter((t): t is Required<Timing> => t.answered !== undefined)
    .sort((a, b) => a.started - b.started);
  const depth = done.map(() => 1);
  for (let i = 0; i < done.length; i++) {
    for (let j = 0; j < i; j++) {
      if (done[j].answered <= done[i].started) depth[i] = Math.max(depth[i], depth[j] + 1);
    }
  }
  return Math.max(0, ...depth);
}
