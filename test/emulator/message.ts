/**
 * The sendMail request body as Graph reads it: size, JSON, the shape of microsoft.graph.message, recipient
 * limits and addresses. Checked in that order so each mistake meets the error Graph gives it.
 */

export interface GraphFailure {
  status: number;
  code: string;
  message: string;
}

export type Submission =
  | { ok: true; message: Record<string, unknown>; saveToSentItems: boolean }
  | { ok: false; failure: GraphFailure };

export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
export const MAX_RECIPIENTS = 500;
const MAX_HEADERS = 5;

type Check = (value: unknown, path: string) => string | undefined;

export function readSubmission(body: Buffer, size: number): Submission {
  if (size > MAX_REQUEST_BYTES) {
    return fail(413, 'ErrorMessageSizeExceeded',
      `The request is ${size} bytes; sendMail accepts at most ${MAX_REQUEST_BYTES} bytes. ` +
      'Send larger attachments through an upload session.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(400, 'RequestBodyRead',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  return readPayload(parsed);
}

function readPayload(parsed: unknown): Submission {
  if (!isObject(parsed)) return shape('The request body must be a JSON object.');
  const unknown = Object.keys(parsed).find((k) => k !== 'message' && k !== 'saveToSentItems');
  if (unknown) {
    return shape(`The parameter '${unknown}' in the request payload is not a valid parameter for the operation 'sendMail'.`);
  }
  if (parsed.message === undefined) {
    return fail(400, 'ErrorInvalidRequest', "The request is missing the required parameter 'message'.");
  }
  const save = parsed.saveToSentItems;
  if (save !== undefined && typeof save !== 'boolean') return shape("Property 'saveToSentItems' must be a boolean.");
  const problem = checkMessage(parsed.message) ?? checkRecipients(parsed.message as Record<string, unknown>);
  if (problem) return { ok: false, failure: problem };
  return { ok: true, message: parsed.message as Record<string, unknown>, saveToSentItems: save ?? true };
}

const fail = (status: number, code: string, message: string): Submission => ({ ok: false, failure: { status, code, message } });
const shape = (message: string): Submission => fail(400, 'RequestBodyRead', message);
const bodyRead = (message: string): GraphFailure => ({ status: 400, code: 'RequestBodyRead', message });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const string: Check = (v, path) => (typeof v === 'string' ? undefined : `Property '${path}' must be a string.`);
const boolean: Check = (v, path) => (typeof v === 'boolean' ? undefined : `Property '${path}' must be a boolean.`);

const oneOf = (values: string[]): Check => (v, path) =>
  typeof v === 'string' && values.includes(v.toLowerCase())
    ? undefined
    : `Property '${path}' has the invalid value ${JSON.stringify(v)}; expected one of ${values.join(', ')}.`;

/** An object whose listed properties are checked; unlisted ones are refused, as Graph refuses them. */
const object = (fields: Record<string, Check>, type: string, required: string[] = []): Check => (v, path) => {
  if (!isObject(v)) return `Property '${path}' must be an object (${type}).`;
  const missing = required.find((k) => v[k] === undefined || v[k] === null);
  if (missing) return `Property '${path}.${missing}' is required.`;
  for (const [key, value] of Object.entries(v)) {
    const check = fields[key];
    if (!check) {
      return `The property '${key}' does not exist on type '${type}'. Make sure to only use property names ` +
        'that are defined by the type or mark the type as open type.';
    }
    const problem = value === null ? undefined : check(value, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
};

const array = (item: Check): Check => (v, path) => {
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
    name: string,
    contentType: string,
    contentBytes: string,
    contentId: string,
    isInline: boolean,
  },
  'microsoft.graph.fileAttachment',
  ['@odata.type', 'name', 'contentBytes'],
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
    internetMessageHeaders: array(object({ name: string, value: string }, 'microsoft.graph.internetMessageHeader', ['name', 'value'])),
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
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

type Recipient = { emailAddress: { address: string } };

function listOf(message: Record<string, unknown>, key: string): Recipient[] {
  return (message[key] ?? []) as Recipient[];
}

function checkRecipients(message: Record<string, unknown>): GraphFailure | undefined {
  const delivered = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap((k) => listOf(message, k));
  if (delivered.length > MAX_RECIPIENTS) {
    return { status: 400, code: 'ErrorTooManyRecipients',
      message: `The message has ${delivered.length} recipients; at most ${MAX_RECIPIENTS} are allowed.` };
  }
  if (delivered.length === 0) {
    return invalidRecipients("A message can't be sent because it contains no recipients.");
  }
  const bad = [...delivered, ...listOf(message, 'replyTo')].find((r) => !ADDRESS.test(r.emailAddress.address));
  if (bad) {
    return invalidRecipients(
      `Recipient '${bad.emailAddress.address}' is not resolved. All recipients must be resolved before a message can be submitted.`);
  }
  return checkHeaders(message);
}

function invalidRecipients(detail: string): GraphFailure {
  return { status: 400, code: 'ErrorInvalidRecipients', message: `At least one recipient isn't valid., ${detail}` };
}

function checkHeaders(message: Record<string, unknown>): GraphFailure | undefined {
  const headers = (message.internetMessageHeaders ?? []) as { name: string }[];
  if (headers.length > MAX_HEADERS) {
    return { status: 400, code: 'InvalidInternetMessageHeaderCollection',
      message: `Maximum number of headers in one message should be less than or equal to ${MAX_HEADERS}.` };
  }
  const bad = headers.find((h) => !/^x-/i.test(h.name));
  if (bad) {
    return { status: 400, code: 'InvalidInternetMessageHeader',
      message: `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.` };
  }
  return undefined;
}
