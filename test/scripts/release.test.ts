/**
 * scripts/release.ts: the version and CHANGELOG rules on their own, then the whole script in a scratch git
 * repository whose `check-dist` passes or fails on demand, so the tags it makes (or refuses to make) are real.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { node24 } from '../fixtures/action.ts';
import { changelogEntry, checkVersion, latestRelease, parseVersion, pushCommands } from '../../scripts/release.ts';

const script = resolve(import.meta.dirname, '../../scripts/release.ts');

const CHANGELOG = `# Changelog

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).

## [Unreleased]

### Fixed

- Not released yet.

## [1.3.0] - 2026-12-02

### Added

- \`body-file\` templates.

### Fixed

- A subject with a line break.

## [1.2.3]

- An entry without a date.

## [1.2.2] - 2026-10-01

## [1.2.1] - 2026-09-01

- The last entry before the links.

[Unreleased]: https://github.com/o/r/compare/v1.3.0...HEAD
[1.3.0]: https://github.com/o/r/compare/v1.2.3...v1.3.0
`;

describe('versions', () => {
  it('takes MAJOR.MINOR.PATCH as semver.org writes it, and nothing else', () => {
    expect(parseVersion('1.2.3')).toEqual({ major: 1, minor: 2, patch: 3 });
    expect(parseVersion('0.10.0')).toEqual({ major: 0, minor: 10, patch: 0 });
    for (const text of ['v1.2.3', '1.2', '1.2.3.4', '01.2.3', '1.2.3-rc.1', '1.2.3+build', ' 1.2.3', '']) {
      expect(parseVersion(text), text).toBeUndefined();
    }
  });

  it('finds the latest release among the tags, numerically, ignoring major and pre-release tags', () => {
    expect(latestRelease(['v1', 'v1.9.0', 'v1.10.0', 'v2', 'v2.0.0-rc.1', 'nightly', ''])).toEqual({
      major: 1,
      minor: 10,
      patch: 0,
    });
    expect(latestRelease(['v1', ''])).toBeUndefined();
  });

  it('accepts only a version above the latest release', () => {
    const tags = ['v1', 'v1.2.3', 'v1.10.0'];
    expect(checkVersion('1.10.1', tags)).toEqual({ major: 1, minor: 10, patch: 1 });
    expect(checkVersion('2.0.0', tags)).toEqual({ major: 2, minor: 0, patch: 0 });
    expect(checkVersion('0.1.0', [])).toEqual({ major: 0, minor: 1, patch: 0 });
    expect(() => checkVersion('1.10.0', tags)).toThrow(
      '1.10.0 is not above the latest release, v1.10.0: give a higher version.',
    );
    expect(() => checkVersion('1.9.9', tags)).toThrow('1.9.9 is not above the latest release, v1.10.0');
    expect(() => checkVersion('v1.11.0', tags)).toThrow(
      "'v1.11.0' is not a release version: give MAJOR.MINOR.PATCH such as 1.2.3 (no leading v, no pre-release).",
    );
    expect(() => checkVersion('2.0.0-rc.1', tags)).toThrow("'2.0.0-rc.1' is not a release version");
  });

  it('pushes the version first and the major tag after it', () => {
    expect(pushCommands({ major: 2, minor: 0, patch: 1 })).toEqual([
      'git push origin refs/tags/v2.0.1',
      'git push --force origin refs/tags/v2',
    ]);
  });
});

describe('changelog entries', () => {
  it('is the text under the heading, up to the next release', () => {
    expect(changelogEntry(CHANGELOG, '1.3.0')).toBe(
      '### Added\n\n- `body-file` templates.\n\n### Fixed\n\n- A subject with a line break.',
    );
    expect(changelogEntry(CHANGELOG, '1.2.3')).toBe('- An entry without a date.');
  });

  it('stops at the link definitions after the last entry', () => {
    expect(changelogEntry(CHANGELOG, '1.2.1')).toBe('- The last entry before the links.');
  });

  it('reads a file with Windows line ends alike', () => {
    expect(changelogEntry(CHANGELOG.replace(/\n/g, '\r\n'), '1.3.0')).toBe(changelogEntry(CHANGELOG, '1.3.0'));
  });

  it('refuses a missing or empty entry, and a version that only starts like one', () => {
    expect(() => changelogEntry(CHANGELOG, '1.4.0')).toThrow(
      "CHANGELOG.md has no '## [1.4.0]' entry: move the changes under [Unreleased] to '## [1.4.0] - YYYY-MM-DD' " +
        'and commit it first.',
    );
    expect(() => changelogEntry(CHANGELOG, '1.2.2')).toThrow("CHANGELOG.md's '## [1.2.2]' entry is empty");
    expect(() => changelogEntry(CHANGELOG, '1.3')).toThrow("no '## [1.3]' entry");
    expect(() => changelogEntry('## [1x2x3]\n\n- x\n', '1.2.3')).toThrow("no '## [1.2.3]' entry");
  });

  it('finds nothing to release in the project CHANGELOG until a version is cut from [Unreleased]', () => {
    const ours = readFileSync(resolve(import.meta.dirname, '../../CHANGELOG.md'), 'utf8');
    expect(ours).toMatch(/^## \[Unreleased\]$/m);
    expect(() => changelogEntry(ours, '0.0.0')).toThrow("CHANGELOG.md has no '## [0.0.0]' entry");
  });
});

describe('npm run release in a repository', () => {
  let repo: string;
  /** Who commits and tags, and no configuration of this machine (a tag.gpgSign, say). */
  const identity = {
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Release Test',
    GIT_AUTHOR_EMAIL: 'release@example.com',
    GIT_COMMITTER_NAME: 'Release Test',
    GIT_COMMITTER_EMAIL: 'release@example.com',
  };
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...identity } }).trim();

  /** A repository on main with one commit; its check-dist fails when the file `stale` exists. */
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'release-'));
    git('init', '--quiet', '--initial-branch=main');
    const checkDist = "node -e \"process.exit(require('node:fs').existsSync('stale') ? 1 : 0)\"";
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ scripts: { 'check-dist': checkDist } }));
    writeFileSync(join(repo, 'CHANGELOG.md'), CHANGELOG);
    git('add', '.');
    git('commit', '--quiet', '--message', 'Release 1.3.0');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  function release(...args: string[]) {
    return spawnSync(node24, [script, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...identity } });
  }

  const tags = () => git('tag', '--list').split('\n').filter(Boolean);
  /** The tag's type (`tag` when annotated), the commit it leads to and its message. */
  const tagged = (tag: string) => ({
    type: git('cat-file', '-t', tag),
    commit: git('rev-parse', `${tag}^{commit}`),
    message: git('tag', '--list', '--format=%(contents:subject)', tag),
  });

  it('tags the version and moves the major tag, both annotated, and prints the pushes', () => {
    git('tag', '--annotate', 'v1.2.3', '--message', 'v1.2.3');
    git('tag', '--annotate', 'v1', '--message', 'v1 → v1.2.3');
    writeFileSync(join(repo, 'CHANGELOG.md'), CHANGELOG.replace('- Not released yet.', '- Still not.'));
    git('commit', '--quiet', '--all', '--message', 'More');
    const head = git('rev-parse', 'HEAD');

    const run = release('1.3.0');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(tags()).toEqual(['v1', 'v1.2.3', 'v1.3.0']);
    expect(tagged('v1.3.0')).toEqual({ type: 'tag', commit: head, message: 'v1.3.0' });
    expect(tagged('v1')).toEqual({ type: 'tag', commit: head, message: 'v1 → v1.3.0' });
    expect(run.stdout).toContain(`Tagged v1.3.0 and moved v1 to ${head}. Nothing is pushed yet.`);
    expect(run.stdout).toMatch(/^ {2}git push origin refs\/tags\/v1\.3\.0$/m);
    expect(run.stdout).toMatch(/^ {2}git push --force origin refs\/tags\/v1$/m);
  });

  it('prints the entry as release notes', () => {
    const run = release('notes', '1.3.0');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${changelogEntry(CHANGELOG, '1.3.0')}\n`);
  });

  const refusals: { when: string; setUp: () => void; version?: string; error: string }[] = [
    {
      when: 'a version not above the latest',
      setUp: () => git('tag', 'v1.3.0'),
      error: '1.3.0 is not above the latest release, v1.3.0: give a higher version.',
    },
    {
      when: 'another branch',
      setUp: () => git('switch', '--quiet', '--create', 'feature'),
      error: "Releases are made from main, and this is 'feature': git switch main.",
    },
    {
      when: 'a change not committed',
      setUp: () => writeFileSync(join(repo, 'CHANGELOG.md'), `${CHANGELOG}\n`),
      error: 'The working tree is not clean: commit or stash CHANGELOG.md first.',
    },
    {
      when: 'a file not committed',
      setUp: () => writeFileSync(join(repo, 'notes.txt'), ''),
      error: 'The working tree is not clean: commit or stash notes.txt first.',
    },
    {
      when: 'a version without an entry',
      setUp: () => undefined,
      version: '1.4.0',
      error: "CHANGELOG.md has no '## [1.4.0]' entry",
    },
    {
      when: 'a dist/ that does not match src/',
      setUp: () => {
        writeFileSync(join(repo, 'stale'), '');
        git('add', 'stale');
        git('commit', '--quiet', '--message', 'Stale');
      },
      error: "dist/ does not match src/: run 'npm run bundle', commit dist/, and release again.",
    },
  ];

  for (const { when, setUp, version, error } of refusals) {
    it(`tags nothing for ${when}`, () => {
      setUp();
      const before = tags();
      const run = release(version ?? '1.3.0');
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n').at(-1)).toContain(error);
      expect(tags()).toEqual(before);
    });
  }
});
