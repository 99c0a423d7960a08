/**
 * Fails when the committed dist/ is not what `npm run bundle` builds from src/: users run dist/, so a stale
 * bundle would ship code no test has seen. Runs the bundle script with a scratch output folder, from the project
 * folder itself: ncc's module ids depend on the source paths, so a build elsewhere would differ byte for byte.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const committed = join(root, 'dist');
const built = mkdtempSync(join(tmpdir(), 'check-dist-'));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

function same(file: string): boolean {
  try {
    return readFileSync(join(built, file)).equals(readFileSync(join(committed, file)));
  } catch {
    return false;
  }
}

try {
  const bundle: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.bundle;
  execSync(bundle.replace(/-o dist\b/, `-o ${built}`), {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` },
  });
  const expected = files(built);
  const stale = [...expected.filter((f) => !same(f)), ...files(committed).filter((f) => !expected.includes(f))];
  if (stale.length > 0) {
    console.error(`dist/ is stale (${stale.join(', ')}): run 'npm run bundle' and commit dist/.`);
    process.exitCode = 1;
  } else {
    console.log(`dist/ matches src/ (${expected.length} files).`);
  }
} finally {
  rmSync(built, { recursive: true, force: true });
}
