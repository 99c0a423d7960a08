/**
 * Drafts: `POST /users/{id}/messages` saves one, `POST …/messages/{id}/attachments` adds a file to it,
 * `POST …/messages/{id}/send` sends it as sendMail would (always keeping a copy in Sent Items), and
 * `DELETE …/messages/{id}` discards it. Attachments join a draft inline, one per request, or through an upload
 * session (upload.ts).
 */
import { randomBytes } from 'node:crypto';
import { access, itemNotFound, methodNotAllowed, refuse, sendAsDenied } from './access.ts';
import type { AccessContext, Ids } from './access.ts';
import { encodedSize, summarize, summarizeInline } from './attachment.ts';
import type { AttachmentSummary, InlineAttachment } from './attachment.ts';
import { maySendAs } from './directory.ts';
import type { Mailbox } from './directory.ts';
import type { Exchange } from './exchange.ts';
import { reply, replyJson } from './exchange.ts';
import type { GraphSettings, SentMessage } from './graph.ts';
import { checkSendable, headersOf, readAttachmentBody, readDraft } from './message.ts';
import type { GraphFailure } from './message.ts';
import type { Upload } from './upload.ts';

export interface Draft {
  /** Exchange's item id, as Graph gives it: long, base64url-like. */
  id: string;
  /** The mailbox's address, however the request named it. */
  mailbox: string;
  /** The message as created; inline attachments lose their `contentBytes` (summarized in `attachments`). */
  message: Record<string, unknown>;
  /** Inline attachments, then uploaded ones as each upload completes. */
  attachments: AttachmentSummary[];
  /** Upload sessions still open on the draft. */
  uploads: Upload[];
}

export interface DraftContext extends AccessContext {
  messages: SentMessage[];
  drafts: Draft[];
  /** Ids of the drafts deleted, in order. */
  deletedDrafts: string[];
  settings: GraphSettings;
}

/** Application permissions: saving, changing and deleting items needs Mail.ReadWrite; sending, Mail.Send. */
export const READ_WRITE = 'Mail.ReadWrite';
export const SEND = 'Mail.Send';

/** An id shaped like Exchange's: a fixed prefix, then opaque base64url, then padding. */
export function exchangeId(): string {
  return `AAMkA${randomBytes(102).toString('base64url')}AAA=`;
}

export function findDraft(context: DraftContext, mailbox: string, id: string): Draft | undefined {
  return context.drafts.find((d) => d.id === id && d.mailbox === mailbox);
}

export function createDraft(ex: Exchange, context: DraftContext, user: string, ids: Ids): void {
  if (ex.record.method !== 'POST') return refuse(ex, ids, methodNotAllowed());
  const allowed = access(ex, context, READ_WRITE, user);
  if ('code' in allowed) return refuse(ex, ids, allowed);
  const body = readDraft(ex.body, ex.size);
  if (!body.ok) return refuse(ex, ids, body.failure);
  const { message, attachments } = summarizeInline(body.message);
  const draft: Draft = { id: exchangeId(), mailbox: allowed.mailbox.address, message, attachments, uploads: [] };
  context.drafts.push(draft);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const { attachments: _inline, ...shown } = message;
  replyJson(
    ex,
    201,
    {
      '@odata.context': `${context.graphEndpoint}/v1.0/$metadata#users('${encodeURIComponent(user)}')/messages/$entity`,
      id: draft.id,
      createdDateTime: now,
      lastModifiedDateTime: now,
      ...shown,
      hasAttachments: attachments.length > 0,
      isDraft: true,
    },
    ids,
  );
}

/** A file attachment added to a draft: 201 with the attachment, as Graph shows it. */
export function addAttachment(ex: Exchange, context: DraftContext, user: string, id: string, ids: Ids): void {
  if (ex.record.method !== 'POST') return refuse(ex, ids, methodNotAllowed());
  const allowed = access(ex, context, READ_WRITE, user);
  if ('code' in allowed) return refuse(ex, ids, allowed);
  const draft = findDraft(context, allowed.mailbox.address, id);
  if (!draft) return refuse(ex, ids, itemNotFound());
  const body = readAttachmentBody(ex.body, ex.size);
  if (!body.ok) return refuse(ex, ids, body.failure);
  const attachment = body.attachment as unknown as InlineAttachment & { isInline?: boolean; contentId?: string };
  const summary = summarize(attachment);
  draft.attachments.push(summary);
  const attachmentId = exchangeId();
  replyJson(
    ex,
    201,
    {
      '@odata.context':
        `${context.graphEndpoint}/v1.0/$metadata#users('${encodeURIComponent(user)}')/messages('${draft.id}')` +
        '/attachments/$entity',
      '@odata.type': '#microsoft.graph.fileAttachment',
      id: attachmentId,
      lastModifiedDateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      name: summary.name,
      contentType: summary.contentType,
      size: summary.size,
      isInline: attachment.isInline ?? false,
      contentId: attachment.contentId ?? null,
      contentLocation: null,
      contentBytes: attachment.contentBytes,
    },
    ids,
  );
}

/** Exchange holds a mail, once encoded, against the sending mailbox's MaxSendSize. */
export function overSendSize(
  mailbox: Mailbox,
  message: Record<string, unknown>,
  attachments: AttachmentSummary[],
): GraphFailure | undefined {
  if (encodedSize(message, attachments) <= mailbox.maxSendSize) return undefined;
  return { status: 413, code: 'ErrorMessageSizeExceeded', message: 'The message exceeds the maximum supported size.' };
}

export function sendDraft(ex: Exchange, context: DraftContext, user: string, id: string, ids: Ids): void {
  if (ex.record.method !== 'POST') return refuse(ex, ids, methodNotAllowed());
  const allowed = access(ex, context, SEND, user);
  if ('code' in allowed) return refuse(ex, ids, allowed);
  const draft = findDraft(context, allowed.mailbox.address, id);
  if (!draft) return refuse(ex, ids, itemNotFound());
  if (draft.uploads.length > 0) {
    return refuse(ex, ids, {
      status: 400,
      code: 'ErrorInvalidRequest',
      message:
        `The message has ${draft.uploads.length} attachment upload session(s) that are not complete. ` +
        'Finish or cancel each upload before sending the message.',
    });
  }
  const problem = checkSendable(draft.message);
  if (problem) return refuse(ex, ids, problem);
  const from = (draft.message.from as { emailAddress: { address: string } } | undefined)?.emailAddress.address;
  if (from && !maySendAs(allowed.mailbox, from)) return refuse(ex, ids, sendAsDenied());
  const oversize = overSendSize(allowed.mailbox, draft.message, draft.attachments);
  if (oversize) return refuse(ex, ids, oversize);
  context.messages.push({
    mailbox: draft.mailbox,
    message: draft.message,
    headers: headersOf(draft.message),
    saveToSentItems: true,
    requestId: ids['request-id']!,
    attachments: draft.attachments,
  });
  context.drafts.splice(context.drafts.indexOf(draft), 1);
  reply(ex, 202, ids);
}

export function deleteDraft(ex: Exchange, context: DraftContext, user: string, id: string, ids: Ids): void {
  if (ex.record.method !== 'DELETE') return refuse(ex, ids, methodNotAllowed());
  const allowed = access(ex, context, READ_WRITE, user);
  if ('code' in allowed) return refuse(ex, ids, allowed);
  const draft = findDraft(context, allowed.mailbox.address, id);
  if (!draft) return refuse(ex, ids, itemNotFound());
  // Its open upload sessions go with it: their upload URLs answer 404 from now on.
  context.drafts.splice(context.drafts.indexOf(draft), 1);
  context.deletedDrafts.push(draft.id);
  reply(ex, 204, ids);
}
