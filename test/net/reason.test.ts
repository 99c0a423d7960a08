import { describe, expect, it } from 'vitest';
import { networkReason } from '../../src/net/reason.js';

function errno(message: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('networkReason', () => {
  it('follows the cause chain and adds a system code the message lacks', () => {
    const error = new TypeError('fetch failed', { cause: errno('other side closed', 'UND_ERR_SOCKET') });
    expect(networkReason(error)).toBe('fetch failed: other side closed (UND_ERR_SOCKET)');
  });

  it('does not repeat a code already in the message', () => {
    const error = new TypeError('fetch failed', { cause: errno('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED') });
    expect(networkReason(error)).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('ignores codes that are class names, not system codes', () => {
    expect(networkReason(errno('fetch failed', 'Error'))).toBe('fetch failed');
  });

  it('shows a non-Error as text', () => {
    expect(networkReason('socket hang up')).toBe('socket hang up');
  });
});
