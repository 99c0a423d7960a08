/**
 * What actionlint does not check in .github/workflows: every action pinned to a full commit SHA with its version
 * in a comment, and the release workflow's write token confined to the one job that publishes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dir = resolve(import.meta.dirname, '..', '.github', 'workflows');
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));

interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { needs?: string; permissions?: Record<string, string>; steps: { run?: string }[] }>;
}

describe.each(files)('%s', (file) => {
  it('pins every action to a full commit SHA and names its version', () => {
    const uses = readFileSync(join(dir, file), 'utf8').match(/^\s*(?:-\s+)?uses:.*$/gm) ?? [];
    const unpinned = uses.filter((line) => !/uses: [^@\s]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(line.trim()));
    expect(unpinned.filter((line) => !line.includes('uses: ./'))).toEqual([]);
  });
});

describe('release.yml', () => {
  const workflow = parse(readFileSync(join(dir, 'release.yml'), 'utf8')) as Workflow;

  it('grants nothing by default and contents: write to the publishing job alone', () => {
    expect(workflow.permissions).toEqual({});
    expect(Object.fromEntries(Object.entries(workflow.jobs).map(([id, job]) => [id, job.permissions]))).toEqual({
      test: { contents: 'read' },
      publish: { contents: 'write' },
    });
  });

  it('publishes what passed npm test, installing nothing where it can write', () => {
    expect(workflow.jobs.publish.needs).toBe('test');
    const runs = (id: string) => workflow.jobs[id].steps.map((step) => step.run ?? '').join('\n');
    expect(runs('test')).toContain('npm ci --no-audit --no-fund && npm test');
    expect(runs('publish')).not.toMatch(/\bnpm\b/);
    expect(runs('publish')).toContain('node scripts/release.ts notes');
    expect(runs('publish')).toContain('gh release create "$TAG"');
  });
});
