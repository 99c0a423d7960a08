import { describe, expect, it } from 'vitest';
import { cleanSubject, defaultSubject, excerpt } from '../../src/notification/subject.js';
import { runContext } from '../fixtures/context.ts';

describe('defaultSubject', () => {
  it.each([
    ['success', '✅ SUCCESS · Codertocat/Hello-World · CI #42 · master'],
    ['failure', '❌ FAILURE · Codertocat/Hello-World · CI #42 · master'],
    ['cancelled', '🚫 CANCELLED · Codertocat/Hello-World · CI #42 · master'],
    ['skipped', '⏭️ SKIPPED · Codertocat/Hello-World · CI #42 · master'],
  ] as const)('%s on push', (status, expected) => {
    expect(defaultSubject(runContext('push'), status)).toBe(expected);
  });

  it.each([
    ['pull_request', '❌ FAILURE · Codertocat/Hello-World · CI #42 · PR #2'],
    ['pull_request_target', '❌ FAILURE · Codertocat/Hello-World · CI #42 · PR #2'],
    ['release', '❌ FAILURE · Codertocat/Hello-World · CI #42 · 0.0.1'],
    ['workflow_run', '❌ FAILURE · Codertocat/Hello-World · CI #42 · main'],
    ['workflow_dispatch', '❌ FAILURE · octo-org/octo-repo · CI #42 · main'],
    ['schedule', '❌ FAILURE · Codertocat/Hello-World · CI #42 · main'],
  ])('%s', (event, expected) => {
    expect(defaultSubject(runContext(event), 'failure')).toBe(expected);
  });

  it('leaves out what the run does not have', () => {
    const ctx = runContext('schedule', { GITHUB_REF_NAME: '', GITHUB_RUN_NUMBER: undefined, GITHUB_WORKFLOW: '' });
    expect(defaultSubject(ctx, 'success')).toBe('✅ SUCCESS · Codertocat/Hello-World');
  });

  it.each([
    ['fixed', 'success', '✅ FIXED · Codertocat/Hello-World · CI #42 · master'],
    ['broken', 'failure', '❌ BROKEN · Codertocat/Hello-World · CI #42 · master'],
    ['still-failing', 'failure', '❌ STILL FAILING · Codertocat/Hello-World · CI #42 · master'],
    ['still-passing', 'success', '✅ SUCCESS · Codertocat/Hello-World · CI #42 · master'],
    ['first', 'failure', '❌ FAILURE · Codertocat/Hello-World · CI #42 · master'],
  ] as const)('names the %s transition', (transition, status, expected) => {
    expect(defaultSubject({ ...runContext('push'), transition }, status)).toBe(expected);
  });
});

describe('cleanSubject', () => {
  it('collapses line breaks, tabs and control characters to single spaces', () => {
    expect(cleanSubject('  Build\r\nfailed\t\ton\u0000\u001b[31m main \n')).toBe('Build failed on [31m main');
  });

  it('removes bidi overrides that could reorder what the reader sees', () => {
    expect(cleanSubject('feat/\u202egnp.exe')).toBe('feat/ gnp.exe');
  });

  it('keeps ordinary text and emoji untouched', () => {
    expect(cleanSubject('✅ SUCCESS · café 👩‍💻')).toBe('✅ SUCCESS · café 👩‍💻');
  });

  it('caps long subjects at 255 characters with an ellipsis', () => {
    const cleaned = cleanSubject('x'.repeat(1000));
    expect(Array.from(cleaned)).toHaveLength(255);
    expect(cleaned.endsWith('x…')).toBe(true);
  });

  it('does not split a surrogate pair when capping', () => {
    const cleaned = cleanSubject('😀'.repeat(300));
    expect(Array.from(cleaned)).toHaveLength(255);
    expect(cleaned).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('leaves a 255-character subject as it is', () => {
    expect(cleanSubject('y'.repeat(255))).toBe('y'.repeat(255));
  });

  it('turns a hostile branch name into one line in the default subject', () => {
    const ctx = runContext('push', { GITHUB_REF_NAME: 'evil\r\nBcc: victim@example.com' });
    expect(cleanSubject(defaultSubject(ctx, 'success'))).toBe(
      '✅ SUCCESS · Codertocat/Hello-World · CI #42 · evil Bcc: victim@example.com',
    );
  });
});

describe('excerpt', () => {
  it('flattens to one line and cuts at the limit with an ellipsis', () => {
    expect(excerpt('  a\nb  ', 10)).toBe('a b');
    expect(excerpt('abcdefghij', 10)).toBe('abcdefghij');
    expect(excerpt('abcdefghijk', 10)).toBe('abcdefghi…');
    expect(excerpt('abcd    efghijk', 6)).toBe('abcd…');
  });
});
