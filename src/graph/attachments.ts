/**
 * How attachments travel to Graph, decided from file sizes alone (nothing is read to plan): in the one sendMail
 * when the whole request fits, else through a draft created with as many small files as fit, one `POST
 * …/attachments` per other file that fits a request, and an upload session per file that does not.
 *
 * Every request to Graph is at most 4 MiB as sent, base64 and JSON included (Graph's users measured 4 194 304
 * bytes taken and more answered 413). A file goes through an upload session only when its own POST would not
 * fit: from 3 MiB on (Outlook's documented floor for upload sessions) always, and also the last hundred-odd bytes
 * under it, which base64 pushes over the limit.
 */
import { readFile } from 'node:fs/promises';
import type { FileAttachment as GraphFileAttachment, Message } from '@microsoft/microsoft-graph-types';
import type { FileAttachment } from '../mail.js';

/** Graph's limit for one request, sendMail included. */
export const REQUEST_LIMIT = 4 * 1024 * 1024;

/** Bytes of base64 for `size` bytes of file: about a third more. */
export function encodedBytes(size: number): number {
  return Math.ceil(size / 3) * 4;
}

/** Graph's attachment type is abstract: each one names the type it is. */
type TypedFileAttachment = GraphFileAttachment & { '@odata.type': string };

/** A Graph fileAttachment; `contentBytes` empty when only its size is wanted. */
function fileAttachment(file: FileAttachment, contentBytes: string): TypedFileAttachment {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    name: file.name,
    contentType: file.contentType,
    contentBytes,
  };
}

/** A JSON body's size as sent, with each file's base64 counted but not made (it needs no JSON escaping). */
function bytesWith(body: unknown, files: FileAttachment[]): number {
  return Buffer.byteLength(JSON.stringify(body)) + files.reduce((sum, file) => sum + encodedBytes(file.size), 0);
}

function withAttachments(message: Message, files: FileAttachment[]): Message {
  return files.length === 0 ? message : { ...message, attachments: files.map((file) => fileAttachment(file, '')) };
}

/** `POST …/messages/{id}/attachments` with this one file. */
export function attachmentRequestBytes(file: FileAttachment): number {
  return bytesWith(fileAttachment(file, ''), [file]);
}

/** `POST …/sendMail` with the message and these files inline. */
export function sendMailRequestBytes(message: Message, files: FileAttachment[], saveToSentItems: boolean): number {
  return bytesWith({ message: withAttachments(message, files), saveToSentItems }, files);
}

/** `POST …/messages` (the draft) with these files inline. */
export function draftRequestBytes(message: Message, files: FileAttachment[]): number {
  return bytesWith(withAttachments(message, files), files);
}

/** Whether the file can go in a request of its own; if not, only an upload session takes it. */
export function fitsOneRequest(file: FileAttachment): boolean {
  return attachmentRequestBytes(file) <= REQUEST_LIMIT;
}

export interface AttachmentPlan {
  /** Everything goes in one sendMail: no draft, Mail.Send alone. */
  oneRequest: boolean;
  /** In the sendMail, or in the request that creates the draft. */
  inline: FileAttachment[];
  /** Added to the draft one `POST …/attachments` each. */
  posted: FileAttachment[];
  /** Added to the draft through an upload session each. */
  uploaded: FileAttachment[];
}

/**
 * The fewest requests: one sendMail when it fits; otherwise the draft takes the smallest files first (so as many
 * as possible ride along with it), every other file that fits a request is posted on its own, the rest uploaded.
 */
export function planAttachments(message: Message, files: FileAttachment[], saveToSentItems: boolean): AttachmentPlan {
  const uploaded = files.filter((file) => !fitsOneRequest(file));
  const small = files.filter(fitsOneRequest);
  if (uploaded.length === 0 && sendMailRequestBytes(message, small, saveToSentItems) <= REQUEST_LIMIT) {
    return { oneRequest: true, inline: small, posted: [], uploaded };
  }
  const inline: FileAttachment[] = [];
  for (const file of [...small].sort((a, b) => a.size - b.size)) {
    if (draftRequestBytes(message, [...inline, file]) <= REQUEST_LIMIT) inline.push(file);
  }
  return { oneRequest: false, inline, posted: small.filter((file) => !inline.includes(file)), uploaded };
}

/** The file as a Graph fileAttachment, read whole: only files that fit one 4 MB request come here. */
export async function readAttachment(file: FileAttachment): Promise<TypedFileAttachment> {
  return fileAttachment(file, (await readFile(file.path)).toString('base64'));
}
