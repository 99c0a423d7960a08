import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { headerValue, MAX_HEADER_VALUE, notificationHeaders } from '../../src/notification/headers.js';
import { pushRun } from './run.ts';

describe('notificationHeaders', () => {
  it('names the result, repository, workflow, ref and run id, five at most, each x-', () => {
    const headers = notificationHeaders(pushRun(), 'failure');
    expect(headers.map((h) => h.name)).toEqual([
      'X-GitHub-Result',
      'X-GitHub-Repository',
      'X-GitHub-Workflow',
      'X-GitHub-Ref',
      'X-GitHub-Run-Id',
    ]);
    expect(headers[0].value).toBe('failure');
  });

  it('leaves out a header with nothing to say rather than sending it empty', () => {
    const headers = notificationHeaders({ ...pushRun(), refName: undefined }, 'success');
    expect(headers.map((h) => h.name)).not.toContain('X-GitHub-Ref');
  });
});

describe('headerValue', () => {
  it('keeps printable ASCII as it is, spaces and slashes included', () => {
    expect(headerValue('feature/login page (v2)')).toBe('feature/login page (v2)');
  });

  it('percent-encodes line breaks, so a branch name cannot add a header', () => {
    expect(headerValue('main\r\nBcc: attacker@evil.example')).toBe('main%0D%0ABcc: attacker@evil.example');
  });

  it('percent-encodes non-ASCII as UTF-8, and % itself, so decoding gives the name back', () => {
    expect(headerValue('fix/ümlaut-🚀 100%')).toBe('fix/%C3%BCmlaut-%F0%9F%9A%80 100%25');
    expect(decodeURIComponent(headerValue('fix/ümlaut-🚀 100%'))).toBe('fix/ümlaut-🚀 100%');
  });

  it('bounds the length without splitting a character', () => {
    expect(headerValue('a'.repeat(1000))).toHaveLength(MAX_HEADER_VALUE);
    const cut = headerValue('é'.repeat(100));
    expect(cut).toBe('%C3%A9'.repeat(Math.floor(MAX_HEADER_VALUE / 6)));
  });

  it('whatever the input, one line of printable ASCII within the bound', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const value = headerValue(raw);
        expect(value).toMatch(/^[\x20-\x7e]*$/);
        expect(value.length).toBeLessThanOrEqual(MAX_HEADER_VALUE);
      }),
    );
  });
});
