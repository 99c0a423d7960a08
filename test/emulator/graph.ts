/**
 * The Graph service: `POST /v1.0/users/{id}/sendMail` with Graph's checks in Graph's order (token, permission,
 * mailbox, access policy, licence, body, send-as) and Graph's error bodies and headers; drafts with their
 * attachment upload sessions (draft.ts, upload.ts); and the upload URL those sessions hand out.
 */
import { access, authorize, idsOf, methodNotAllowed, refuse, sendAsDenied } from './access.ts';
import type { Ids } from './access.ts';
import { summarizeInline } from './attachment.ts';
import type { AttachmentSummary } from './attachment.ts';
import { maySendAs } from './directory.ts';
import { createDraft, deleteDraft, SEND, sendDraft } from './draft.ts';
import type { Exchange, Route } from './exchange.ts';
import { reply } from './exchange.ts';
import { readSubmission } from './message.ts';
import { createUploadSession, routeUpload } from './upload.ts';
import type { UploadContext } from './upload.ts';

export interface SentMessage {
  /** The mailbox's address, however the request named it. */
  mailbox: string;
  /** The message as received, its attachments without `contentBytes`. */
  message: object;
  saveToSentItems: boolean;
  requestId: string;
  /** Every file attachment, inline or uploaded to the draft, summarized; [] when none. */
  attachments: AttachmentSummary[];
}

export type GraphContext = UploadContext;

// Graph takes a user, or an item, as a path segment or as an OData key: users/x or users('x').
const KEY = String.raw`(?:/([^/()]+)|\('([^/]+)'\))`;
const USER = new RegExp(String.raw`^/v1\.0/users${KEY}(/.*)?$`, 'i');
const SEND_MAIL = /^\/sendMail$/i;
const MESSAGES = /^\/messages$/i;
const MESSAGE = new RegExp(String.raw`^/messages${KEY}(/attachments/createUploadSession|/send)?$`, 'i');
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
  if (action) {
    return { fault: 'uploadSession', headers: ids, handle: () => createUploadSession(ex, context, user, id, ids) };
  }
  return { fault: 'deleteDraft', headers: ids, handle: () => deleteDraft(ex, context, user, id, ids) };
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
  context.messages.push({
    mailbox: allowed.mailbox.address,
    message,
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
