import { describe, expect, it } from 'vitest';
import { headline, STATUS_LOOKS } from '../../src/notification/status.js';
import { STATUSES } from '../../src/status.js';

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('STATUS_LOOKS', () => {
  it('spells each status as an upper-case word', () => {
    expect(STATUSES.map((s) => STATUS_LOOKS[s].word)).toEqual(['SUCCESS', 'FAILURE', 'CANCELLED', 'SKIPPED']);
  });

  it('gives each status its own mark and banner colour', () => {
    expect(STATUSES.map((s) => STATUS_LOOKS[s].mark)).toEqual(['✅', '❌', '🚫', '⏭️']);
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
