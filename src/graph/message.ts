import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import type { Address, Mail } from '../mail.js';

function recipient(address: Address): Recipient {
  return {
    emailAddress: address.name ? { address: address.address, name: address.name } : { address: address.address },
  };
}

/** The Graph `message` resource for a mail; empty recipient lists are left out rather than sent as `[]`. */
export function toGraphMessage(mail: Mail): Message {
  const message: Message = {
    subject: mail.subject,
    body: { contentType: mail.body.format, content: mail.body.content },
    importance: mail.importance,
  };
  if (mail.headers.length > 0) message.internetMessageHeaders = mail.headers.map((h) => ({ ...h }));
  if (mail.to.length > 0) message.toRecipients = mail.to.map(recipient);
  if (mail.cc.length > 0) message.ccRecipients = mail.cc.map(recipient);
  if (mail.bcc.length > 0) message.bccRecipients = mail.bcc.map(recipient);
  if (mail.replyTo.length > 0) message.replyTo = mail.replyTo.map(recipient);
  if (mail.from) message.from = recipient(mail.from);
  return message;
}
