/**
 * Files named by inputs stay where the workflow put them, end to end: a link a checked-out branch plants towards
 * a file outside the workspace and RUNNER_TEMP (the action's own environment, say) fails the step before any
 * request; a link between workspace files works as before.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulator, failure, received, requestsTo, run, useEmulator } from './harness.ts';

useEmulator();

interface Layout {
  workspace: string;
  temp: string;
  /** A file outside both, holding `marker`. */
  outsideFile: string;
  marker: string;
}

function layout(): Layout {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'confined-')));
  const workspace = join(base, 'repo');
  const temp = join(base, 'runner-temp');
  mkdirSync(join(workspace, 'reports'), { recursive: true });
  mkdirSync(temp);
  const marker = `marker-${randomUUID()}`;
  const outsideFile = join(base, 'outside.txt');
  writeFileSync(outsideFile, marker);
  return { workspace, temp, outsideFile, marker };
}

function scenario(where: Layout, inputs: Record<string, string>) {
  return {
    inputs: { 'github-token': '', ...inputs },
    env: { GITHUB_WORKSPACE: where.workspace, RUNNER_TEMP: where.temp },
  };
}

function refusal(input: string, path: string, real: string, where: Layout): string {
  return (
    `Input '${input}': "${path}" leads to "${real}", outside the workspace (${where.workspace}) and RUNNER_TEMP ` +
    `(${where.temp}); files are read only from there. Copy the file into the workspace if it is meant to be read.`
  );
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('attachments', () => {
  it('a link to a file outside the workspace fails the step, naming it, before any request', async () => {
    const where = layout();
    const link = join(where.workspace, 'reports', 'x.log');
    symlinkSync(where.outsideFile, link);
    const result = await run(scenario(where, { attachments: 'reports/*.log' }));
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([refusal('attachments', link, where.outsideFile, where)]);
    expect(requestsTo('login')).toBe(0);
    expect(requestsTo('graph')).toBe(0);
    expect(emulator.messages).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(where.marker);
  });

  it('a link to /proc/self/environ, where the client secret is, is refused the same way', async () => {
    const where = layout();
    symlinkSync('/proc/self/environ', join(where.workspace, 'reports', 'env.log'));
    const line = await failure(scenario(where, { attachments: 'reports/env.log' }));
    expect(line).toMatch(
      new RegExp(
        `^Input 'attachments': "${join(where.workspace, 'reports', 'env.log')}" leads to "/proc/\\d+/environ", ` +
          `outside the workspace \\(${where.workspace}\\) and RUNNER_TEMP \\(${where.temp}\\);`,
      ),
    );
    expect(requestsTo('login')).toBe(0);
    expect(requestsTo('graph')).toBe(0);
  });

  it('a link to another workspace file is attached under its own name with the file’s bytes', async () => {
    const where = layout();
    const target = join(where.workspace, 'reports', 'run-42.log');
    writeFileSync(target, 'all 12 tests passed\n');
    symlinkSync(target, join(where.workspace, 'latest.log'));
    const result = await run(scenario(where, { attachments: 'latest.log' }));
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().attachments).toEqual([
      { name: 'latest.log', contentType: 'text/plain', size: 20, sha256: sha256(target) },
    ]);
  });
});

describe('body-file', () => {
  it('a link to a file outside the workspace fails the step, naming it, before any request', async () => {
    const where = layout();
    const link = join(where.workspace, 'mail.md');
    symlinkSync(where.outsideFile, link);
    const line = await failure(scenario(where, { 'body-file': 'mail.md' }));
    expect(line).toBe(refusal('body-file', link, where.outsideFile, where));
    expect(emulator.requests).toEqual([]);
  });

  it('a link to another workspace file is read as the body', async () => {
    const where = layout();
    writeFileSync(join(where.workspace, 'reports', 'mail.txt'), 'Nightly build is green.');
    symlinkSync(join(where.workspace, 'reports', 'mail.txt'), join(where.workspace, 'mail.txt'));
    const result = await run(scenario(where, { 'body-file': 'mail.txt', 'body-format': 'text' }));
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().message.body.content).toContain('Nightly build is green.');
  });

  it('a file under RUNNER_TEMP is read', async () => {
    const where = layout();
    writeFileSync(join(where.temp, 'mail.txt'), 'Written by an earlier step.');
    const result = await run(scenario(where, { 'body-file': join(where.temp, 'mail.txt'), 'body-format': 'text' }));
    expect(result.errors).toEqual([]);
    expect(received().message.body.content).toContain('Written by an earlier step.');
  });
});
