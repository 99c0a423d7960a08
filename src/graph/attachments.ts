import { readFile } from 'node:fs/promises';
import type { FileAttachment as GraphFileAttachment, Message } from '@microsoft/microsoft-graph-types';
import type { FileAttachment } from '../mail.js';

export { INLINE_LIMIT } from '../attachments.js';
/** Graph's limit for one request, sendMail included. */
export const REQUEST_LIMIT = 4 * 1024 * 1024;

/** Small files as Graph fileAttachments. Each is under 3 MB, so reading it whole is fine. */
export async function inlineAttachments(files: FileAttachment[]): Promise<GraphFileAttachment[]> {
  return Promise.all(
    files.map(async (file) => ({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: file.name,
      contentType: file.contentType,
      contentBytes: (await readFile(file.path)).toString('base64'),
    })),
  );
}

/** The size of the sendMail request this message makes, as UTF-8 JSON. */
export function requestBytes(message: Message): number {
  return Buffer.byteLength(JSON.stringify({ message, saveToSentItems: true }));
}
