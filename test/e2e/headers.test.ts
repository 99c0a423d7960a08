/**
 * The custom internet message headers inbox rules and mail-flow rules sort by, as Graph receives them on both
 * send paths, and what hostile branch and workflow names become in them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePayload, TRIGGERING_RUN } from '../fixtures/github.ts';
import { emulator, received, run, useEmulator } from './harness.ts';

useEmulator();

const MB = 1024 * 1024;

describe('every mail carries the headers rules sort by', () => {
  it('on sendMail: result, repository, workflow, branch and run id', async () => {
    const payload = examplePayload('push');
    const result = await run({ payload, jobStatus: 'failure' });
    expect(result.errors).toEqual([]);
    expect(received().headers).toStrictEqual({
      'X-GitHub-Result': 'failure',
      'X-GitHub-Repository': payload.repository.full_name,
      'X-GitHub-Workflow': 'CI',
      'X-GitHub-Ref': String(payload.ref).replace('refs/heads/', ''),
      'X-GitHub-Run-Id': '1658821493',
    });
    expect(emulator.requests.filter((r) => r.service === 'graph').map((r) => r.path)).toEqual([
      expect.stringMatching(/\/sendMail$/),
    ]);
  });

  it('on the draft path too, when the attachments need one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `part${i}.bin`), randomBytes(MB));
    const result = await run({
      jobStatus: 'cancelled',
      inputs: { attachments: '*.bin', 'github-token': '' },
      env: { GITHUB_WORKSPACE: dir },
    });
    expect(result.errors).toEqual([]);
    const graph = emulator.requests.filter((r) => r.service === 'graph').map((r) => r.path);
    expect(graph[0]).toMatch(/\/messages$/);
    expect(graph.at(-1)).toMatch(/\/send$/);
    expect(received().headers).toMatchObject({ 'X-GitHub-Result': 'cancelled', 'X-GitHub-Run-Id': '1658821493' });
    expect(Object.keys(received().headers)).toHaveLength(5);
  });

  it('a workflow_run notifier labels the run it reports, not its own', async () => {
    const payload = examplePayload('workflow_run');
    const result = await run({ event: 'workflow_run', payload, inputs: { status: 'auto' } });
    expect(result.errors).toEqual([]);
    expect(received().headers).toMatchObject({
      'X-GitHub-Workflow': TRIGGERING_RUN.workflow,
      'X-GitHub-Run-Id': String(TRIGGERING_RUN.id),
      'X-GitHub-Ref': payload.workflow_run.head_branch,
    });
  });
});

describe('hostile names stay inside their header', () => {
  it('a line break in a branch name adds no header and no recipient', async () => {
    const result = await run({ github: { GITHUB_REF_NAME: 'main\r\nBcc: attacker@evil.example' } });
    expect(result.errors).toEqual([]);
    const sent = received();
    expect(sent.headers['X-GitHub-Ref']).toBe('main%0D%0ABcc: attacker@evil.example');
    expect(sent.message.bccRecipients).toBeUndefined();
    expect(Object.keys(sent.headers)).toHaveLength(5);
  });

  it('non-ASCII is percent-encoded as UTF-8, and a very long name is cut to 200 characters', async () => {
    const result = await run({
      github: { GITHUB_REF_NAME: 'fix/ümlaut-🚀', GITHUB_WORKFLOW: `Build ${'x'.repeat(5000)}` },
    });
    expect(result.errors).toEqual([]);
    const { headers } = received();
    expect(headers['X-GitHub-Ref']).toBe('fix/%C3%BCmlaut-%F0%9F%9A%80');
    expect(decodeURIComponent(headers['X-GitHub-Ref'])).toBe('fix/ümlaut-🚀');
    expect(headers['X-GitHub-Workflow']).toBe(`Build ${'x'.repeat(194)}`);
    for (const value of Object.values(headers)) expect(value).toMatch(/^[\x20-\x7e]{1,200}$/);
  });
});
