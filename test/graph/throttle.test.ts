import { describe, expect, it } from 'vitest';
import { retryWaitMs } from '../../src/graph/throttle.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const middle = () => 0.5;

describe('retryWaitMs', () => {
  it('waits as long as Retry-After says, in seconds or as an HTTP date', () => {
    expect(retryWaitMs('7', 1, NOW, middle)).toBe(7000);
    expect(retryWaitMs('0', 4, NOW, middle)).toBe(0);
    expect(retryWaitMs(new Date(NOW + 2500).toUTCString(), 1, NOW, middle)).toBe(2000);
    expect(retryWaitMs(new Date(NOW - 5000).toUTCString(), 1, NOW, middle)).toBe(0);
  });

  it('without Retry-After, doubles from 3 s and stops growing at 60 s', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 12].map((attempt) => retryWaitMs(null, attempt, NOW, middle));
    expect(waits).toEqual([3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000]);
  });

  it('spreads the waits by half either way, so runners throttled together do not return together', () => {
    expect(retryWaitMs(null, 2, NOW, () => 0)).toBe(3000);
    expect(retryWaitMs(null, 2, NOW, () => 0.999_999)).toBeCloseTo(9000, 0);
    expect(retryWaitMs(null, 9, NOW, () => 0.999_999)).toBeCloseTo(90_000, 0);
  });

  it('treats a Retry-After it cannot read as none', () => {
    expect(retryWaitMs('soon', 1, NOW, middle)).toBe(3000);
  });
});
