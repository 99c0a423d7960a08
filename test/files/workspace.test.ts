import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readableRoots, realPathWithin, workspaceDir } from '../../src/files/workspace.js';

/** A fresh directory holding a workspace `repo`, a sibling `repo-evil`, `temp` and `outside`, each with a file. */
function layout() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'layout-')));
  const dirs = {
    repo: join(base, 'repo'),
    evil: join(base, 'repo-evil'),
    temp: join(base, 'temp'),
    outside: join(base, 'outside'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dirs.repo, 'report.log'), 'report');
  writeFileSync(join(dirs.evil, 'x.log'), 'evil');
  writeFileSync(join(dirs.temp, 'junit.xml'), '<x/>');
  writeFileSync(join(dirs.outside, 'secret.txt'), 'secret');
  return { base, ...dirs, roots: readableRoots(dirs.repo, dirs.temp) };
}

function refusal(path: string, real: string, repo: string, temp: string): string {
  return (
    `Input 'attachments': "${path}" leads to "${real}", outside the workspace (${repo}) and RUNNER_TEMP ` +
    `(${temp}); files are read only from there. Copy the file into the workspace if it is meant to be read.`
  );
}

describe('realPathWithin', () => {
  it('returns a workspace file as it is', () => {
    const { repo, roots } = layout();
    expect(realPathWithin('attachments', join(repo, 'report.log'), roots)).toBe(join(repo, 'report.log'));
  });

  it('accepts a file under RUNNER_TEMP', () => {
    const { temp, roots } = layout();
    expect(realPathWithin('attachments', join(temp, 'junit.xml'), roots)).toBe(join(temp, 'junit.xml'));
  });

  it('follows a link to another workspace file and returns the file, to be read from there', () => {
    const { repo, roots } = layout();
    symlinkSync(join(repo, 'report.log'), join(repo, 'latest.log'));
    expect(realPathWithin('attachments', join(repo, 'latest.log'), roots)).toBe(join(repo, 'report.log'));
  });

  it('refuses a link to a file outside, naming the input, the path and where it leads', () => {
    const { repo, temp, outside, roots } = layout();
    symlinkSync(join(outside, 'secret.txt'), join(repo, 'x.log'));
    expect(() => realPathWithin('attachments', join(repo, 'x.log'), roots)).toThrow(
      refusal(join(repo, 'x.log'), join(outside, 'secret.txt'), repo, temp),
    );
  });

  it('refuses a link to /proc/self/environ, where the action keeps its secrets', () => {
    const { repo, roots } = layout();
    symlinkSync('/proc/self/environ', join(repo, 'env.log'));
    expect(() => realPathWithin('body-file', join(repo, 'env.log'), roots)).toThrow(
      new RegExp(`^Input 'body-file': ".*env\\.log" leads to "/proc/\\d+/environ", outside the workspace`),
    );
  });

  it('refuses a path through a directory link in the middle', () => {
    const { repo, temp, outside, roots } = layout();
    symlinkSync(outside, join(repo, 'reports'));
    const path = join(repo, 'reports', 'secret.txt');
    expect(() => realPathWithin('attachments', path, roots)).toThrow(
      refusal(path, join(outside, 'secret.txt'), repo, temp),
    );
  });

  it('refuses a sibling whose name starts with the workspace’s (repo-evil is not inside repo)', () => {
    const { repo, evil, temp, roots } = layout();
    const path = join(evil, 'x.log');
    expect(() => realPathWithin('attachments', path, roots)).toThrow(refusal(path, path, repo, temp));
  });

  it('refuses a path that climbs out with ..', () => {
    const { repo, temp, outside, roots } = layout();
    const path = join(repo, '..', 'outside', 'secret.txt');
    expect(() => realPathWithin('attachments', path, roots)).toThrow(
      refusal(path, join(outside, 'secret.txt'), repo, temp),
    );
  });

  it('accepts files of a workspace that is itself reached through a link', () => {
    const { base, repo, temp } = layout();
    symlinkSync(repo, join(base, 'workspace-link'));
    const roots = readableRoots(join(base, 'workspace-link'), temp);
    expect(roots[0]).toEqual({ name: 'the workspace', path: repo });
    expect(realPathWithin('attachments', join(base, 'workspace-link', 'report.log'), roots)).toBe(
      join(repo, 'report.log'),
    );
  });

  it('throws the file system’s error for a file that does not exist', () => {
    const { repo, roots } = layout();
    expect(() => realPathWithin('body-file', join(repo, 'nope.md'), roots)).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});

describe('readableRoots', () => {
  it('leaves out a RUNNER_TEMP that does not exist', () => {
    const { repo, base } = layout();
    expect(readableRoots(repo, join(base, 'missing'))).toEqual([{ name: 'the workspace', path: repo }]);
  });

  it('without RUNNER_TEMP holds the workspace alone', () => {
    const { repo } = layout();
    expect(readableRoots(repo, undefined)).toEqual([{ name: 'the workspace', path: repo }]);
  });
});

describe('workspaceDir', () => {
  it('is GITHUB_WORKSPACE, or the current directory outside a runner', () => {
    expect(workspaceDir({ GITHUB_WORKSPACE: '/home/runner/work/r/r' })).toBe('/home/runner/work/r/r');
    expect(workspaceDir({})).toBe(process.cwd());
    expect(workspaceDir({ GITHUB_WORKSPACE: '' })).toBe(process.cwd());
  });
});
