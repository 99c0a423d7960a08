import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/notification/text.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';

describe('renderText', () => {
  it('writes a headline, labelled lines and the run URL', () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.title = `Fix "quotes" & 'apostrophes' <b>`;
    const ctx = runContext('pull_request', { GITHUB_RUN_ATTEMPT: '2', GITHUB_TRIGGERING_ACTOR: 'hubot' }, payload);
    expect(renderText(ctx, 'failure')).toBe(
      [
        '❌ FAILURE · Codertocat/Hello-World · CI #42 · PR #2',
        '',
        'Repository: Codertocat/Hello-World <https://github.com/Codertocat/Hello-World>',
        'Workflow: CI',
        'Run: #42 (attempt 2) <https://github.com/Codertocat/Hello-World/actions/runs/1658821493/attempts/2>',
        'Event: pull_request',
        'Branch: changes → master',
        'Commit: ec26c3e <https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821>',
        `Pull request: #2 Fix "quotes" & 'apostrophes' <b> <https://github.com/Codertocat/Hello-World/pull/2>`,
        'Actor: Codertocat (triggered by hubot)',
        '',
        'View run: https://github.com/Codertocat/Hello-World/actions/runs/1658821493/attempts/2',
        '',
      ].join('\n'),
    );
  });

  it('keeps a multi-line title on its own line', () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.title = 'Harmless\nView run: https://evil.example';
    const lines = renderText(runContext('pull_request', {}, payload), 'success').split('\n');
    expect(lines.filter((l) => l.startsWith('View run:'))).toEqual([
      'View run: https://github.com/Codertocat/Hello-World/actions/runs/1658821493',
    ]);
  });

  it('shows a release and its commit for a release event', () => {
    const text = renderText(runContext('release'), 'success');
    expect(text).toContain('Tag: 0.0.1\n');
    expect(text).toContain('Release: 0.0.1 <https://github.com/Codertocat/Hello-World/releases/tag/0.0.1>\n');
    expect(text).toContain('Commit: a1b2c3d <');
  });
});
