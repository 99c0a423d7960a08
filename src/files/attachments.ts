/**
 * Turns the `attachments` input (glob patterns, one per line) into files with a name, a size and a content type,
 * and checks Graph's and Exchange Online's limits before any request: a mail that cannot go out whole must not go
 * out in part.
 */
import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join } from 'node:path';
import { graphOf, offers, type CloudName } from '../entra/cloud.js';
import { ActionFailure } from '../failure.js';
import { encodedBytes, fitsOneRequest } from '../graph/attachments.js';
import type { FileAttachment, Mail } from '../mail.js';
import { readableRoots, realPathWithin } from './workspace.js';

/** Graph's limit for one attachment (through an upload session). */
export const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;

const MB = 1024 * 1024;

/** A pattern with this prefix may match nothing (a report that only failing runs write, say). */
export const OPTIONAL = '?';

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

export async function expandWithGlob(pattern: string): Promise<string[]> {
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
  // Named before any await, so `report (2).xml` is always the second match, however the stats interleave.
  const seen = new Map<string, number>();
  const names = paths.map((path) => uniqueName(basename(path), seen));
  return Promise.all(
    paths.map(async (_path, i) => {
      const { size } = await stat(real[i]);
      return { name: names[i], path: real[i], size, contentType: contentTypeOf(names[i]) };
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

export interface Limits {
  /** `max-message-size` in bytes: the most the sender's mailbox may send, measured after encoding. */
  maxMessageBytes: number;
  cloud: CloudName;
}

/**
 * Refuses, before any request, what Graph or Exchange Online would refuse after a partial upload: a file over
 * 150 MB, a file the cloud's Graph has no way to take, a mail over `max-message-size` as Exchange counts it.
 */
export function checkLimits(mail: Pick<Mail, 'attachments' | 'body'>, limits: Limits): void {
  const huge = mail.attachments.find((a) => a.size > MAX_ATTACHMENT_BYTES);
  if (huge) {
    throw new ActionFailure(
      `Attachment ${huge.name} is ${megabytes(huge.size)}, over Graph's limit of 150 MB per attachment. ` +
        'Compress or split it, or publish it as a workflow artifact and link to it.',
    );
  }
  checkCloud(mail.attachments, limits.cloud);
  checkMessageSize(mail, limits.maxMessageBytes);
}

/** Without upload sessions every file must fit one request once encoded: a little under 3 MB. */
function checkCloud(attachments: FileAttachment[], cloud: CloudName): void {
  if (offers(cloud, 'createUploadSession')) return;
  const large = attachments.find((a) => !fitsOneRequest(a));
  if (large) {
    throw new ActionFailure(
      `Attachment ${large.name} is ${megabytes(large.size)}; ${graphOf(cloud)} has no upload sessions, so each ` +
        'attachment must be under 3 MB there (under 4 MB once base64-encoded): split or compress it, or link to a ' +
        'workflow artifact.',
    );
  }
}

/**
 * Exchange Online measures a mail after encoding, when base64 has made each attachment about a third larger; so
 * the limit is held against the encoded attachments plus the encoded body, not the files' sizes on disk.
 */
export function encodedMessageBytes(mail: Pick<Mail, 'attachments' | 'body'>): number {
  const attachments = mail.attachments.reduce((sum, a) => sum + encodedBytes(a.size), 0);
  return attachments + encodedBytes(Buffer.byteLength(mail.body.content));
}

function checkMessageSize(mail: Pick<Mail, 'attachments' | 'body'>, maxMessageBytes: number): void {
  const encoded = encodedMessageBytes(mail);
  if (encoded <= maxMessageBytes) return;
  const raw = mail.attachments.reduce((sum, a) => sum + a.size, 0);
  const [size, limit] = distinct(encoded, maxMessageBytes);
  throw new ActionFailure(
    `The attachments add up to ${megabytes(raw)}, which makes the mail ${size} once encoded (base64 adds about a ` +
      'third, and Exchange Online counts a mail after encoding), over the maximum message size of ' +
      `${limit} ('max-message-size'). Attach fewer or smaller files, or raise ` +
      "'max-message-size' if your Exchange Online organisation allows larger mails.",
  );
}

/** Two sizes in MB, or in bytes where MB would show them equal. */
function distinct(a: number, b: number): [string, string] {
  return megabytes(a) === megabytes(b) ? [`${a} bytes`, `${b} bytes`] : [megabytes(a), megabytes(b)];
}

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
