/**
 * Writes the README's input and output tables from action.yml, so the reference cannot drift from what the
 * runner reads. `--check` changes nothing and fails when the README is stale (part of `npm test`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

interface Manifest {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const root = resolve(import.meta.dirname, '..');
const readmePath = join(root, 'README.md');
const manifest = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Manifest;

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

function inputsTable(): string {
  const rows = Object.entries(manifest.inputs).map(([name, spec]) => {
    const fallback = spec.default === undefined ? '' : `\`${cell(String(spec.default))}\``;
    return `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${fallback} | ${cell(spec.description)} |`;
  });
  return ['| input | required | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(): string {
  const rows = Object.entries(manifest.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`);
  return ['| output | description |', '| --- | --- |', ...rows].join('\n');
}

function fill(readme: string, name: string, table: string): string {
  const start = `<!-- ${name}:start (generated from action.yml by npm run docs) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
  return `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`;
}

const current = readFileSync(readmePath, 'utf8');
const updated = fill(fill(current, 'inputs', inputsTable()), 'outputs', outputsTable());
if (process.argv.includes('--check')) {
  if (updated !== current) {
    console.error("README.md's input/output tables differ from action.yml: run 'npm run docs' and commit README.md.");
    process.exitCode = 1;
  }
} else if (updated !== current) {
  writeFileSync(readmePath, updated);
  console.log('README.md tables updated from action.yml.');
}
