/**
 * Where the files that inputs name (attachments, body-file) may be read from: the workspace, which holds the
 * checkout and what the build wrote, and the runner's temp directory. A checked-out branch is attacker-controlled
 * and may carry symbolic links: `reports/x.log -> /proc/self/environ` would otherwise mail the action's own
 * environment, `INPUT_CLIENT-SECRET` included.
 */
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { ActionFailure, shown } from '../failure.js';

export interface Root {
  /** How the error line names it: `the workspace`, `RUNNER_TEMP`. */
  name: string;
  /** Its real path (links followed), so that a workspace reached through a link still holds its own files. */
  path: string;
}

/** GITHUB_WORKSPACE, or the current directory outside a runner. */
export function workspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GITHUB_WORKSPACE || process.cwd();
}

/** The workspace and RUNNER_TEMP, links followed; one that does not exist holds nothing and is left out. */
export function readableRoots(workspace = workspaceDir(), temp = process.env.RUNNER_TEMP): Root[] {
  const roots: Root[] = [];
  for (const [name, path] of [
    ['the workspace', workspace || process.cwd()],
    ['RUNNER_TEMP', temp],
  ] as const) {
    const real = realPathOrUndefined(path);
    if (real !== undefined) roots.push({ name, path: real });
  }
  return roots;
}

/**
 * The real path of `path` (every link on the way followed) when it lies inside one of `roots`; read from it, not
 * from `path`, so that a link on the way swapped after this check cannot redirect the read. Anything else is
 * refused with an error naming the input, the path and where it leads. A path that cannot be resolved throws the
 * file system's error (ENOENT, EACCES, ...).
 */
export function realPathWithin(input: string, path: string, roots: Root[]): string {
  const real = realpathSync(path);
  if (roots.some((root) => isInside(real, root.path))) return real;
  const where = roots.map((root) => `${root.name} (${root.path})`).join(' and ');
  throw new ActionFailure(
    `Input '${input}': ${shown(path)} leads to ${shown(real)}, outside ${where || 'the workspace'}; files are ` +
      'read only from there. Copy the file into the workspace if it is meant to be read.',
  );
}

/** Compared by whole path segments: /work/repo-evil is not inside /work/repo. */
function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function realPathOrUndefined(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
