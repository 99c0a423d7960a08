import { describe, expect, it } from 'vitest';
import { ownRun } from '../../src/github/assessment.js';
import type { RunContext } from '../../src/context.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';

const REF = 'Codertocat/Hello-World/.github/workflows/ci.yml@refs/heads/main';

describe('ownRun', () => {
  const ctx: RunContext = runContext('push', examplePayload('push'));

  it('names the workflow by the file GITHUB_WORKFLOW_REF points at, with the run id and number', () => {
    expect(ownRun(ctx, REF)).toEqual({ workflow: 'ci.yml', id: Number(ctx.runId), run_number: ctx.runNumber });
  });

  it.each([
    ['no GITHUB_WORKFLOW_REF', ''],
    ['a dynamic workflow', 'Codertocat/Hello-World/dynamic/github-code-scanning/codeql@refs/heads/main'],
    ['another repository', 'octo-org/shared/.github/workflows/ci.yml@refs/heads/main'],
  ])('is undefined for %s: the run is asked for', (_name, ref) => {
    expect(ownRun(ctx, ref)).toBeUndefined();
  });

  it('is undefined for a notifier (the variables describe its own run) and without a run number', () => {
    expect(ownRun({ ...ctx, notifier: { workflow: 'Notify', runId: '7' } }, REF)).toBeUndefined();
    expect(ownRun({ ...ctx, runNumber: 0 }, REF)).toBeUndefined();
  });
});
