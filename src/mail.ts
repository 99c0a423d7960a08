/**
 * The notification as plain data: what notification/ produces and graph/ sends. It knows nothing of GitHub or
 * HTTP, so either side can change without the other noticing.
 */

/** A mailbox as the user wrote it: `Jane Doe <jane@contoso.com>` or a bare address. */
export interface Address {
  address: string;
  name?: string;
}

export type Importance = 'low' | 'normal' | 'high';
export type BodyFormat = 'html' | 'text';
/** What `body-format` accepts: markdown is converted to an HTML body. */
export type BodyInputFormat = BodyFormat | 'markdown';

export interface Recipients {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
}

/** A file to attach, read from disk only when it is sent (so its size never has to fit in memory). */
export interface FileAttachment {
  name: string;
  path: string;
  size: number;
  contentType: string;
}

/** A custom internet message header, ready for the wire: named `X-…`, its value one line of printable ASCII. */
export interface MailHeader {
  name: string;
  value: string;
}

export interface Mail extends Recipients {
  subject: string;
  body: { format: BodyFormat; content: string };
  /** Send-as / on-behalf-of address; absent when the sender mailbox itself is the From. */
  from?: Address;
  importance: Importance;
  /** What inbox and mail-flow rules sort by; Graph takes at most five. */
  headers: MailHeader[];
  attachments: FileAttachment[];
}

export function recipientCount(mail: Recipients): number {
  return mail.to.length + mail.cc.length + mail.bcc.length;
}
