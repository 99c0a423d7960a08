import { describe, expect, it } from 'vitest';
import type { RequestRecord } from './exchange.ts';
import { roundTrips, type Timing } from './timeline.ts';

const request = (path: string): RequestRecord => ({ service: 'github', method: 'GET', path, status: 200 });
const at = (path: string, started: number, answered?: number): Timing => ({
  request: request(path),
  started,
  answered,
});

describe('roundTrips', () => {
  it('counts requests that overlap once', () => {
    expect(roundTrips([at('/run', 0, 100), at('/jobs', 1, 101), at('/runs', 2, 102)])).toBe(1);
  });

  it('counts each request sent after the one before it was answered', () => {
    expect(roundTrips([at('/openid', 0, 100), at('/token', 100, 200), at('/sendMail', 200, 300)])).toBe(3);
  });

  it('takes the longest chain when two run side by side', () => {
    const timeline = [
      at('/openid', 0, 100),
      at('/jobs', 5, 105),
      at('/token', 101, 201),
      at('/annotations', 106, 206),
      at('/logs', 207, 307),
      at('/sendMail', 308, 408),
    ];
    expect(roundTrips(timeline)).toBe(4);
  });

  it('leaves out requests never answered, and is 0 for none', () => {
    expect(roundTrips([at('/hung', 0)])).toBe(0);
    expect(roundTrips([])).toBe(0);
  });
});
