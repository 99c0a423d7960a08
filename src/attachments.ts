/**
 * Turns the `attachments` input (glob patterns, one per line) into files with a name, a size and a content type,
 * and checks Exchange Online's limits before any request: a mail that cannot go out whole must not go out in part.
 */
import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join } from 'node:path';
import { ActionFailure } from './failure.js';
import type { FileAttachment } from './mail.js';
import { readableRoots, realPathWithin } from './workspace.js';

/** Graph's limit for one attachment (through an upload session). */
export const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;

const MB = 1024 * 1024;

/** A pattern with this prefix may match nothing (a report that only failing runs write, say). */
const OPTIONAL = '?';

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.7z': 'application/x-7z-compressed',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** Expands one pattern into the files it matches, sorted; how is the caller's (e.g. @actions/glob). */
export type Expand = (pattern: string) => Promise<string[]>;

async function expandWithGlob(pattern: string): Promise<string[]> {
  const glob = await import('@actions/glob');
  const globber = await glob.create(pattern, { matchDirectories: false, implicitDescendants: false });
  return (await globber.glob()).sort();
}

/**
 * The files the patterns name, relative patterns taken from `workspace`. A pattern that matches nothing is an
 * error naming it, unless it starts with `?`. A file matched twice is attached once; two files with one name get
 * `name (2).ext`, as a mail client would save them. @actions/glob follows links, so every match must lead into
 * the workspace or RUNNER_TEMP, and is attached from where it leads.
 */
export async function resolveAttachments(
  patterns: string[],
  workspace: string,
  expand: Expand = expandWithGlob,
): Promise<FileAttachment[]> {
  const paths: string[] = [];
  for (const line of patterns) {
    const optional = line.startsWith(OPTIONAL);
    const pattern = optional ? line.slice(OPTIONAL.length).trim() : line;
    const matched = await expand(isAbsolute(pattern) ? pattern : join(workspace, pattern));
    if (matched.length === 0 && !optional) {
      throw new ActionFailure(
        `Input 'attachments': the pattern "${pattern}" matches no file in ${workspace}. Fix the pattern, or mark ` +
          `it optional with a leading ? ("?${pattern}").`,
      );
    }
    for (const path of matched) if (!paths.includes(path)) paths.push(path);
  }
  const roots = readableRoots(workspace);
  const real = paths.map((path) => realPathWithin('attachments', path, roots));
  const names = new Map<string, number>();
  return Promise.all(
    paths.map(async (path, i) => {
      const { size } = await stat(real[i]);
      const name = uniqueName(basename(path), names);
      return { name, path: real[i], size, contentType: contentTypeOf(name) };
    }),
  );
}

function uniqueName(name: string, seen: Map<string, number>): string {
  const count = (seen.get(name.toLowerCase()) ?? 0) + 1;
  seen.set(name.toLowerCase(), count);
  if (count === 1) return name;
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)} (${count})${ext}`;
}

/** Files under this go inline (base64 in the request); from it on, an upload session, which refuses smaller ones. */
export const INLINE_LIMIT = 3 * 1024 * 1024;
/** What the small files may take of Graph's 4 MB request, base64 included, leaving room for the message. */
const INLINE_BUDGET = 3.5 * 1024 * 1024;

/** Refuses, before any request, what Exchange Online would refuse after a partial upload. */
export function checkLimits(attachments: FileAttachment[], maxMessageBytes: number): void {
  const huge = attachments.find((a) => a.size > MAX_ATTACHMENT_BYTES);
  if (huge) {
    throw new ActionFailure(
      `Attachment ${huge.name} is ${megabytes(huge.size)}, over Graph's limit of 150 MB per attachment. ` +
        'Compress or split it, or publish it as a workflow artifact and link to it.',
    );
  }
  const small = attachments.filter((a) => a.size < INLINE_LIMIT);
  const inline = small.reduce((sum, a) => sum + Math.ceil(a.size / 3) * 4, 0);
  if (inline > INLINE_BUDGET) {
    throw new ActionFailure(
      `The ${small.length} attachments under 3 MB take ${megabytes(inline)} once encoded, more than fits in one ` +
        'Graph request (4 MB). Zip them into one file: files of 3 MB or more are uploaded on their own.',
    );
  }
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  if (total > maxMessageBytes) {
    throw new ActionFailure(
      `The attachments add up to ${megabytes(total)}, over the maximum message size of ${megabytes(maxMessageBytes)} ` +
        "('max-message-size'). Attach fewer or smaller files, or raise 'max-message-size' if your Exchange " +
        'Online organisation allows larger mails.',
    );
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
