import { describe, expect, it } from 'vitest';
import { headline, STATUS_LOOKS } from '../../src/notification/status.js';
import { STATUSES } from '../../src/status.js';
import { contrast } from './contrast.ts';

describe('STATUS_LOOKS', () => {
  it('spells each status as an upper-case word', () => {
    expect(STATUSES.map((s) => STATUS_LOOKS[s].word)).toEqual(['SUCCESS', 'FAILURE', 'CANCELLED', 'SKIPPED']);
  });

  it('gives each status its own mark and banner colour', () => {
    expect(STATUSES.map((s) => STATUS_LOOKS[s].mark)).toEqual(['✅', '❌', '🚫', '⏭️']);
    expect(STATUSES.map((s) => STATUS_LOOKS[s].symbol)).toEqual(['✓', '✗', '⊘', '↷']);
    expect(new Set(STATUSES.map((s) => STATUS_LOOKS[s].banner)).size).toBe(STATUSES.length);
  });

  it.each(STATUSES)('%s banner text meets WCAG AA contrast', (status) => {
    const look = STATUS_LOOKS[status];
    expect(look.banner).toMatch(/^#[0-9a-f]{6}$/);
    expect(contrast(look.banner, look.text)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('headline', () => {
  it.each([
    ['success', 'fixed', '✅', 'FIXED'],
    ['failure', 'broken', '❌', 'BROKEN'],
    ['failure', 'still-failing', '❌', 'STILL FAILING'],
    ['success', 'still-passing', '✅', 'SUCCESS'],
    ['failure', 'first', '❌', 'FAILURE'],
    ['cancelled', undefined, '🚫', 'CANCELLED'],
  ] as const)('%s after %s reads %s %s', (status, transition, mark, word) => {
    expect(headline(status, transition)).toEqual({ mark, word });
  });

  it('ignores a transition that contradicts the status', () => {
    expect(headline('failure', 'fixed')).toEqual({ mark: '❌', word: 'FAILURE' });
    expect(headline('success', 'broken')).toEqual({ mark: '✅', word: 'SUCCESS' });
    expect(headline('cancelled', 'still-failing')).toEqual({ mark: '🚫', word: 'CANCELLED' });
  });
});
