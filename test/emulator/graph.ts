/**
 * The Graph service: `POST /v1.0/users/{id}/sendMail` with Graph's checks in Graph's order (token, permission,
 * mailbox, access policy, licence, body, send-as, the mailbox's send size) and Graph's error bodies and headers;
 * drafts with their attachments, added one per request or through upload sessions (draft.ts, upload.ts); and the
 * upload URL those sessions hand out. It plays one cloud's Graph: the US Government clouds have no upload sessions.
 */
import { access, authorize, idsOf, methodNotAllowed, refuse, sendAsDenied } from './access.ts';
import type { Ids } from './access.ts';
import { summarizeInline } from './attachment.ts';
import type { AttachmentSummary } from './attachment.ts';
import { maySendAs } from './directory.ts';
import { addAttachment, createDraft, deleteDraft, overSendSize, SEND, sendDraft } from './draft.ts';
import type { Exchange, Route } from './exchange.ts';
import { reply } from './exchange.ts';
import { headersOf, MIN_UPLOAD_BYTES, readSubmission } from './message.ts';
import { createUploadSession, routeUpload } from './upload.ts';
import type { UploadContext } from './upload.ts';

export interface SentMessage {
  /** The mailbox's address, however the request named it. */
  mailbox: string;
  /** The message as received, its attachments without `contentBytes`. */
  message: object;
  /** Its internetMessageHeaders by name, as sent: what inbox and mail-flow rules would see. */
  headers: Record<string, string>;
  /** Whether a copy went to the sender's Sent Items: sendMail's saveToSentItems; always, for a sent draft. */
  saveToSentItems: boolean;
  requestId: string;
  /** Every file attachment, inline or uploaded to the draft, summarized; [] when none. */
  attachments: AttachmentSummary[];
}

export type GraphContext = UploadContext;

/** Which Graph the emulator plays; a test edits `emulator.graph` between runs. */
export interface GraphSettings {
  cloud: 'public' | 'usgov' | 'usgov-dod' | 'china';
  /** The smallest file an upload session takes (ErrorAttachmentSizeShouldNotBeLessThanMinimumSize below it). */
  minUploadBytes: number;
}

export function defaultGraphSettings(): GraphSettings {
  return { cloud: 'public', minUploadBytes: MIN_UPLOAD_BYTES };
}

/** Per Microsoft's national-cloud table on attachment: createUploadSession, US Government L4 and L5 lack it. */
const NO_UPLOAD_SESSIONS: readonly GraphSettings['cloud'][] = ['usgov', 'usgov-dod'];

// Graph takes a user, or an item, as a path segment or as an OData key: users/x or users('x').
const KEY = String.raw`(?:/([^/()]+)|\('([^/]+)'\))`;
const USER = new RegExp(String.raw`^/v1\.0/users${KEY}(/.*)?$`, 'i');
const SEND_MAIL = /^\/sendMail$/i;
const MESSAGES = /^\/messages$/i;
const MESSAGE = new RegExp(String.raw`^/messages${KEY}(/attachments/createUploadSession|/attachments|/send)?$`, 'i');
const ME_SEND_MAIL = /^\/v1\.0\/me\/sendMail$/i;

export function routeGraph(ex: Exchange, context: GraphContext): Route {
  const upload = routeUpload(ex, context);
  if (upload) return upload;
  const ids = idsOf(ex);
  const user = USER.exec(ex.url.pathname);
  const rest = user?.[3] ?? '';
  const route = user && userRoute(ex, context, decodeURIComponent(user[1] ?? user[2] ?? ''), rest, ids);
  if (route) return route;
  if (ME_SEND_MAIL.test(ex.url.pathname)) return { headers: ids, handle: () => sendAsMe(ex, context, ids) };
  const segment = ex.url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  return {
    handle: () =>
      refuse(ex, ids, { status: 400, code: 'BadRequest', message: `Resource not found for the segment '${segment}'.` }),
  };
}

/** The routes under a user; each counts against its own fault route. */
function userRoute(ex: Exchange, context: GraphContext, user: string, rest: string, ids: Ids): Route | undefined {
  if (SEND_MAIL.test(rest)) return { fault: 'sendMail', headers: ids, handle: () => sendMail(ex, context, user, ids) };
  if (MESSAGES.test(rest)) {
    return { fault: 'createDraft', headers: ids, handle: () => createDraft(ex, context, user, ids) };
  }
  const message = MESSAGE.exec(rest);
  if (!message) return undefined;
  const id = decodeURIComponent(message[1] ?? message[2] ?? '');
  const action = message[3]?.toLowerCase();
  if (action === '/send') {
    return { fault: 'sendDraft', headers: ids, handle: () => sendDraft(ex, context, user, id, ids) };
  }
  if (action === '/attachments') {
    return { fault: 'addAttachment', headers: ids, handle: () => addAttachment(ex, context, user, id, ids) };
  }
  if (action) {
    return { fault: 'uploadSession', headers: ids, handle: () => uploadSession(ex, context, user, id, ids) };
  }
  return { fault: 'deleteDraft', headers: ids, handle: () => deleteDraft(ex, context, user, id, ids) };
}

/**
 * A Graph without the API: what it answers is undocumented, so the emulator answers as Graph's router does for a
 * path it does not know.
 */
function uploadSession(ex: Exchange, context: GraphContext, user: string, id: string, ids: Ids): void {
  if (!NO_UPLOAD_SESSIONS.includes(context.settings.cloud)) return createUploadSession(ex, context, user, id, ids);
  refuse(ex, ids, {
    status: 400,
    code: 'BadRequest',
    message: "Resource not found for the segment 'createUploadSession'.",
  });
}

function sendMail(ex: Exchange, context: GraphContext, user: string, ids: Ids): void {
  if (ex.record.method !== 'POST') return refuse(ex, ids, methodNotAllowed());
  const allowed = access(ex, context, SEND, user);
  if ('code' in allowed) return refuse(ex, ids, allowed);
  const submission = readSubmission(ex.body, ex.size);
  if (!submission.ok) return refuse(ex, ids, submission.failure);
  const from = (submission.message.from as { emailAddress: { address: string } } | undefined)?.emailAddress.address;
  if (from && !maySendAs(allowed.mailbox, from)) return refuse(ex, ids, sendAsDenied());
  // The bytes are summarized, not kept: a test checks what arrived by size and hash.
  const { message, attachments } = summarizeInline(submission.message);
  const oversize = overSendSize(allowed.mailbox, message, attachments);
  if (oversize) return refuse(ex, ids, oversize);
  context.messages.push({
    mailbox: allowed.mailbox.address,
    message,
    headers: headersOf(message),
    saveToSentItems: submission.saveToSentItems,
    requestId: ids['request-id']!,
    attachments,
  });
  reply(ex, 202, ids);
}

function sendAsMe(ex: Exchange, context: GraphContext, ids: Ids): void {
  const claims = authorize(ex, context, SEND);
  if ('code' in claims) return refuse(ex, ids, claims);
  refuse(ex, ids, {
    status: 400,
    code: 'BadRequest',
    message: '/me request is only valid with delegated authentication flow.',
  });
}
