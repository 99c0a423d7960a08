/**
 * Cuts a release the two ways users pin the action: the tag `v1.2.3` (or its commit SHA), and the major tag `v1`,
 * moved to it for those who follow `@v1`.
 *
 *   npm run release -- 1.2.3             checks, rebuilds and compares dist/, tags, prints the pushes
 *   node scripts/release.ts notes 1.2.3  prints the CHANGELOG entry of 1.2.3 (the release workflow's notes)
 *
 * It pushes nothing: pushing `v1.2.3` starts the Release workflow, which tests the tag and publishes the release,
 * and `v1` is best moved on the remote once that went well. It imports nothing outside Node on purpose: the
 * workflow job that publishes holds a write token and installs no packages, so the few lines of version parsing
 * are written here rather than taken from `semver`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** MAJOR.MINOR.PATCH as semver.org writes it (no leading zeros), without pre-release or build parts. */
const RELEASE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** A release version, or undefined for anything else (`v1.2.3`, `1.2`, `1.2.3-rc.1`). */
export function parseVersion(text: string): Version | undefined {
  const match = RELEASE.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** The highest `vX.Y.Z` among git tag names; other tags (`v1`, `v2.0.0-rc.1`, `nightly`) are not releases. */
export function latestRelease(tags: string[]): Version | undefined {
  return tags
    .map((tag) => (tag.startsWith('v') ? parseVersion(tag.slice(1)) : undefined))
    .filter((version) => version !== undefined)
    .sort(compareVersions)
    .at(-1);
}

/**
 * The version to release, when it is a release version above every release tagged so far. Pre-releases are
 * refused: the script would move the major tag, and everyone on `@v1`, to them.
 */
export function checkVersion(text: string, tags: string[]): Version {
  const version = parseVersion(text);
  if (version === undefined) {
    throw new Error(
      `'${text}' is not a release version: give MAJOR.MINOR.PATCH such as 1.2.3 (no leading v, no pre-release).`,
    );
  }
  const latest = latestRelease(tags);
  if (latest !== undefined && compareVersions(version, latest) <= 0) {
    throw new Error(`${text} is not above the latest release, v${formatVersion(latest)}: give a higher version.`);
  }
  return version;
}

/** `## [1.2.3]`, optionally ` - 2026-12-02`, as Keep a Changelog heads a release. */
function headingOf(version: string): RegExp {
  return new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\](?: - \\d{4}-\\d{2}-\\d{2})?[ \\t]*$`);
}

/** Where an entry ends: the next release heading, or the link definitions at the bottom of the file. */
const ENTRY_END = /^(## |\[[^\]]+\]: )/;

/**
 * The text of the `## [version]` entry of a Keep a Changelog file, its heading left out: the release notes. Taken
 * line by line rather than through a Markdown parser so that the notes are the entry exactly as it was written.
 */
export function changelogEntry(changelog: string, version: string): string {
  const lines = changelog.split(/\r?\n/);
  const heading = headingOf(version);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) {
    throw new Error(
      `CHANGELOG.md has no '## [${version}]' entry: move the changes under [Unreleased] to ` +
        `'## [${version}] - YYYY-MM-DD' and commit it first.`,
    );
  }
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => ENTRY_END.test(line));
  const entry = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
  if (entry === '') throw new Error(`CHANGELOG.md's '## [${version}]' entry is empty: say what changed.`);
  return entry;
}

/** The commands that publish what `prepare` tagged, in the order that is safe. */
export function pushCommands(version: Version): string[] {
  return [
    `git push origin refs/tags/v${formatVersion(version)}`,
    `git push --force origin refs/tags/v${version.major}`,
  ];
}

/** Its output without the final line end; leading spaces stay, as `git status --porcelain` columns need them. */
function git(...args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trimEnd();
}

/** The paths of `git status --porcelain` lines, the first few of them. */
function listed(changes: string[]): string {
  const paths = changes.slice(0, 3).map((line) => line.slice(3));
  return changes.length > 3 ? `${paths.join(', ')} and ${changes.length - 3} more` : paths.join(', ');
}

function readChangelog(): string {
  return readFileSync(join(process.cwd(), 'CHANGELOG.md'), 'utf8');
}

/** Checks everything before changing anything, then makes the tags. */
function prepare(text: string): void {
  const version = checkVersion(text, git('tag', '--list', 'v*').split('\n'));
  const tag = `v${formatVersion(version)}`;
  const major = `v${version.major}`;
  const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
  if (branch !== 'main') throw new Error(`Releases are made from main, and this is '${branch}': git switch main.`);
  const changes = git('status', '--porcelain').split('\n').filter(Boolean);
  if (changes.length > 0) throw new Error(`The working tree is not clean: commit or stash ${listed(changes)} first.`);
  changelogEntry(readChangelog(), formatVersion(version));
  try {
    // The tag must hold the dist/ that users run, built from the sources it holds.
    execFileSync('npm', ['run', '--silent', 'check-dist'], { stdio: 'inherit', shell: process.platform === 'win32' });
  } catch {
    throw new Error("dist/ does not match src/: run 'npm run bundle', commit dist/, and release again.");
  }
  git('tag', '--annotate', tag, '--message', tag);
  git('tag', '--force', '--annotate', major, '--message', `${major} → ${tag}`);
  const [release, follow] = pushCommands(version);
  console.log(
    [
      `Tagged ${tag} and moved ${major} to ${git('rev-parse', 'HEAD')}. Nothing is pushed yet. To publish:`,
      '',
      `  ${release}`,
      `      starts the Release workflow, which tests ${tag} and publishes it with its CHANGELOG entry;`,
      `  ${follow}`,
      `      once that release is out, moves ${major} for everyone who uses @${major}.`,
    ].join('\n'),
  );
}

function main(args: string[]): void {
  const [first, second] = args;
  if (first === 'notes' && second !== undefined && args.length === 2) {
    const version = parseVersion(second);
    if (version === undefined) throw new Error(`'${second}' is not a release version such as 1.2.3.`);
    process.stdout.write(`${changelogEntry(readChangelog(), formatVersion(version))}\n`);
  } else if (first !== undefined && args.length === 1) {
    prepare(first);
  } else {
    throw new Error('Usage: npm run release -- 1.2.3, or node scripts/release.ts notes 1.2.3');
  }
}

if (import.meta.main) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
