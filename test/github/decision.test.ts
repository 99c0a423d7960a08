import { describe, expect, it } from 'vitest';
import { decide } from '../../src/github/decision.js';

describe('decide', () => {
  it('always sends', () => {
    for (const status of ['success', 'failure', 'cancelled', 'skipped'] as const) {
      expect(decide('always', status)).toEqual({ send: true, reason: 'notify-when: always' });
    }
  });

  it('failure sends failures only', () => {
    expect(decide('failure', 'failure').send).toBe(true);
    expect(decide('failure', 'cancelled')).toEqual({
      send: false,
      reason: 'notify-when: failure, and the result is cancelled',
    });
    expect(decide('failure', 'success').send).toBe(false);
  });

  it('not-success sends everything but success', () => {
    expect(decide('not-success', 'success')).toEqual({
      send: false,
      reason: 'notify-when: not-success, and the result is success',
    });
    expect(decide('not-success', 'cancelled').send).toBe(true);
    expect(decide('not-success', 'skipped').send).toBe(true);
    expect(decide('not-success', 'failure').send).toBe(true);
  });

  describe('change', () => {
    it('sends transitions and the first run', () => {
      expect(decide('change', 'failure', { transition: 'broken', previousRunNumber: 41 })).toEqual({
        send: true,
        reason: 'notify-when: change, and the workflow is broken (as run #41)',
      });
      expect(decide('change', 'success', { transition: 'fixed', previousRunNumber: 40 }).send).toBe(true);
      expect(decide('change', 'success', { transition: 'first' })).toEqual({
        send: true,
        reason: 'notify-when: change, and there is no earlier completed run to compare with',
      });
    });

    it('holds back an unchanged result, saying so', () => {
      expect(decide('change', 'failure', { transition: 'still-failing', previousRunNumber: 41 })).toEqual({
        send: false,
        reason: 'notify-when: change, and the workflow is still failing (as run #41)',
      });
      expect(decide('change', 'success', { transition: 'still-passing', previousRunNumber: 41 })).toEqual({
        send: false,
        reason: 'notify-when: change, and the workflow is still passing (as run #41)',
      });
    });

    it('sends when the previous run could not be read', () => {
      expect(decide('change', 'failure')).toEqual({
        send: true,
        reason: 'notify-when: change, but the previous run could not be read',
      });
    });

    it('does not compare cancelled or skipped runs', () => {
      expect(decide('change', 'cancelled')).toEqual({
        send: false,
        reason: 'notify-when: change compares successes and failures, and this run is cancelled',
      });
    });
  });
});
