/**
 * The pipeline runs one way (inputs → the run and GitHub's reads → the mail → sign-in and Graph → the report), and
 * the folders say which service each module talks to. This keeps it so: each folder of src/ may import only the
 * modules listed for it, and no module imports one that imports it back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** What a module in each place may import, as folder names or top-level modules of src/ (itself always). */
const ALLOWED: Record<string, string[]> = {
  // The plain data every stage shares: they import nothing of the pipeline.
  context: ['status'],
  mail: [],
  status: [],
  failure: [],
  addresses: ['failure', 'mail'],
  // Which commit authors a failure mail adds to To: addresses of the run's changes.
  authors: ['addresses', 'context', 'failure', 'mail', 'status'],
  inputs: ['addresses', 'entra', 'failure', 'files', 'mail', 'status'],
  net: [],
  files: ['entra', 'failure', 'graph', 'mail'],
  // Job logs stream through the proxy dispatcher; log-file is read from the workspace like every input's file.
  github: ['context', 'failure', 'files', 'inputs', 'net', 'status'],
  notification: ['context', 'mail', 'status'],
  entra: ['context', 'failure', 'inputs', 'net'],
  graph: ['entra', 'failure', 'mail', 'net'],
  // Test reports (JUnit XML, TRX) read from the workspace: files/ confines the reads, context holds the result.
  reports: ['context', 'failure', 'files'],
  // The job summary shows the test results, which are run data.
  report: ['context', 'mail', 'notification'],
  main: [
    'addresses',
    'authors',
    'context',
    'entra',
    'failure',
    'files',
    'github',
    'graph',
    'inputs',
    'mail',
    'net',
    'notification',
    'report',
    'reports',
    'status',
  ],
  index: ['main'],
};

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? modules(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** `github/api.ts` → `github`; `inputs.ts` → `inputs`. */
function place(file: string): string {
  const path = relative(SRC, file);
  return path.includes('/') ? path.split('/')[0] : path.replace(/\.ts$/, '');
}

/** The src modules a file imports, statically or with import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
    normalize(join(dirname(file), m[1].replace(/\.js$/, '.ts'))),
  );
}

/** Imports that leave their place for one its rules do not list, as `from → to`. */
function strays(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets
      .filter((target) => place(target) !== place(file) && !ALLOWED[place(file)]?.includes(place(target)))
      .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
  );
}

/** Each import cycle found by a depth-first walk, as `a → b → a`. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

const files = modules(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('the layout of src/', () => {
  it('puts every module in a place the rules know', () => {
    expect(files.map(place).filter((p) => !(p in ALLOWED))).toEqual([]);
  });

  it('reaches back up the pipeline nowhere', () => {
    expect(strays(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('would catch a stray import and a cycle', () => {
    const at = (path: string) => join(SRC, path);
    const bad = new Map([
      [at('github/api.ts'), [at('notification/html.ts')]],
      [at('addresses.ts'), [at('inputs.ts')]],
      [at('inputs.ts'), [at('addresses.ts')]],
    ]);
    expect(strays(bad)).toEqual(['github/api.ts → notification/html.ts', 'addresses.ts → inputs.ts']);
    expect(cycles(bad)).toEqual(['addresses.ts → inputs.ts → addresses.ts']);
  });
});
