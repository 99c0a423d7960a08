/**
 * The request bodies of Graph's mail routes as Graph reads them: sendMail's (size, JSON, the shape of
 * microsoft.graph.message, recipient limits and addresses, checked in that order so each mistake meets the error
 * Graph gives it), a draft's (the message alone, recipients optional) and an upload session's AttachmentItem.
 */

export interface GraphFailure {
  status: number;
  code: string;
  message: string;
}

export type Submission =
  { ok: true; message: Record<string, unknown>; saveToSentItems: boolean } | { ok: false; failure: GraphFailure };

export type DraftBody = { ok: true; message: Record<string, unknown> } | { ok: false; failure: GraphFailure };

/** The file an upload session is opened for (microsoft.graph.attachmentItem). */
export interface AttachmentItem {
  name: string;
  size: number;
  contentType?: string;
  isInline?: boolean;
  contentId?: string;
}

export type UploadRequest = { ok: true; item: AttachmentItem } | { ok: false; failure: GraphFailure };

export type AttachmentBody = { ok: true; attachment: Record<string, unknown> } | { ok: false; failure: GraphFailure };

export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
export const MAX_RECIPIENTS = 500;
/**
 * Outlook takes a file through an upload session only from 3 MB (smaller ones go inline) up to 150 MB. Which 3 MB
 * is not documented: a test may lower the floor (`emulator.graph.minUploadBytes`) to what users measured, 2 MiB.
 */
export const MIN_UPLOAD_BYTES = 3 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;
const MAX_HEADERS = 5;

type Check = (value: unknown, path: string) => string | undefined;

export function readSubmission(body: Buffer, size: number): Submission {
  const read = readJson(body, size, 'sendMail');
  return read.ok ? readPayload(read.value) : read;
}

/** `POST /users/{id}/messages`: the body is the message itself, and a draft may have no recipients yet. */
export function readDraft(body: Buffer, size: number): DraftBody {
  const read = readJson(body, size, 'createMessage');
  if (!read.ok) return read;
  if (!isObject(read.value)) return shape('The request body must be a JSON object.');
  const problem = MESSAGE(read.value, '');
  if (problem) return shape(problem);
  const recipients = checkRecipients(read.value, false);
  return recipients ? { ok: false, failure: recipients } : { ok: true, message: read.value };
}

/** What sending a draft checks of its message: what sendMail checks of recipients and headers. */
export function checkSendable(message: Record<string, unknown>): GraphFailure | undefined {
  return checkRecipients(message, true);
}

/** `POST …/messages/{id}/attachments`: the body is one fileAttachment, its bytes in base64. */
export function readAttachmentBody(body: Buffer, size: number): AttachmentBody {
  const read = readJson(body, size, 'createAttachment');
  if (!read.ok) return read;
  if (!isObject(read.value)) return shape('The request body must be a JSON object.');
  const problem = attachment(read.value, '');
  return problem ? shape(problem) : { ok: true, attachment: read.value };
}

/** `POST …/attachments/createUploadSession`: `{ AttachmentItem: { attachmentType: 'file', name, size, … } }`. */
export function readUploadRequest(body: Buffer, size: number, minimum = MIN_UPLOAD_BYTES): UploadRequest {
  const read = readJson(body, size, 'createUploadSession');
  if (!read.ok) return read;
  if (!isObject(read.value)) return shape('The request body must be a JSON object.');
  const unknown = Object.keys(read.value).find((k) => k !== 'AttachmentItem');
  if (unknown) {
    return shape(
      `The parameter '${unknown}' in the request payload is not a valid parameter for the operation 'createUploadSession'.`,
    );
  }
  const item = read.value.AttachmentItem;
  if (item === undefined || item === null) {
    return fail(400, 'ErrorInvalidRequest', "The request is missing the required parameter 'AttachmentItem'.");
  }
  const problem = ATTACHMENT_ITEM(item, 'AttachmentItem');
  if (problem) return shape(problem);
  const { size: declared } = item as unknown as AttachmentItem;
  if (declared < minimum) {
    return fail(
      400,
      'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
      'Attachment size must be greater than the minimum size.',
    );
  }
  if (declared > MAX_UPLOAD_BYTES) {
    return fail(400, 'ErrorAttachmentSizeExceedsMaximumSize', 'Attachment size must be less than the maximum size.');
  }
  return { ok: true, item: item as unknown as AttachmentItem };
}

type Json = { ok: true; value: unknown } | { ok: false; failure: GraphFailure };

function readJson(body: Buffer, size: number, operation: string): Json {
  if (size > MAX_REQUEST_BYTES) {
    return fail(
      413,
      'ErrorMessageSizeExceeded',
      `The request is ${size} bytes; ${operation} accepts at most ${MAX_REQUEST_BYTES} bytes. ` +
        'Send larger attachments through an upload session.',
    );
  }
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return fail(
      400,
      'RequestBodyRead',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}

function readPayload(parsed: unknown): Submission {
  if (!isObject(parsed)) return shape('The request body must be a JSON object.');
  const unknown = Object.keys(parsed).find((k) => k !== 'message' && k !== 'saveToSentItems');
  if (unknown) {
    return shape(
      `The parameter '${unknown}' in the request payload is not a valid parameter for the operation 'sendMail'.`,
    );
  }
  if (parsed.message === undefined) {
    return fail(400, 'ErrorInvalidRequest', "The request is missing the required parameter 'message'.");
  }
  const save = parsed.saveToSentItems;
  if (save !== undefined && typeof save !== 'boolean') return shape("Property 'saveToSentItems' must be a boolean.");
  const problem = checkMessage(parsed.message) ?? checkRecipients(parsed.message as Record<string, unknown>, true);
  if (problem) return { ok: false, failure: problem };
  return { ok: true, message: parsed.message as Record<string, unknown>, saveToSentItems: save ?? true };
}

const fail = (status: number, code: string, message: string): { ok: false; failure: GraphFailure } => ({
  ok: false,
  failure: { status, code, message },
});
const shape = (message: string) => fail(400, 'RequestBodyRead', message);
const bodyRead = (message: string): GraphFailure => ({ status: 400, code: 'RequestBodyRead', message });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const string: Check = (v, path) => (typeof v === 'string' ? undefined : `Property '${path}' must be a string.`);
const boolean: Check = (v, path) => (typeof v === 'boolean' ? undefined : `Property '${path}' must be a boolean.`);
const nonEmpty: Check = (v, path) =>
  string(v, path) ?? ((v as string).trim() ? undefined : `Property '${path}' must not be empty.`);
const count: Check = (v, path) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : `Property '${path}' must be a non-negative integer.`;

// Edm.Binary in JSON is standard base64 with its padding; Graph refuses anything else before looking further.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64: Check = (v, path) =>
  string(v, path) ??
  (BASE64.test(v as string) ? undefined : `Cannot convert the literal in '${path}' to the expected type 'Edm.Binary'.`);

const oneOf =
  (values: string[]): Check =>
  (v, path) =>
    typeof v === 'string' && values.includes(v.toLowerCase())
      ? undefined
      : `Property '${path}' has the invalid value ${JSON.stringify(v)}; expected one of ${values.join(', ')}.`;

/** An object whose listed properties are checked; unlisted ones are refused, as Graph refuses them. */
const object =
  (fields: Record<string, Check>, type: string, required: string[] = []): Check =>
  (v, path) => {
    if (!isObject(v)) return `Property '${path}' must be an object (${type}).`;
    // The draft body is a message at the root: its properties are named without a prefix.
    const at = (key: string) => (path ? `${path}.${key}` : key);
    const missing = required.find((k) => v[k] === undefined || v[k] === null);
    if (missing) return `Property '${at(missing)}' is required.`;
    for (const [key, value] of Object.entries(v)) {
      const check = fields[key];
      if (!check) {
        return (
          `The property '${key}' does not exist on type '${type}'. Make sure to only use property names ` +
          'that are defined by the type or mark the type as open type.'
        );
      }
      const problem = value === null ? undefined : check(value, at(key));
      if (problem) return problem;
    }
    return undefined;
  };

const array =
  (item: Check): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return `Property '${path}' must be an array.`;
    for (const [index, element] of v.entries()) {
      const problem = item(element, `${path}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  };

const recipient = object(
  { emailAddress: object({ address: string, name: string }, 'microsoft.graph.emailAddress', ['address']) },
  'microsoft.graph.recipient',
  ['emailAddress'],
);

const attachment = object(
  {
    '@odata.type': oneOf(['#microsoft.graph.fileattachment']),
    name: nonEmpty,
    contentType: string,
    contentBytes: base64,
    contentId: string,
    isInline: boolean,
  },
  'microsoft.graph.fileAttachment',
  ['@odata.type', 'name', 'contentBytes'],
);

const ATTACHMENT_ITEM = object(
  {
    attachmentType: oneOf(['file']),
    name: nonEmpty,
    size: count,
    contentType: string,
    isInline: boolean,
    contentId: string,
  },
  'microsoft.graph.attachmentItem',
  ['attachmentType', 'name', 'size'],
);

const MESSAGE = object(
  {
    subject: string,
    body: object({ contentType: oneOf(['text', 'html']), content: string }, 'microsoft.graph.itemBody'),
    toRecipients: array(recipient),
    ccRecipients: array(recipient),
    bccRecipients: array(recipient),
    replyTo: array(recipient),
    from: recipient,
    sender: recipient,
    importance: oneOf(['low', 'normal', 'high']),
    internetMessageHeaders: array(
      object({ name: string, value: string }, 'microsoft.graph.internetMessageHeader', ['name', 'value']),
    ),
    attachments: array(attachment),
    categories: array(string),
    isDeliveryReceiptRequested: boolean,
    isReadReceiptRequested: boolean,
  },
  'microsoft.graph.message',
);

function checkMessage(message: unknown): GraphFailure | undefined {
  const problem = MESSAGE(message, 'message');
  return problem ? bodyRead(problem) : undefined;
}

// Anything with a local part, an @ and a dotted domain, and no display-name syntax: `Jane <jane@x.com>` is
// not an address, and Exchange would not resolve it.
const ADDRESS =
  /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

type Recipient = { emailAddress: { address: string } };

function listOf(message: Record<string, unknown>, key: string): Recipient[] {
  return (message[key] ?? []) as Recipient[];
}

/** `requireOne`: a message about to be sent needs a recipient; a draft being saved does not. */
function checkRecipients(message: Record<string, unknown>, requireOne: boolean): GraphFailure | undefined {
  const delivered = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap((k) => listOf(message, k));
  if (delivered.length > MAX_RECIPIENTS) {
    return {
      status: 400,
      code: 'ErrorTooManyRecipients',
      message: `The message has ${delivered.length} recipients; at most ${MAX_RECIPIENTS} are allowed.`,
    };
  }
  if (requireOne && delivered.length === 0) {
    return invalidRecipients("A message can't be sent because it contains no recipients.");
  }
  const bad = [...delivered, ...listOf(message, 'replyTo')].find((r) => !ADDRESS.test(r.emailAddress.address));
  if (bad) {
    return invalidRecipients(
      `Recipient '${bad.emailAddress.address}' is not resolved. All recipients must be resolved before a message can be submitted.`,
    );
  }
  return checkHeaders(message);
}

function invalidRecipients(detail: string): GraphFailure {
  return { status: 400, code: 'ErrorInvalidRecipients', message: `At least one recipient isn't valid., ${detail}` };
}

function checkHeaders(message: Record<string, unknown>): GraphFailure | undefined {
  const headers = (message.internetMessageHeaders ?? []) as { name: string; value: string }[];
  if (headers.length > MAX_HEADERS) {
    return {
      status: 400,
      code: 'InvalidInternetMessageHeaderCollection',
      message: `Maximum number of headers in one message should be less than or equal to ${MAX_HEADERS}.`,
    };
  }
  const bad = headers.find((h) => !/^x-/i.test(h.name));
  if (bad) {
    return {
      status: 400,
      code: 'InvalidInternetMessageHeader',
      message: `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.`,
    };
  }
  // Unverified: no page says what Graph does with a line break or non-ASCII in a value. Refusing both is the
  // strict reading of RFC 5322 (a header field is one line of US-ASCII), and the action sends neither.
  const unsafe = headers.find((h) => !/^[\x20-\x7e]*$/.test(h.value));
  if (unsafe) {
    return {
      status: 400,
      code: 'InvalidInternetMessageHeader',
      message: `The internet message header '${unsafe.name}' has a value that is not one line of printable ASCII.`,
    };
  }
  return undefined;
}

/** The custom headers a message carries, by name as sent: what a mail-flow rule would test. */
export function headersOf(message: Record<string, unknown>): Record<string, string> {
  const headers = (message.internetMessageHeaders ?? []) as { name: string; value: string }[];
  return Object.fromEntries(headers.map((h) => [h.name, h.value]));
}
