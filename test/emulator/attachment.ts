/**
 * File attachments as the emulator keeps them: a summary (name, type, size, SHA-256) instead of the bytes, so a
 * test can check what arrived while memory stays flat however large the attachments are.
 */
import { createHash } from 'node:crypto';

export interface AttachmentSummary {
  name: string;
  /** As the client gave it; `application/octet-stream` when it gave none. */
  contentType: string;
  /** Bytes of the file (decoded, for an inline attachment). */
  size: number;
  /** SHA-256 of those bytes, hex lower case. */
  sha256: string;
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export interface InlineAttachment {
  name: string;
  contentType?: string | null;
  contentBytes: string;
}

/**
 * Splits a checked message into the message to keep, whose attachments lose `contentBytes` (and keep every other
 * property), and one summary per attachment.
 */
export function summarizeInline(message: Record<string, unknown>): {
  message: Record<string, unknown>;
  attachments: AttachmentSummary[];
} {
  const inline = (message.attachments ?? []) as InlineAttachment[];
  if (inline.length === 0) return { message, attachments: [] };
  const attachments = inline.map(summarize);
  const kept = inline.map(({ contentBytes: _bytes, ...rest }) => rest);
  return { message: { ...message, attachments: kept }, attachments };
}

/** One checked fileAttachment, as it is kept. */
export function summarize(attachment: InlineAttachment): AttachmentSummary {
  const bytes = Buffer.from(attachment.contentBytes, 'base64');
  return {
    name: attachment.name,
    contentType: attachment.contentType ?? DEFAULT_CONTENT_TYPE,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * A mail's size as Exchange Online holds it against MaxSendSize: after encoding, so the body and each attachment
 * in base64, about a third larger than on disk.
 */
export function encodedSize(message: Record<string, unknown>, attachments: AttachmentSummary[]): number {
  const base64 = (bytes: number) => Math.ceil(bytes / 3) * 4;
  const body = (message.body as { content?: string } | undefined)?.content ?? '';
  return attachments.reduce((sum, a) => sum + base64(a.size), base64(Buffer.byteLength(body)));
}
