export const id = 171;
export const ids = [171];
export const modules = {

/***/ 4171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startSending: () => (/* binding */ startSending)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./node_modules/@microsoft/microsoft-graph-client/lib/src/index.js
var src = __webpack_require__(1899);
// EXTERNAL MODULE: ./node_modules/@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js
var azureTokenCredentials = __webpack_require__(8316);
// EXTERNAL MODULE: ./src/entra/cloud.ts
var cloud = __webpack_require__(8997);
// EXTERNAL MODULE: ./src/failure.ts
var failure = __webpack_require__(1633);
// EXTERNAL MODULE: ./src/graph/attachments.ts
var attachments = __webpack_require__(3442);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/net/proxy.ts
var net_proxy = __webpack_require__(1987);
;// CONCATENATED MODULE: ./src/net/reason.ts
/** What the socket layer said, e.g. `ECONNREFUSED` or `self-signed certificate`: the part a user can act on. */
function networkReason(error) {
    const parts = [];
    for (let e = error; e instanceof Error && parts.length < 4; e = e.cause) {
        // Only system codes (ECONNRESET, UND_ERR_SOCKET, ...): the Graph client also puts class names in `code`.
        const code = e.code;
        const system = typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && !e.message.includes(code);
        parts.push(system ? `${e.message} (${code})` : e.message);
    }
    return parts.length > 0 ? parts.join(': ') : String(error);
}

;// CONCATENATED MODULE: ./src/entra/authority.ts



/**
 * MSAL reports a failed metadata request only as `endpoints_resolution_error`, dropping Entra's answer. Asking
 * once more recovers it (AADSTS90002 for an unknown tenant) or the network error, so the user sees the cause.
 */
async function probeAuthority(authorityHost, tenantId, signal) {
    const url = `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
    try {
        const response = await (0,undici.fetch)(url, { signal, dispatcher: (0,net_proxy/* dispatcher */.oh)() });
        return `${url} answered ${response.status}: ${description(await response.text())}`;
    }
    catch (error) {
        return `${url}: ${networkReason(error)}`;
    }
}
/** Entra's `error_description` when the body is its JSON error, else the body itself. */
function description(body) {
    try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed === 'object' && 'error_description' in parsed)
            return String(parsed.error_description);
    }
    catch {
        // Not JSON: a proxy's page, say; the caller shows only the status for it.
    }
    return body;
}

;// CONCATENATED MODULE: ./src/graph/diagnosis.ts
/**
 * Turns what Entra ID and Graph answer into one line a user can act on: the cause, the fix, and the id Microsoft
 * support asks for. Codes are matched, never message texts, except where Graph reuses one code for two causes.
 */

const CLOUD_HINT = "and that 'cloud' (or 'authority-host') matches the cloud the tenant lives in";
const FEDERATED = 'Add a federated credential to the app (Certificates & secrets → Federated credentials) whose issuer, ' +
    "subject and audience equal the token's, as logged above";
/** The value Entra quotes after `label`, e.g. the subject in "presented assertion subject 'repo:o/r:…'". */
function quoted(detail, label) {
    return new RegExp(`${label} '([^']*)'`).exec(detail)?.[1] ?? 'unknown';
}
/** The cloud a national-cloud redirection names, as a value of the `cloud` input. */
function namedCloud(detail) {
    if (/china|chinacloudapi|21vianet/i.test(detail))
        return 'china';
    if (/dod/i.test(detail))
        return 'usgov-dod';
    if (/usgov|government|\.us\b/i.test(detail))
        return 'usgov';
    if (/global|public|microsoftonline\.com/i.test(detail))
        return 'public';
    return undefined;
}
const SIGN_IN = {
    '7000215': () => "the client secret is wrong. Put the secret's Value in 'client-secret' (shown once, when the secret is " +
        'created), not its Secret ID.',
    '7000222': (f) => `the client secret of app ${f.clientId} has expired. Create a new one under Certificates & secrets and ` +
        "update the secret passed as 'client-secret'.",
    '700016': (f) => `app ${f.clientId} is not registered in tenant ${f.tenantId}. Check that 'client-id' is the Application ` +
        "(client) ID and 'tenant-id' the Directory (tenant) ID of the same app registration.",
    '90002': (f) => `tenant ${f.tenantId} was not found. Check that 'tenant-id' is the Directory (tenant) ID ${CLOUD_HINT}.`,
    '900023': (f) => `"${f.tenantId}" is not a tenant. Set 'tenant-id' to the Directory (tenant) ID (a GUID) or a verified domain ` +
        'of the tenant.',
    '500011': (f) => `the resource ${f.graphEndpoint} is not known in tenant ${f.tenantId}. Check 'graph-endpoint' ${CLOUD_HINT}.`,
    '90038': (f, d) => {
        const cloud = namedCloud(d.slice(d.indexOf('AADSTS90038')));
        const fix = cloud ? `Set 'cloud: ${cloud}'` : "Set 'cloud' to usgov, usgov-dod or china";
        return `tenant ${f.tenantId} lives in another Microsoft cloud than ${f.authorityHost}. ${fix}.`;
    },
    '900432': () => "the request crossed Microsoft clouds, which confidential clients may not do. Set 'cloud' to the cloud the " +
        'tenant lives in (public, usgov, usgov-dod or china), and drop authority-host / graph-endpoint overrides.',
    '700027': (f) => `the certificate in 'client-certificate' is not registered on app ${f.clientId}, or has expired. Upload its ` +
        'public part (the .cer/.pem without the key) under Certificates & secrets → Certificates.',
    '700024': () => "the client assertion is outside its valid time range. Check the runner's clock; with OIDC, re-run the job.",
    '70021': (_f, d) => `no federated credential matches the OIDC token (issuer ${quoted(d, 'Assertion Issuer:')}, subject ` +
        `${quoted(d, 'Assertion Subject:')}, audience ${quoted(d, 'Assertion Audience:')}). ${FEDERATED}.`,
    '700211': (_f, d) => `no federated credential has the OIDC token's issuer ${quoted(d, 'assertion issuer')}. ${FEDERATED}; for ` +
        'github.com the issuer is https://token.actions.githubusercontent.com.',
    '700212': (_f, d) => `no federated credential accepts the OIDC token's audience ${quoted(d, 'assertion audience')}. Set ` +
        "'oidc-audience' to the credential's audience, or add this one to it.",
    '700213': (_f, d) => `no federated credential has the subject ${quoted(d, 'assertion subject')}. Add a federated credential with ` +
        'exactly this subject (issuer https://token.actions.githubusercontent.com, audience as logged above).',
    '7002138': (_f, d) => `a federated credential has the subject ${quoted(d, 'assertion subject')} only in other letter case, and ` +
        "Entra compares subjects case-sensitively. Change the credential's subject to exactly this text.",
};
/** One line for a failed token request. `detail` is the text of the error the identity library threw. */
function describeSignInFailure(detail, facts) {
    const code = /AADSTS(\d+)/.exec(detail)?.[1];
    const correlation = /Correlation ID:\s*([0-9a-f-]{36})/i.exec(detail)?.[1];
    const suffix = correlation ? ` (correlation id: ${correlation})` : '';
    if (code !== undefined) {
        const what = Object.hasOwn(SIGN_IN, code)
            ? SIGN_IN[code](facts, detail)
            : firstSentence(detail.slice(detail.indexOf(`AADSTS${code}`) + `AADSTS${code}`.length).replace(/^:\s*/, ''));
        return `Sign-in to Entra ID failed (AADSTS${code}): ${what}${suffix}`;
    }
    const idToken = new RegExp(`${failure/* ID_TOKEN_FAILURE */.tJ}: (.*)`).exec(detail);
    if (idToken) {
        return `Could not get an OIDC token from GitHub (${idToken[1]}). Check that the job has 'permissions: id-token: write'.`;
    }
    const answered = /openid-configuration answered (\d+)/.exec(detail);
    if (answered) {
        return (`Sign-in to Entra ID failed: ${facts.authorityHost} has no sign-in metadata for tenant ${facts.tenantId} ` +
            `(HTTP ${answered[1]}). Check 'tenant-id' ${CLOUD_HINT}.`);
    }
    const unreachable = /openid-configuration: (.*)/.exec(detail);
    if (unreachable) {
        return (`Sign-in to Entra ID failed: could not reach ${facts.authorityHost} (${unreachable[1]}). Check ` +
            "'authority-host' and 'cloud', and that the runner can reach that host.");
    }
    return `Sign-in to Entra ID at ${facts.authorityHost} failed: ${firstSentence(detail)}`;
}
/**
 * Steps whose request the action keeps under Graph's 4 MB, so a size error there is Exchange's limit on the mail
 * as a whole; sendMail and createDraft carry the body, which alone can be too large for one request.
 */
const GROWS_THE_DRAFT = ['addAttachment', 'createUploadSession', 'send'];
const GRAPH = {
    ErrorAccessDenied: (a, f) => a.operation === 'createDraft'
        ? `app ${f.clientId} may not write to mailbox ${f.sender}. Attachments that do not fit one sendMail request ` +
            'go into a draft first, which needs the Mail.ReadWrite *Application* permission (with admin consent, or ' +
            'the Application Mail.ReadWrite role in RBAC for Applications) besides Mail.Send. Grant it, or attach less.'
        : // "Access to OData is disabled" is the text Microsoft documents for a blocking policy; the rest, seen in answers.
            /AccessPolicy|RBAC|Access to OData is disabled/i.test(a.message)
                ? `an application access policy (or RBAC for Applications) keeps app ${f.clientId} out of mailbox ` +
                    `${f.sender}. Add the mailbox to the group the policy names, or scope the app's role to include it.`
                : `app ${f.clientId} may not send mail. Add Mail.Send as an *Application* permission (not Delegated) and ` +
                    'grant admin consent; if an application access policy or RBAC for Applications scopes the app, include ' +
                    `mailbox ${f.sender}.`,
    ErrorSendAsDenied: (_a, f) => `mailbox ${f.sender} may not send as ${f.from ?? 'the From address'}. Grant it Send As (or Send on Behalf) ` +
        "on that mailbox in Exchange, or remove the 'from' input.",
    ErrorInvalidUser: (_a, f) => noMailbox(f),
    ResourceNotFound: (_a, f) => noMailbox(f),
    MailboxNotEnabledForRESTAPI: (_a, f) => unlicensed(f),
    ErrorMailboxNotEnabledForRESTAPI: (_a, f) => unlicensed(f),
    ErrorInvalidRecipients: (a) => `Graph refused the recipients (${a.message}). Check the addresses in 'to', 'cc' and 'bcc'.`,
    ErrorMessageSizeExceeded: (a, f) => (GROWS_THE_DRAFT.includes(a.operation ?? '') ? overMailboxLimit(f) : tooLarge()),
    ErrorAttachmentSizeShouldNotBeLessThanMinimumSize: () => 'Outlook would not open an upload session for an attachment under its minimum size (3 MB), and that file is ' +
        'too large to go in one 4 MB request once base64-encoded. Compress it, or zip it together with another file.',
    InvalidAuthenticationToken: (a, f) => /invalid audience/i.test(a.message)
        ? `Graph did not accept the access token (${a.message}): the token is for ${f.graphEndpoint}, another ` +
            "cloud's Graph. Set 'cloud' to the tenant's cloud (public, usgov, usgov-dod or china) and make " +
            "'authority-host' and 'graph-endpoint', if set, belong to that same cloud."
        : `Graph did not accept the access token (${a.message}). The token was requested for ${f.graphEndpoint}: ` +
            "check that 'graph-endpoint' (or 'cloud') matches the tenant's cloud and that the system clock is right.",
};
function noMailbox(f) {
    return (`there is no mailbox ${f.sender} in tenant ${f.tenantId}. Set 'sender' to the user principal name, primary ` +
        'SMTP address or object id of an existing mailbox.');
}
function unlicensed(f) {
    return (`mailbox ${f.sender} cannot be used through Graph: it has no Exchange Online licence, is inactive, or is ` +
        'hosted on-premises. License the user, or send from a shared mailbox (no licence needed).');
}
/**
 * What a Graph without upload sessions answers is undocumented; Graph's router answers BadRequest for a path it
 * does not have, so a BadRequest to createUploadSession is read as that, Graph's own words kept beside it.
 */
function noUploadSessions(a, f) {
    return (`${f.graphEndpoint} did not open an upload session (${a.message}). Graph in the US Government clouds has ` +
        "none: if the tenant is in one, set 'cloud' to usgov or usgov-dod, which keeps each attachment under 3 MB.");
}
/** Exchange refused the mail itself: the mailbox's send limit, not Graph's 4 MB per request. */
function overMailboxLimit(f) {
    return (`the mail is larger than mailbox ${f.sender} may send. Exchange Online holds each mail, measured after ` +
        "encoding (attachments grow by about a third), against the mailbox's MaxSendSize (35 MB unless an admin " +
        "changed it). Attach fewer or smaller files, set 'max-message-size' to that limit so the action refuses such " +
        'mails before sending, or have an Exchange admin raise MaxSendSize on the mailbox (Set-Mailbox -MaxSendSize).');
}
function tooLarge() {
    return 'the message is larger than Graph accepts in one sendMail request (4 MB). Shorten the body.';
}
/** One line for a Graph answer other than 202. */
function describeGraphFailure(answer, facts) {
    const head = `Graph ${answer.operation ?? 'sendMail'} failed (${answer.status}${answer.code ? ` ${answer.code}` : ''})`;
    const tail = answer.requestId ? ` (request-id: ${answer.requestId})` : '';
    if (answer.operation === 'createUploadSession' && answer.code === 'BadRequest') {
        return `${head}: ${noUploadSessions(answer, facts)}${tail}`;
    }
    if (Object.hasOwn(GRAPH, answer.code))
        return `${head}: ${GRAPH[answer.code](answer, facts)}${tail}`;
    // Users see both a 413 and a 400 "The maximum request length supported is 4MB." for the same limit.
    if (answer.status === 413 || /maximum request length/i.test(answer.message))
        return `${head}: ${tooLarge()}${tail}`;
    if (answer.status === 429) {
        return (`${head}: Exchange Online is throttling mailbox ${facts.sender} and ${attempts(answer.attempts)} did not get ` +
            `through. Send fewer mails from it at a time, or raise 'timeout-seconds' so throttled sends can wait.${tail}`);
    }
    const said = answer.message ? `: ${answer.message}` : '';
    return `${head}${said}${tail}`;
}
function attempts(count) {
    return count === 1 ? '1 attempt' : `${count} attempts`;
}
/** Entra's first sentence: its descriptions go on with Trace ID, Correlation ID and Timestamp lines. */
function firstSentence(text) {
    const line = text.split(/\r?\n|\\r\\n|\s+Trace ID:/).find((part) => part.trim() !== '') ?? text;
    return line.trim();
}

;// CONCATENATED MODULE: ./src/graph/message.ts
function recipient(address) {
    return {
        emailAddress: address.name ? { address: address.address, name: address.name } : { address: address.address },
    };
}
/** The Graph `message` resource for a mail; empty recipient lists are left out rather than sent as `[]`. */
function toGraphMessage(mail) {
    const message = {
        subject: mail.subject,
        body: { contentType: mail.body.format, content: mail.body.content },
        importance: mail.importance,
    };
    if (mail.headers.length > 0)
        message.internetMessageHeaders = mail.headers.map((h) => ({ ...h }));
    if (mail.to.length > 0)
        message.toRecipients = mail.to.map(recipient);
    if (mail.cc.length > 0)
        message.ccRecipients = mail.cc.map(recipient);
    if (mail.bcc.length > 0)
        message.bccRecipients = mail.bcc.map(recipient);
    if (mail.replyTo.length > 0)
        message.replyTo = mail.replyTo.map(recipient);
    if (mail.from)
        message.from = recipient(mail.from);
    return message;
}

;// CONCATENATED MODULE: ./src/net/wait.ts
/** 1 s, 2 s, 4 s ... each scaled by a random 0.5–1.5, so many runners that failed together do not retry together. */
function backoff(attempt, signal) {
    return sleep(backoffMs(attempt, 1000), signal);
}
/** `first` doubled for each attempt after the first, at most `cap`, then scaled by a random 0.5–1.5. */
function backoffMs(attempt, first, cap = Infinity, random = Math.random) {
    return Math.min(cap, first * 2 ** (attempt - 1)) * (0.5 + random());
}
/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms, signal) {
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    });
}

;// CONCATENATED MODULE: ./src/graph/throttle.ts

/** What Graph answers when Exchange throttles a mailbox or is briefly unavailable: worth asking again. */
const RETRIABLE = new Set([429, 503, 504]);
/** The first wait when Graph names none (the Graph client library's own default), and the most any grows to. */
const FIRST_WAIT_MS = 3000;
const MAX_WAIT_MS = 60_000;
/**
 * Retries 429, 503 and 504 until the send's deadline. It replaces the Graph client's RetryHandler, which stops
 * after at most ten tries whatever the deadline: a mailbox throttled for a minute should still get its mail out
 * when `timeout-seconds` allows. Honours Retry-After (seconds or an HTTP date); without one, waits 3 s, 6 s, 12 s
 * ... up to 60 s, with jitter. A retry whose wait would pass the deadline is not made: the last answer goes back to
 * the caller, which explains it with the number of attempts.
 */
class ThrottleHandler {
    constructor(deadline, signal) {
        this.deadline = deadline;
        this.signal = signal;
    }
    deadline;
    signal;
    next;
    setNext(next) {
        this.next = next;
    }
    async execute(context) {
        for (let attempt = 1;; attempt++) {
            await this.next.execute(context);
            const response = context.response;
            if (!response || !RETRIABLE.has(response.status))
                return;
            const wait = retryWaitMs(response.headers.get('Retry-After'), attempt);
            if (Date.now() + wait >= this.deadline)
                return;
            // The answer is dropped for a new one: free its connection.
            await response.body?.cancel().catch(() => { });
            await sleep(wait, this.signal);
        }
    }
}
/** How long to wait before the next try: what Retry-After says, else the capped exponential backoff. */
function retryWaitMs(retryAfter, attempt, now = Date.now(), random = Math.random) {
    if (retryAfter) {
        const seconds = Number(retryAfter);
        const ms = Number.isNaN(seconds) ? new Date(retryAfter).getTime() - now : seconds * 1000;
        if (Number.isFinite(ms))
            return Math.max(0, ms);
    }
    return backoffMs(attempt, FIRST_WAIT_MS, MAX_WAIT_MS, random);
}

;// CONCATENATED MODULE: ./src/graph/transport.ts




/** Attempts of one request when the connection fails (reset, timeout, refused) before any answer. */
const NETWORK_ATTEMPTS = 4;
/**
 * The last link of the Graph client's middleware chain. It replaces the library's HTTPMessageHandler, which
 * keeps only "fetch failed" of a network error, so that a refused connection or an untrusted certificate is
 * named; retries a request whose connection failed (the library retries only answers: 429, 503, 504), with
 * exponential backoff and jitter; sends through the runner's proxy (undici's fetch with the shared dispatcher:
 * Node's own fetch ignores HTTPS_PROXY); and applies the client's deadline to every request, retries included.
 *
 * A sendMail whose connection broke after it was sent may have been delivered: retrying it can deliver twice.
 * Graph has no idempotency key, and a notification twice is better than none.
 */
class FetchHandler {
    constructor(signal) {
        this.signal = signal;
    }
    signal;
    /** Requests put on the wire, retries included. */
    requests = 0;
    /** What the last request ended with (`429 Too Many Requests`, `other side closed`), for a timeout message. */
    last = '';
    async execute(context) {
        for (let attempt = 1;; attempt++) {
            this.requests++;
            this.last = '';
            try {
                const init = { ...context.options, signal: this.signal, dispatcher: (0,net_proxy/* dispatcher */.oh)() };
                // undici's Response has the shape of the global one the Graph client types expect.
                const response = (await (0,undici.fetch)(context.request, init));
                this.last = `${response.status} ${response.statusText}`.trim();
                context.response = response;
                return;
            }
            catch (error) {
                if (this.signal.aborted)
                    throw this.signal.reason;
                this.last = networkReason(error);
                if (attempt >= NETWORK_ATTEMPTS)
                    throw new Error(this.last, { cause: error });
                await backoff(attempt, this.signal);
            }
        }
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/graph/upload.ts
/**
 * Uploads one attachment through an Outlook upload session: chunks read from disk one at a time (memory stays
 * at one chunk whatever the file's size), PUT without the bearer token (the upload URL carries its own
 * authorisation and Outlook rejects a token), following the ranges the service says it expects next. The file
 * counts as attached only when the PUT of its last range is answered 201 Created.
 */






/** Ten times the 320 KiB unit upload sessions want, under Outlook's 4 MiB per request. */
const CHUNK_BYTES = 10 * 320 * 1024;
/** Attempts per request, and answers in a row that move the upload no further, before the file fails. */
const ATTEMPTS = 4;
/** Progress lines at most this often, so a 150 MB upload logs a handful of lines, not hundreds. */
const PROGRESS_EVERY_MS = 5000;
async function uploadFile(file, uploadUrl, options) {
    const handle = await (0,promises_.open)(file.path, 'r');
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, file.size)));
    const started = Date.now();
    let logged = started;
    try {
        let offset = 0;
        let stalls = 0;
        for (;;) {
            const chunk = await readChunk(handle, file, buffer, offset);
            const range = `bytes ${offset}-${offset + chunk.length - 1}/${file.size}`;
            const answer = await exchange(file, offset, options, 'PUT', uploadUrl, chunk, range);
            const last = offset + chunk.length === file.size;
            if (answer.status === 201 && last) {
                options.log(progressLine(file, file.size, started));
                return;
            }
            const next = await nextOffset(file, uploadUrl, answer, last, offset, options);
            // A service that keeps asking for the same range, or acknowledges the last one without completing, would
            // loop forever: give up as for a failing chunk.
            stalls = next > offset ? 0 : stalls + 1;
            if (stalls >= ATTEMPTS)
                throw incomplete(file, offset, `${ATTEMPTS} answers in a row moved it no further`);
            offset = next;
            if (Date.now() - logged >= PROGRESS_EVERY_MS) {
                logged = Date.now();
                options.log(progressLine(file, offset, started));
            }
        }
    }
    finally {
        await handle.close();
    }
}
async function readChunk(handle, file, buffer, offset) {
    const length = Math.min(CHUNK_BYTES, file.size - offset);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    if (bytesRead !== length) {
        throw new failure/* ActionFailure */.dR(`Attachment ${file.name} got shorter while it was being uploaded; it must not change.`);
    }
    return buffer.subarray(0, length);
}
/**
 * Where the next range starts. An intermediate 200 says so itself (`nextExpectedRanges`); a 416, a 2xx that
 * says nothing usable, or any answer to the last range but 201 means the session and the file disagree, so the
 * session is asked where it stands (GET on the upload URL), falling back to what the answer itself said.
 */
async function nextOffset(file, uploadUrl, answer, last, offset, options) {
    const said = nextExpected(answer.body);
    if (answer.status !== 416 && answer.status !== 201 && !last && said !== undefined && said < file.size)
        return said;
    const next = (await askSession(file, uploadUrl, offset, options)) ?? said;
    if (next === undefined) {
        throw incomplete(file, offset, `the service answered ${answer.status} and did not say where to resume`);
    }
    if (next >= file.size) {
        throw incomplete(file, offset, 'the session holds every byte but never confirmed the attachment (201 Created)');
    }
    return next;
}
/** Where the session says the file stands; undefined when it does not say (not every service answers a GET). */
async function askSession(file, uploadUrl, offset, options) {
    try {
        const status = await exchange(file, offset, options, 'GET', uploadUrl);
        return status.status === 200 ? nextExpected(status.body) : undefined;
    }
    catch (error) {
        if (error instanceof failure/* ActionFailure */.dR)
            return undefined;
        throw error;
    }
}
function incomplete(file, offset, why) {
    return new failure/* ActionFailure */.dR(`Uploading attachment ${file.name} did not complete at byte ${offset} of ${file.size}: ${why}. The draft was ` +
        'not sent; re-run the step.');
}
function progressLine(file, done, started) {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const percent = Math.floor((done / file.size) * 100);
    return `Uploading ${file.name}: ${percent}% of ${(file.size / 1024 / 1024).toFixed(1)} MB, ${(done / 1024 / 1024 / seconds).toFixed(1)} MB/s`;
}
/**
 * One request to the upload URL, repeated when the connection fails or the service answers 429 or 5xx; resolves
 * with any 2xx or 416 (the caller reads those), throws on the rest.
 */
async function exchange(file, offset, options, method, url, chunk, range) {
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        if (attempt > 1)
            await backoff(attempt - 1, options.signal);
        options.onRequest();
        let answer;
        try {
            answer = await send(method, url, options.signal, chunk, range);
        }
        catch (error) {
            if (options.signal.aborted)
                throw error;
            last = networkReason(error);
            continue;
        }
        if ((answer.status >= 200 && answer.status < 300) || answer.status === 416)
            return answer;
        last = `${answer.status} ${answer.body.slice(0, 200)}`;
        if (answer.status < 500 && answer.status !== 429)
            break;
    }
    throw new failure/* ActionFailure */.dR((0,net_proxy/* refusedByProxy */.SR)(last, url) ?? `Uploading attachment ${file.name} failed at byte ${offset} of ${file.size}: ${last}`);
}
/**
 * undici's request rather than fetch: the chunk goes from the buffer to the socket without the copies fetch
 * makes of a body, so a 150 MB upload's memory stays flat; and through the runner's proxy.
 */
async function send(method, url, signal, chunk, range) {
    const headers = chunk
        ? { 'content-type': 'application/octet-stream', 'content-range': range ?? '' }
        : {};
    const response = await (0,undici.request)(url, { method, headers, body: chunk, signal, dispatcher: (0,net_proxy/* dispatcher */.oh)() });
    return { status: response.statusCode, body: await response.body.text() };
}
/** The start of the first range the session expects; its size when it expects none; undefined when unsaid. */
function nextExpected(body) {
    let status;
    try {
        status = JSON.parse(body);
    }
    catch {
        return undefined;
    }
    const ranges = status?.nextExpectedRanges ?? status?.NextExpectedRanges;
    if (!Array.isArray(ranges))
        return undefined;
    if (ranges.length === 0)
        return Number.POSITIVE_INFINITY;
    const start = Number.parseInt(String(ranges[0]).split('-')[0] ?? '', 10);
    return Number.isFinite(start) && start >= 0 ? start : undefined;
}

;// CONCATENATED MODULE: ./src/graph/send.ts














/** The draft's DELETE gets its own deadline: the send's may be what ran out. */
const DISCARD_SECONDS = 15;
/**
 * Starts signing in now, so the token requests run while the caller still reads GitHub and writes the mail.
 * `send` then sends: one `sendMail` when the mail fits in one request, else a draft, the attachments that did not
 * fit in it (one request each, or an upload session each) and the draft's `send`. It resolves only on 202; every
 * other outcome throws an ActionFailure whose message says what to do, after deleting any draft it made.
 */
function startSending(options) {
    const credential = options.credential();
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    const signal = AbortSignal.timeout(options.timeoutSeconds * 1000);
    const scope = (0,cloud/* graphScope */.H1)(options.facts.graphEndpoint);
    const signedIn = signIn(credential, scope, signal, options);
    // Told by `send`; a caller that stops before sending (a template that does not parse) leaves it unheard.
    signedIn.catch(() => { });
    return {
        async send(mail) {
            await signedIn;
            const connect = (fresh, within = signal, until = deadline) => createClient(fresh, scope, options.facts.graphEndpoint, within, until);
            const graph = new GraphSession(options, connect(credential), signal, () => connect(options.credential()), 
            // Its token lookup and its requests bound by a deadline of their own: the send's may be what ran out.
            () => connect(credential, AbortSignal.timeout(DISCARD_SECONDS * 1000), Date.now() + DISCARD_SECONDS * 1000));
            return deliver(graph, options, mail);
        },
    };
}
async function deliver(graph, options, mail) {
    const message = toGraphMessage(mail);
    const mailbox = `/users/${mailboxSegment(options.facts.sender)}`;
    const plan = (0,attachments/* planAttachments */.Qt)(message, mail.attachments, options.saveToSentItems);
    if (plan.inline.length > 0)
        message.attachments = await Promise.all(plan.inline.map(attachments/* readAttachment */.Gm));
    if (plan.oneRequest) {
        return graph.result(await graph.call('sendMail', `${mailbox}/sendMail`, { message, saveToSentItems: options.saveToSentItems }, 202));
    }
    if (!options.saveToSentItems) {
        core/* warning */.$e("save-to-sent-items is false, but the sender's Sent Items will keep a copy of this mail: its attachments do " +
            "not fit one sendMail request, so it goes through a draft, and Graph's send of a draft always saves the " +
            'mail in Sent Items.');
    }
    return sendThroughDraft(graph, mailbox, message, plan);
}
/** The draft path: needs Mail.ReadWrite, since it writes a draft into the sender's mailbox first. */
async function sendThroughDraft(graph, mailbox, message, plan) {
    const draft = (await (await graph.call('createDraft', `${mailbox}/messages`, message, 201)).json());
    const path = `${mailbox}/messages/${encodeURIComponent(draft.id)}`;
    try {
        for (const file of plan.posted) {
            await graph.call('addAttachment', `${path}/attachments`, await (0,attachments/* readAttachment */.Gm)(file), 201);
        }
        for (const file of plan.uploaded) {
            const item = { attachmentType: 'file', name: file.name, size: file.size, contentType: file.contentType };
            const session = await graph.call('createUploadSession', `${path}/attachments/createUploadSession`, { AttachmentItem: item }, 201);
            const { uploadUrl } = (await session.json());
            await uploadFile(file, uploadUrl, graph.uploadOptions());
        }
        return graph.result(await graph.call('send', `${path}/send`, undefined, 202));
    }
    catch (error) {
        await graph.discard(path);
        throw graph.explainAbort(error, 'uploading the attachments');
    }
}
/** A Graph client with the send's deadline, and the facts its failures are explained with. */
class GraphSession {
    constructor(request, client, signal, reconnect, cleanup) {
        this.request = request;
        this.cleanup = cleanup;
        this.client = client.client;
        this.transport = client.transport;
        this.signal = signal;
        this.reconnect = reconnect;
    }
    request;
    client;
    transport;
    signal;
    reconnect;
    /** A client for deleting the draft, with a deadline of its own. */
    cleanup;
    /** POSTs to Graph and returns the response when its status is `expected`; throws the explained failure else. */
    async call(operation, path, body, expected) {
        let response;
        try {
            response = await this.client.api(path).responseType(src/* ResponseType */.yl.RAW).post(body);
        }
        catch (error) {
            if (this.signal.aborted)
                throw timedOut(this.request, `waiting for Graph: ${send_attempts(this.transport)}`);
            // The client asks the credential for a token before each request: a token it could not get (a renewed OIDC
            // token GitHub refused, say) is a failed sign-in, told as one, not an unreachable Graph.
            if (isSignInError(error)) {
                core/* debug */.Yz(`Token request failed: ${errorText(error)}`);
                throw new failure/* ActionFailure */.dR(describeSignInFailure(errorText(error), this.request.facts));
            }
            const { graphEndpoint } = this.request.facts;
            const reason = networkReason(error);
            throw new failure/* ActionFailure */.dR((await (0,net_proxy/* proxyFailure */.xh)(reason, graphEndpoint)) ?? `Could not reach Graph at ${graphEndpoint}: ${reason}`);
        }
        if (response.status === expected)
            return response;
        const requestId = requestIdOf(response);
        const answer = await readAnswer(response, requestId, this.transport.requests, operation);
        if (answer.code === 'InvalidAuthenticationToken' && this.reconnect) {
            // A token revoked or rotated since it was cached: one fresh sign-in and one more try, never a loop.
            core/* info */.pq(`Graph rejected the access token (${answer.message}); signing in again once.`);
            const fresh = this.reconnect();
            this.reconnect = undefined;
            this.client = fresh.client;
            fresh.transport.requests = this.transport.requests;
            this.transport = fresh.transport;
            return this.call(operation, path, body, expected);
        }
        throw new failure/* ActionFailure */.dR(describeGraphFailure(answer, this.request.facts), {
            statusCode: response.status,
            requestId,
        });
    }
    /** The deadline's abort, told as a timeout with the attempts made; any other error as it is. */
    explainAbort(error, doing) {
        return this.signal.aborted && !(error instanceof failure/* ActionFailure */.dR)
            ? timedOut(this.request, `${doing}: ${send_attempts(this.transport)}`)
            : error;
    }
    result(response) {
        return { statusCode: response.status, requestId: requestIdOf(response) };
    }
    uploadOptions() {
        return {
            signal: this.signal,
            log: (line) => core/* info */.pq(line),
            // An upload request's answer is not Graph's: a timeout mid-upload must not quote the last Graph answer.
            onRequest: () => {
                this.transport.requests++;
                this.transport.last = '';
            },
        };
    }
    /** Deletes a draft the send gave up on, so a failed run leaves nothing half-made in the mailbox. */
    async discard(path) {
        try {
            await this.cleanup().client.api(path).delete();
            core/* info */.pq('The draft made for the attachments was deleted.');
        }
        catch (error) {
            core/* warning */.$e(`Could not delete the draft made for the attachments (${networkReason(error)}); delete it from the sender's Drafts.`);
        }
    }
}
function createClient(credential, scope, graphEndpoint, signal, deadline) {
    const transport = new FetchHandler(signal);
    const authProvider = new azureTokenCredentials.TokenCredentialAuthenticationProvider(credential, {
        scopes: [scope],
        getTokenOptions: { abortSignal: signal },
    });
    const client = src/* Client */.Kj.initWithMiddleware({
        middleware: [
            new src/* AuthenticationHandler */.zA(authProvider),
            new ThrottleHandler(deadline, signal),
            new src/* RedirectHandler */.l3(new src/* RedirectHandlerOptions */.ph()),
            new src/* TelemetryHandler */.MD(),
            transport,
        ],
        baseUrl: `${graphEndpoint}/`,
        defaultVersion: 'v1.0',
        // The client only attaches the bearer token to hosts it knows; an overridden endpoint must be named here.
        customHosts: new Set([new URL(graphEndpoint).hostname]),
    });
    return { client, transport };
}
/** `3 attempts, the last answered 429 Too Many Requests` / `1 attempt, no answer to the last`. */
function send_attempts(transport) {
    const count = transport.requests === 1 ? '1 attempt' : `${transport.requests} attempts`;
    return `${count}, ${transport.last ? `the last ended with ${transport.last}` : 'no answer to the last'}`;
}
function requestIdOf(response) {
    return response.headers.get('request-id') ?? response.headers.get('client-request-id') ?? '';
}
async function signIn(credential, scope, signal, request) {
    try {
        // Asked for up front so a sign-in problem is reported as one; the Graph client then reuses the cached token.
        // Raced with the deadline too: the identity library does not pass the abort signal on to every request.
        await Promise.race([credential.getToken(scope, { abortSignal: signal }), rejectOnAbort(signal)]);
    }
    catch (error) {
        if (signal.aborted)
            throw timedOut(request, 'waiting for Entra ID to issue a token');
        let detail = errorText(error);
        if (detail.includes('endpoints_resolution_error')) {
            detail += `\n${await probeAuthority(request.facts.authorityHost, request.facts.tenantId, signal)}`;
        }
        core/* debug */.Yz(`Token request failed: ${detail}`);
        const proxy = /AADSTS\d+/.test(detail) ? undefined : await (0,net_proxy/* proxyFailure */.xh)(detail, request.facts.authorityHost);
        if (proxy)
            throw new failure/* ActionFailure */.dR(proxy);
        throw new failure/* ActionFailure */.dR(describeSignInFailure(detail, request.facts));
    }
}
/** Rejects when the deadline passes; handled here too, since the deadline usually passes after the race is won. */
function rejectOnAbort(signal) {
    const aborted = new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => { });
    return aborted;
}
function timedOut(request, doing) {
    return new failure/* ActionFailure */.dR(`Gave up after ${request.timeoutSeconds} seconds (timeout-seconds) ${doing}; nothing was confirmed sent.`);
}
/** `@` stays readable in the path; anything that could end the path segment is encoded. */
function mailboxSegment(sender) {
    return encodeURIComponent(sender).replace(/%40/g, '@');
}
async function readAnswer(response, requestId, attempts, operation) {
    const text = await response.text().catch(() => '');
    let error = {};
    try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && 'error' in parsed && parsed.error && typeof parsed.error === 'object') {
            error = parsed.error;
        }
    }
    catch {
        // Not Graph's JSON (a proxy's HTML page, say): the status line below still tells what happened.
    }
    return {
        status: response.status,
        code: typeof error.code === 'string' ? error.code : '',
        message: typeof error.message === 'string' ? error.message : bodyExcerpt(text, response.statusText),
        requestId,
        attempts,
        operation,
    };
}
function bodyExcerpt(text, statusText) {
    const flat = text
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return flat === '' ? statusText : flat.slice(0, 200);
}
function errorText(error) {
    if (!(error instanceof Error))
        return String(error);
    const description = error.errorResponse?.errorDescription;
    return [error.message, description, error.cause instanceof Error ? errorText(error.cause) : undefined]
        .filter(Boolean)
        .join('\n');
}
/** What @azure/identity's getToken throws. The Graph client rethrows it as a GraphError whose `code` is its name. */
const SIGN_IN_ERRORS = new Set([
    'AuthenticationError',
    'AuthenticationRequiredError',
    'CredentialUnavailableError',
    'AggregateAuthenticationError',
]);
function isSignInError(error) {
    if (!(error instanceof Error))
        return false;
    const { code } = error;
    return SIGN_IN_ERRORS.has(error.name) || (typeof code === 'string' && SIGN_IN_ERRORS.has(code));
}


/***/ })

};
