/**
 * Writes the generated parts of the documentation from action.yml, so the reference cannot drift from what the
 * runner reads: the README's usage block (every input, commented) and the input and output tables of
 * docs/inputs.md. `--check` changes nothing and fails when a file is stale (part of `npm test`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

interface Manifest {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

/** How the usage block names the action; the README explains pinning it to a commit. */
const USES = '<owner>/graph-mail-notify@v1';
/** Comments in the usage block stay inside the 120 columns the Markdown is wrapped at. */
const WIDTH = 120;

const root = resolve(import.meta.dirname, '..');
const manifest = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Manifest;

/** Which generated blocks live in which file. */
const TARGETS: Record<string, Record<string, () => string>> = {
  'README.md': { usage: usageBlock },
  'docs/inputs.md': { inputs: inputsTable, outputs: outputsTable },
};

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

/** Words laid out as `# ` comment lines no wider than WIDTH. */
function comment(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (`${indent}# ${next}`.length > WIDTH && line !== '') {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = next;
  }
  return [...lines, `${indent}# ${line}`];
}

/**
 * A step with every input, each under its description. An input with a default shows the default as its value,
 * so copying the whole block changes nothing (an empty github-token, say, would turn the GitHub API off), and the
 * comments need not repeat it.
 */
function usageBlock(): string {
  const indent = '    ';
  const inputs = Object.entries(manifest.inputs).flatMap(([name, spec]) => {
    // Written as a workflow author would (`dry-run: false`); the runner hands every input over as a string anyway.
    const value = spec.default === undefined ? "''" : String(spec.default);
    const required = spec.required ? [`${indent}# Required.`] : [];
    return [...comment(spec.description, indent), ...required, `${indent}${name}: ${value}`, ''];
  });
  return ['```yaml', `- uses: ${USES}`, '  with:', ...inputs.slice(0, -1), '```'].join('\n');
}

function fill(text: string, file: string, name: string, block: string): string {
  const start = `<!-- ${name}:start (generated from action.yml by npm run docs) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} lacks the markers ${start} ... ${end}`);
  return `${text.slice(0, from + start.length)}\n${block}\n${text.slice(to)}`;
}

const stale: string[] = [];
for (const [file, blocks] of Object.entries(TARGETS)) {
  const path = join(root, file);
  const current = readFileSync(path, 'utf8');
  const updated = Object.entries(blocks).reduce((text, [name, make]) => fill(text, file, name, make()), current);
  if (updated === current) continue;
  stale.push(file);
  if (!process.argv.includes('--check')) writeFileSync(path, updated);
}
if (process.argv.includes('--check') && stale.length > 0) {
  console.error(`${stale.join(' and ')} differ from action.yml: run 'npm run docs' and commit the result.`);
  process.exitCode = 1;
} else if (stale.length > 0) {
  console.log(`${stale.join(' and ')} updated from action.yml.`);
}
