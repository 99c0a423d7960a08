export const id = 797;
export const ids = [797];
export const modules = {

/***/ 8997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H1: () => (/* binding */ graphScope),
/* harmony export */   JJ: () => (/* binding */ CLOUDS),
/* harmony export */   O5: () => (/* binding */ offers),
/* harmony export */   cQ: () => (/* binding */ graphOf),
/* harmony export */   fJ: () => (/* binding */ isCloudName)
/* harmony export */ });
/** The Microsoft clouds a tenant can live in, with the hosts each one uses for sign-in and for Graph. */
const CLOUDS = {
    public: {
        authorityHost: 'https://login.microsoftonline.com',
        graphEndpoint: 'https://graph.microsoft.com',
        oidcAudience: 'api://AzureADTokenExchange',
    },
    usgov: {
        authorityHost: 'https://login.microsoftonline.us',
        graphEndpoint: 'https://graph.microsoft.us',
        oidcAudience: 'api://AzureADTokenExchangeUSGov',
    },
    'usgov-dod': {
        authorityHost: 'https://login.microsoftonline.us',
        graphEndpoint: 'https://dod-graph.microsoft.us',
        oidcAudience: 'api://AzureADTokenExchangeUSGov',
    },
    china: {
        authorityHost: 'https://login.chinacloudapi.cn',
        graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
        oidcAudience: 'api://AzureADTokenExchangeChina',
    },
};
function isCloudName(value) {
    return Object.hasOwn(CLOUDS, value);
}
/** Graph's app-only scope is the resource itself plus `/.default`: the permissions granted to the app. */
function graphScope(graphEndpoint) {
    return `${graphEndpoint}/.default`;
}
/**
 * What each cloud's Graph lacks, from the national-cloud table on each API's page (user: sendMail, user: post
 * messages, message: post attachments, attachment: createUploadSession, message: send, Delete message): every
 * one is in all four clouds except createUploadSession, which US Government L4 and L5 (DOD) do not have.
 */
const MISSING = {
    public: [],
    usgov: ['createUploadSession'],
    'usgov-dod': ['createUploadSession'],
    china: [],
};
function offers(cloud, operation) {
    return !MISSING[cloud].includes(operation);
}
/** How a line names the cloud's Graph: `Graph in the US Government clouds (cloud: usgov)`. */
function graphOf(cloud) {
    const where = {
        public: 'the global service',
        usgov: 'the US Government clouds',
        china: 'China, operated by 21Vianet',
    };
    return `Graph in ${where[cloud === 'usgov-dod' ? 'usgov' : cloud]} (cloud: ${cloud})`;
}


/***/ }),

/***/ 1633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SP: () => (/* binding */ shown),
/* harmony export */   dR: () => (/* binding */ ActionFailure),
/* harmony export */   tJ: () => (/* binding */ ID_TOKEN_FAILURE)
/* harmony export */ });
/**
 * An expected failure: its message is the whole story (cause, fix, request id), so it is reported without a
 * stack trace. Anything else that reaches the top is a defect and gets its stack in the debug log.
 */
class ActionFailure extends Error {
    name = 'ActionFailure';
    /** Graph's answer when there was one, for the step's outputs. */
    answer;
    constructor(message, answer) {
        super(message);
        this.answer = answer;
    }
}
/** Prefix of the error a client-assertion callback throws when it cannot get GitHub's OIDC token. */
const ID_TOKEN_FAILURE = 'GitHub OIDC token request failed';
/**
 * A value quoted for an error line, control characters spelled out: a pasted value with a line break must not
 * break the one-line error (or start a new workflow command).
 */
function shown(value) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this spells out
    return `"${value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}


/***/ }),

/***/ 3442:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EN: () => (/* binding */ fitsOneRequest),
/* harmony export */   Gm: () => (/* binding */ readAttachment),
/* harmony export */   Qt: () => (/* binding */ planAttachments),
/* harmony export */   wV: () => (/* binding */ encodedBytes)
/* harmony export */ });
/* unused harmony exports REQUEST_LIMIT, attachmentRequestBytes, sendMailRequestBytes, draftRequestBytes */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/**
 * How attachments travel to Graph, decided from file sizes alone (nothing is read to plan): in the one sendMail
 * when the whole request fits, else through a draft created with as many small files as fit, one `POST
 * …/attachments` per other file that fits a request, and an upload session per file that does not.
 *
 * Every request to Graph is at most 4 MiB as sent, base64 and JSON included (Graph's users measured 4 194 304
 * bytes taken and more answered 413). A file goes through an upload session only when its own POST would not
 * fit: from 3 MiB on (Outlook's documented floor for upload sessions) always, and also the last hundred-odd bytes
 * under it, which base64 pushes over the limit.
 */

/** Graph's limit for one request, sendMail included. */
const REQUEST_LIMIT = 4 * 1024 * 1024;
/** Bytes of base64 for `size` bytes of file: about a third more. */
function encodedBytes(size) {
    return Math.ceil(size / 3) * 4;
}
/** A Graph fileAttachment; `contentBytes` empty when only its size is wanted. */
function fileAttachment(file, contentBytes) {
    return {
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: file.name,
        contentType: file.contentType,
        contentBytes,
    };
}
/** A JSON body's size as sent, with each file's base64 counted but not made (it needs no JSON escaping). */
function bytesWith(body, files) {
    return Buffer.byteLength(JSON.stringify(body)) + files.reduce((sum, file) => sum + encodedBytes(file.size), 0);
}
function withAttachments(message, files) {
    return files.length === 0 ? message : { ...message, attachments: files.map((file) => fileAttachment(file, '')) };
}
/** `POST …/messages/{id}/attachments` with this one file. */
function attachmentRequestBytes(file) {
    return bytesWith(fileAttachment(file, ''), [file]);
}
/** `POST …/sendMail` with the message and these files inline. */
function sendMailRequestBytes(message, files, saveToSentItems) {
    return bytesWith({ message: withAttachments(message, files), saveToSentItems }, files);
}
/** `POST …/messages` (the draft) with these files inline. */
function draftRequestBytes(message, files) {
    return bytesWith(withAttachments(message, files), files);
}
/** Whether the file can go in a request of its own; if not, only an upload session takes it. */
function fitsOneRequest(file) {
    return attachmentRequestBytes(file) <= REQUEST_LIMIT;
}
/**
 * The fewest requests: one sendMail when it fits; otherwise the draft takes the smallest files first (so as many
 * as possible ride along with it), every other file that fits a request is posted on its own, the rest uploaded.
 */
function planAttachments(message, files, saveToSentItems) {
    const uploaded = files.filter((file) => !fitsOneRequest(file));
    const small = files.filter(fitsOneRequest);
    if (uploaded.length === 0 && sendMailRequestBytes(message, small, saveToSentItems) <= REQUEST_LIMIT) {
        return { oneRequest: true, inline: small, posted: [], uploaded };
    }
    const inline = [];
    for (const file of [...small].sort((a, b) => a.size - b.size)) {
        if (draftRequestBytes(message, [...inline, file]) <= REQUEST_LIMIT)
            inline.push(file);
    }
    return { oneRequest: false, inline, posted: small.filter((file) => !inline.includes(file)), uploaded };
}
/** The file as a Graph fileAttachment, read whole: only files that fit one 4 MB request come here. */
async function readAttachment(file) {
    return fileAttachment(file, (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file.path)).toString('base64'));
}


/***/ }),

/***/ 1797:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ main_run)
});

// UNUSED EXPORTS: notify

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./node_modules/email-addresses/lib/email-addresses.js
var email_addresses = __webpack_require__(9016);
var email_addresses_default = /*#__PURE__*/__webpack_require__.n(email_addresses);
// EXTERNAL MODULE: ./src/failure.ts
var failure = __webpack_require__(1633);
;// CONCATENATED MODULE: ./src/addresses.ts


/**
 * Splits a list on commas, semicolons and line breaks, except inside a quoted display name or an angle-bracket
 * address, so `"Doe, Jane" <jane@contoso.com>` stays one entry. Outlook users paste `;`-separated lists, YAML
 * users write one per line; RFC 5322 itself only knows commas.
 */
function splitList(value) {
    const entries = [];
    let current = '';
    let quoted = false;
    let angled = false;
    for (let i = 0; i < value.length; i++) {
        const ch = value[i];
        if (quoted && ch === '\\') {
            current += ch + (value[++i] ?? '');
            continue;
        }
        if (ch === '"')
            quoted = !quoted;
        else if (!quoted && ch === '<')
            angled = true;
        else if (!quoted && ch === '>')
            angled = false;
        if (!quoted && !angled && (ch === ',' || ch === ';' || ch === '\n' || ch === '\r')) {
            entries.push(current);
            current = '';
        }
        else {
            current += ch;
        }
    }
    entries.push(current);
    return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}
/** Parses one `Name <addr>` or bare address with an RFC 5322 parser; undefined when it is not one mailbox. */
function parseAddress(entry) {
    const parsed = email_addresses_default().parseOneAddress({ input: entry, rfc6532: true });
    // Exchange routes only to DNS domains: `a@b` and domain literals like `a@[1.2.3.4]` are typos here.
    if (parsed === null || parsed.type !== 'mailbox' || !parsed.domain.includes('.') || parsed.domain.startsWith('[')) {
        return undefined;
    }
    // The parser drops the quotes of a quoted local part ("j d"@x.com reads as j d@x.com, not an address):
    // such a rare address is refused rather than sent somewhere else.
    if (email_addresses_default().parseOneAddress({ input: parsed.address, rfc6532: true })?.type !== 'mailbox')
        return undefined;
    const name = parsed.name?.trim();
    return name ? { address: parsed.address, name } : { address: parsed.address };
}
/**
 * Parses an address-list input. Throws naming the input and the entry at fault, so a typo in the fifth address
 * of a long list is found without guessing.
 */
function parseAddressList(input, value) {
    return splitList(value).map((entry) => {
        const address = parseAddress(entry);
        if (address === undefined) {
            // Outlook copies `Doe, Jane <jane@contoso.com>`: the comma splits the name from its address.
            const hint = entry.includes('@')
                ? ''
                : ' If it is part of a name, put the whole name in double quotes: "Doe, Jane" <jane@contoso.com>.';
            throw new Error(`Input '${input}' has an entry that is not an e-mail address: ${(0,failure/* shown */.SP)(entry)}. ` +
                `Write name@example.com or Name <name@example.com>, separated by commas, semicolons or new lines.${hint}`);
        }
        return address;
    });
}

;// CONCATENATED MODULE: ./src/authors.ts
/**
 * The "culprits" of a failure: the authors of the commits since the last successful run, added to To when
 * `to-authors` is on. A commit's address is whatever its author configured, so only addresses in
 * `author-domains` are ever mailed; the log says, one line each, who was added and who was left out and why.
 */



/** Graph's limit for to + cc + bcc in one sendMail. */
const MAX_RECIPIENTS = 500;
const LIMIT = `Graph's limit of ${MAX_RECIPIENTS} recipients is reached`;
/**
 * Each distinct author address of `commits` (newest first), in or out: in when it parses as one mailbox, its
 * domain is one of `domains` exactly (a subdomain is another organisation's until listed), it is not GitHub's
 * `users.noreply.*` stand-in, not already a recipient (addresses compare case-insensitively) and there is room
 * under Graph's recipient limit.
 */
function chooseAuthors(commits, recipients, domains) {
    const listed = new Map();
    for (const list of ['to', 'cc', 'bcc']) {
        for (const { address } of recipients[list])
            listed.set(address.toLowerCase(), `already in ${list}`);
    }
    let room = MAX_RECIPIENTS - recipients.to.length - recipients.cc.length - recipients.bcc.length;
    const seen = new Set();
    const choice = { added: [], left: [] };
    for (const { email, author } of commits) {
        const key = email === undefined ? `\n${author}` : email.toLowerCase();
        if (seen.has(key))
            continue;
        seen.add(key);
        const why = email === undefined
            ? 'the commit names no address'
            : (listed.get(key) ?? refusal(email, domains) ?? (room > 0 ? undefined : LIMIT));
        if (why !== undefined) {
            choice.left.push({ who: (0,failure/* shown */.SP)(email ?? author), why });
        }
        else {
            choice.added.push({ address: parseAddress(email).address, name: author });
            room--;
        }
    }
    return choice;
}
function refusal(email, domains) {
    const parsed = parseAddress(email);
    if (parsed === undefined || parsed.name !== undefined)
        return 'not a valid e-mail address';
    const domain = parsed.address.slice(parsed.address.lastIndexOf('@') + 1).toLowerCase();
    if (domain.startsWith('users.noreply.'))
        return 'a GitHub noreply address, which receives no mail';
    return domains.includes(domain) ? undefined : `${domain} is not in author-domains`;
}
/**
 * To, with the authors of a failure's changes when `to-authors` asks for them; every other To as it is. Logs
 * one line per author, and why none were added when none could be.
 */
function toWithAuthors(options, changes, status) {
    if (!options.toAuthors)
        return options.to;
    const none = whyNone(changes, status);
    if (none !== undefined) {
        core/* info */.pq(`Commit authors: none added, ${none}.`);
        return options.to;
    }
    const since = changes;
    const { added, left } = chooseAuthors(since.commits, options, options.authorDomains);
    for (const address of added)
        core/* info */.pq(`Commit author added to To: ${address.address}`);
    for (const { who, why } of left)
        core/* info */.pq(`Commit author left out: ${who} (${why})`);
    if (since.total > since.commits.length) {
        core/* info */.pq(`Commit authors: only those of the ${since.commits.length} most recent of ${since.total} commits were considered.`);
    }
    return [...options.to, ...added];
}
function whyNone(changes, status) {
    if (status !== 'failure')
        return `as the run did not fail (${status})`;
    if (changes === undefined)
        return 'as the commits since the last successful run were not read';
    if (changes.kind === 'none')
        return `as no successful run was found to count the changes from`;
    return changes.commits.length === 0 ? 'as no commit came since the last successful run' : undefined;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/context.ts
/**
 * The workflow run as data, read from GITHUB_* variables and the event payload. Everything here that comes from
 * a commit, a pull request, a branch or a release is attacker-controlled text: it is carried raw and escaped
 * where it lands (see notification/).
 */

/** A failed or timed-out job (or step): both count as failures of the run. */
function isFailedConclusion(conclusion) {
    return conclusion === 'failure' || conclusion === 'timed_out';
}
/** The most jobs a mail lists; a matrix of hundreds is summarised as "and N more jobs". */
const MAX_JOBS = 50;
/** The most failing tests a mail spells out; the rest are counted. */
const MAX_FAILED_TESTS = 20;
/**
 * The webhook payload the runner wrote to GITHUB_EVENT_PATH (what @actions/github's context reads, without
 * loading Octokit with it); empty when there is none, as outside a workflow.
 */
function readEventPayload(path) {
    if (!path)
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return {};
    }
}
const PULL_REQUEST_EVENTS = [
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
];
/**
 * Reads the run from the variables and payload the caller passes in (`process.env` and @actions/github's
 * `context`), so tests can feed any event without touching the process.
 */
function readRunContext(env, eventName, payload) {
    const serverUrl = (context_text(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
    const repository = context_text(env.GITHUB_REPOSITORY) ?? context_text(payload.repository?.full_name) ?? '';
    const repositoryUrl = repository ? `${serverUrl}/${repository}` : serverUrl;
    const run = readReportedRun(env, eventName, payload);
    return {
        serverUrl,
        repository,
        repositoryUrl,
        ...run,
        runUrl: runUrl(repositoryUrl, run.runId, run.runAttempt),
        eventName,
        ...readRef(env, eventName, payload),
        commit: readCommit(env, eventName, payload, repositoryUrl),
        pullRequest: readPullRequest(eventName, payload, repositoryUrl),
        release: readRelease(eventName, payload, repositoryUrl),
        compareUrl: readCompareUrl(eventName, payload, repositoryUrl),
    };
}
/**
 * The run's identity. A `workflow_run` notifier's GITHUB_RUN_ID, GITHUB_WORKFLOW and the rest are its own; the
 * run it was started for, and so the one to report, is the payload's `workflow_run`.
 */
function readReportedRun(env, eventName, payload) {
    const own = ownRun(env, payload);
    const triggering = eventName === 'workflow_run' ? payload.workflow_run : undefined;
    const runId = digits(triggering?.id);
    if (runId === undefined)
        return own;
    const triggeringActor = context_text(triggering.triggering_actor?.login);
    const actor = context_text(triggering.actor?.login) ?? triggeringActor ?? own.actor;
    return {
        workflow: context_text(triggering.name) ?? context_text(payload.workflow?.name) ?? '',
        runId,
        runNumber: positive(triggering.run_number) ?? 0,
        runAttempt: positive(triggering.run_attempt) ?? 1,
        actor,
        triggeringActor: triggeringActor === actor ? undefined : triggeringActor,
        conclusion: statusOf(triggering.conclusion),
        notifier: { workflow: own.workflow, runId: own.runId },
    };
}
function ownRun(env, payload) {
    const actor = context_text(env.GITHUB_ACTOR) ?? context_text(payload.sender?.login) ?? '';
    const triggeringActor = context_text(env.GITHUB_TRIGGERING_ACTOR);
    return {
        workflow: context_text(env.GITHUB_WORKFLOW) ?? '',
        runId: digits(env.GITHUB_RUN_ID) ?? '',
        runNumber: positive(env.GITHUB_RUN_NUMBER) ?? 0,
        runAttempt: positive(env.GITHUB_RUN_ATTEMPT) ?? 1,
        actor,
        triggeringActor: triggeringActor === actor ? undefined : triggeringActor,
    };
}
/**
 * A workflow run's conclusion as a job status: a run that timed out or could not start failed. `neutral`,
 * `action_required` and `stale` runs, and an unfinished run without a conclusion, say nothing of how the code fared.
 */
function statusOf(conclusion) {
    switch (conclusion) {
        case 'success':
            return 'success';
        case 'failure':
        case 'timed_out':
        case 'startup_failure':
            return 'failure';
        case 'cancelled':
        case 'skipped':
            return conclusion;
        default:
            return undefined;
    }
}
function runUrl(repositoryUrl, runId, attempt) {
    // Without a run id the best a reader can get is the repository's list of runs.
    if (!runId)
        return `${repositoryUrl}/actions`;
    const url = `${repositoryUrl}/actions/runs/${runId}`;
    return attempt > 1 ? `${url}/attempts/${attempt}` : url;
}
function readRef(env, eventName, payload) {
    if (PULL_REQUEST_EVENTS.includes(eventName)) {
        // GITHUB_REF_NAME is `12/merge` here; the head branch is what the author knows the change by.
        return { refName: context_text(env.GITHUB_HEAD_REF) ?? context_text(payload.pull_request?.head?.ref), refType: 'branch' };
    }
    if (eventName === 'workflow_run') {
        // GITHUB_REF_NAME is the default branch; the run being reported on is the one that matters.
        return { refName: context_text(payload.workflow_run?.head_branch) };
    }
    const refType = env.GITHUB_REF_TYPE === 'branch' || env.GITHUB_REF_TYPE === 'tag' ? env.GITHUB_REF_TYPE : undefined;
    return { refName: context_text(env.GITHUB_REF_NAME), refType };
}
function readCommit(env, eventName, payload, repositoryUrl) {
    const source = commitSource(eventName, payload);
    const payloadSha = commitSha(source?.sha);
    const sha = payloadSha ?? commitSha(env.GITHUB_SHA);
    if (!sha)
        return undefined;
    // A message in the payload describes the payload's commit, never the GITHUB_SHA fallback.
    const title = payloadSha ? firstLine(source?.message) : undefined;
    return { sha, shortSha: sha.slice(0, 7), url: `${repositoryUrl}/commit/${sha}`, title };
}
/** Where the event's payload names the commit the run is about, when that is not GITHUB_SHA. */
function commitSource(eventName, payload) {
    if (eventName === 'push' && payload.head_commit) {
        return { sha: payload.head_commit.id, message: payload.head_commit.message };
    }
    if (PULL_REQUEST_EVENTS.includes(eventName)) {
        // GITHUB_SHA is a merge commit (or the base branch for pull_request_target) nobody has seen.
        return { sha: payload.pull_request?.head?.sha, message: undefined };
    }
    if (eventName === 'workflow_run' && payload.workflow_run) {
        return { sha: payload.workflow_run.head_sha, message: payload.workflow_run.head_commit?.message };
    }
    return undefined;
}
function readPullRequest(eventName, payload, repositoryUrl) {
    const pr = payload.pull_request;
    const number = positive(pr?.number);
    if (!PULL_REQUEST_EVENTS.includes(eventName) || !number)
        return undefined;
    return {
        number,
        title: context_text(pr.title) ?? '',
        url: `${repositoryUrl}/pull/${number}`,
        headRef: context_text(pr.head?.ref) ?? '',
        baseRef: context_text(pr.base?.ref) ?? '',
        fork: forkOf(pr),
    };
}
function forkOf(pr) {
    const head = context_text(pr.head?.repo?.full_name);
    const base = context_text(pr.base?.repo?.full_name);
    return head !== undefined && head !== base ? head : undefined;
}
function readRelease(eventName, payload, repositoryUrl) {
    const tag = context_text(payload.release?.tag_name);
    if (eventName !== 'release' || !tag)
        return undefined;
    return {
        tag,
        name: context_text(payload.release.name) ?? tag,
        // A lone surrogate in a tag would make encodeURIComponent throw; the link shows it as U+FFFD instead.
        url: `${repositoryUrl}/releases/tag/${encodeURIComponent(tag.toWellFormed())}`,
    };
}
/**
 * Built from the server URL, never the payload's `compare` field, so the link points where every other link
 * points. A new or deleted branch has the all-zero SHA on one side and nothing to compare.
 */
function readCompareUrl(eventName, payload, repositoryUrl) {
    const before = fullSha(payload.before);
    const after = fullSha(payload.after);
    if (eventName !== 'push' || !before || !after)
        return undefined;
    return `${repositoryUrl}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`;
}
/** A non-empty string, or undefined: the runner sets unused variables to "" and payload fields can be null. */
function context_text(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function firstLine(value) {
    return context_text(context_text(value)
        ?.split(/\r\n|\r|\n/, 1)[0]
        ?.trim());
}
/** Run ids and numbers end up in URLs and subjects, so anything but plain digits is dropped. */
function digits(value) {
    const s = typeof value === 'number' ? String(value) : value;
    return typeof s === 'string' && /^\d+$/.test(s) ? s : undefined;
}
function positive(value) {
    const n = Number(digits(value));
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
/** A hex object id (SHA-1 or SHA-256); the all-zero id of a deleted ref names no commit. */
function commitSha(value) {
    return typeof value === 'string' && /^[0-9a-f]{7,64}$/i.test(value) && !/^0+$/.test(value) ? value : undefined;
}
function fullSha(value) {
    return typeof value === 'string' && /^[0-9a-f]{40}$/i.test(value) && !/^0+$/.test(value) ? value : undefined;
}
/** `CI #42`: the workflow and its run number, whichever of them is known. */
function runTitle(ctx) {
    const number = ctx.runNumber > 0 ? `#${ctx.runNumber}` : '';
    return [ctx.workflow, number].filter(Boolean).join(' ');
}

;// CONCATENATED MODULE: ./src/github/enrichment.ts
/**
 * What the GitHub API adds to the mail: the run attempt's jobs with their failed steps and annotations, the
 * run's duration, the status of a whole workflow (`status: auto`) and how this result compares with the previous
 * run (`notify-when: change`). Reading is optional: without `actions: read` the mail still goes out, without
 * these parts.
 */

/** Completed runs read to find the previous result and the last success: one page, newest first. */
const RUNS_READ = 20;
/** Failed jobs whose annotations are fetched: one request each. */
const MAX_ANNOTATED_JOBS = 5;
const MAX_ANNOTATIONS = 5;
const MAX_ANNOTATION_LENGTH = 500;
/**
 * Reads every job of the reported attempt: the mail lists the first MAX_JOBS, while the status, the failures and
 * the counts take them all. `runnerName` (RUNNER_NAME) identifies the job this step runs in; empty when the run
 * is another's. Annotations need `checks: read` besides `actions: read`: without it the jobs still come, and
 * `onPartError` hears why their annotations (or logs) do not.
 */
async function readRunDetails(api, ctx, runnerName, onPartError, now = Date.now()) {
    const [run, { total, jobs }] = await Promise.all([api.run(), api.jobs()]);
    const infos = jobs.map((job) => toJobInfo(job, ctx, runnerName));
    const failed = infos.filter((info) => isFailedConclusion(info.conclusion)).slice(0, MAX_ANNOTATED_JOBS);
    await Promise.all(failed.flatMap((info) => {
        const id = jobs[infos.indexOf(info)].id;
        const annotations = api.annotations(id).then((list) => void (info.annotations = list.map(toAnnotation).sort(byLevel).slice(0, MAX_ANNOTATIONS)), (error) => onPartError(error, 'annotations'));
        const log = api.jobLog?.(id).then((excerpt) => void (excerpt && (info.log = excerpt)), (error) => onPartError(error, 'logs'));
        return log ? [annotations, log] : [annotations];
    }));
    const duration = runDuration(run, jobs, now);
    return {
        jobs: infos,
        moreJobs: Math.max(0, total - infos.length),
        ...(duration !== undefined && { durationSeconds: duration }),
    };
}
/**
 * Until the run ended when it has (a `workflow_run` notifier starts after), else until now. The end is when its
 * last job completed: a run's `updated_at` is documented only as when it last changed.
 */
function runDuration(run, jobs, now) {
    const started = run.run_started_at ? Date.parse(run.run_started_at) : NaN;
    const completed = jobs.map((job) => (job.completed_at ? Date.parse(job.completed_at) : NaN)).filter(Number.isFinite);
    const ended = run.status === 'completed' && completed.length > 0 ? Math.max(...completed) : now;
    const seconds = Math.round((ended - started) / 1000);
    return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}
/**
 * The result of the whole workflow from the jobs other than this one, for a final job with `needs:` and
 * `if: always()`: failure if any failed, else cancelled if any was cancelled, else success (skipped when every
 * other job was skipped).
 */
function deriveStatus(details) {
    const others = details.jobs.filter((job) => !job.current && job.conclusion !== 'in_progress' && job.conclusion !== 'queued');
    if (others.some((job) => isFailedConclusion(job.conclusion)))
        return 'failure';
    if (others.some((job) => job.conclusion === 'cancelled'))
        return 'cancelled';
    if (others.length > 0 && others.every((job) => job.conclusion === 'skipped'))
        return 'skipped';
    return 'success';
}
/**
 * The earlier completed runs of the same workflow on the same branch, read before the result is known so the read
 * can go alongside the jobs; `known` spares asking for the run first. Undefined when the run has no branch.
 */
async function readPreviousRun(api, ctx, known) {
    const branch = ctx.refName ?? '';
    if (branch === '')
        return undefined;
    const run = known ?? identityOf(await api.run());
    const runs = await api.completedRuns(run.workflow, branch);
    const earlier = runs.filter((r) => r.id !== run.id && r.run_number < run.run_number);
    return {
        previous: earlier.find((r) => r.conclusion === 'success' || isFailedConclusion(r.conclusion)),
        lastSuccess: earlier.find((r) => r.conclusion === 'success'),
        runsRead: runs.length,
    };
}
function identityOf(run) {
    return { workflow: run.workflow_id, id: run.id, run_number: run.run_number };
}
/** How a success or failure compares with the previous run readPreviousRun found. */
function compareWith(history, status) {
    const seen = history
        ? { runsRead: history.runsRead, ...(history.lastSuccess && { lastSuccess: history.lastSuccess }) }
        : {};
    const previous = history?.previous;
    if (previous === undefined)
        return { transition: 'first', ...seen };
    const wasSuccess = previous.conclusion === 'success';
    const transition = status === 'success' ? (wasSuccess ? 'still-passing' : 'fixed') : wasSuccess ? 'broken' : 'still-failing';
    return { transition, previousRunNumber: previous.run_number, ...seen };
}
const CONCLUSIONS = [
    'success',
    'failure',
    'cancelled',
    'skipped',
    'timed_out',
    'neutral',
    'action_required',
];
function conclusionOf(job) {
    if (job.status !== 'completed')
        return job.status === 'queued' || job.status === 'waiting' ? 'queued' : 'in_progress';
    return CONCLUSIONS.find((c) => c === job.conclusion) ?? 'neutral';
}
function toJobInfo(job, ctx, runnerName) {
    const conclusion = conclusionOf(job);
    const started = job.started_at ? Date.parse(job.started_at) : NaN;
    const completed = job.completed_at ? Date.parse(job.completed_at) : NaN;
    const duration = Math.round((completed - started) / 1000);
    return {
        name: job.name,
        conclusion,
        // Built from the server URL like every other link, so GHES and the emulator work alike.
        url: `${ctx.runUrl.replace(/\/attempts\/\d+$/, '')}/job/${job.id}`,
        ...(conclusion !== 'in_progress' && Number.isFinite(duration) && duration >= 0 && { durationSeconds: duration }),
        current: conclusion === 'in_progress' && runnerName !== '' && job.runner_name === runnerName,
        failedSteps: (job.steps ?? []).filter((step) => isFailedConclusion(step.conclusion)).map((step) => step.name),
        annotations: [],
    };
}
const LEVELS = ['failure', 'warning', 'notice'];
/** Failures first, in GitHub's order otherwise: what broke the job matters more than a deprecation warning before it. */
function byLevel(a, b) {
    return LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level);
}
function toAnnotation(annotation) {
    const level = annotation.annotation_level === 'warning' || annotation.annotation_level === 'notice'
        ? annotation.annotation_level
        : 'failure';
    const message = annotation.message ?? '';
    return {
        level,
        message: message.length > MAX_ANNOTATION_LENGTH ? `${message.slice(0, MAX_ANNOTATION_LENGTH - 1)}…` : message,
        ...(annotation.title && { title: annotation.title }),
        ...(annotation.path && { path: annotation.path }),
        ...(typeof annotation.start_line === 'number' && { line: annotation.start_line }),
    };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./src/files/workspace.ts
/**
 * Where the files that inputs name (attachments, body-file) may be read from: the workspace, which holds the
 * checkout and what the build wrote, and the runner's temp directory. A checked-out branch is attacker-controlled
 * and may carry symbolic links: `reports/x.log -> /proc/self/environ` would otherwise mail the action's own
 * environment, `INPUT_CLIENT-SECRET` included.
 */



/** GITHUB_WORKSPACE, or the current directory outside a runner. */
function workspaceDir(env = process.env) {
    return env.GITHUB_WORKSPACE || process.cwd();
}
/** The workspace and RUNNER_TEMP, links followed; one that does not exist holds nothing and is left out. */
function readableRoots(workspace = workspaceDir(), temp = process.env.RUNNER_TEMP) {
    const roots = [];
    for (const [name, path] of [
        ['the workspace', workspace || process.cwd()],
        ['RUNNER_TEMP', temp],
    ]) {
        const real = realPathOrUndefined(path);
        if (real !== undefined)
            roots.push({ name, path: real });
    }
    return roots;
}
/**
 * The real path of `path` (every link on the way followed) when it lies inside one of `roots`; read from it, not
 * from `path`, so that a link on the way swapped after this check cannot redirect the read. Anything else is
 * refused with an error naming the input, the path and where it leads. A path that cannot be resolved throws the
 * file system's error (ENOENT, EACCES, ...).
 */
function realPathWithin(input, path, roots) {
    const real = (0,external_node_fs_.realpathSync)(path);
    if (roots.some((root) => isInside(real, root.path)))
        return real;
    const where = roots.map((root) => `${root.name} (${root.path})`).join(' and ');
    throw new failure/* ActionFailure */.dR(`Input '${input}': ${(0,failure/* shown */.SP)(path)} leads to ${(0,failure/* shown */.SP)(real)}, outside ${where || 'the workspace'}; files are ` +
        'read only from there. Copy the file into the workspace if it is meant to be read.');
}
/** Compared by whole path segments: /work/repo-evil is not inside /work/repo. */
function isInside(path, root) {
    return path === root || path.startsWith(root.endsWith(external_node_path_.sep) ? root : root + external_node_path_.sep);
}
function realPathOrUndefined(path) {
    if (!path)
        return undefined;
    try {
        return (0,external_node_fs_.realpathSync)(path);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/net/proxy.ts
var proxy = __webpack_require__(1987);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/github/excerpt.ts
/**
 * The end of a log, read line by line with only the last lines kept, so a log of any size costs the same memory.
 * A GitHub job log opens each step with `##[group]Run …` and ends the failing one with `##[error]` lines, then
 * runs the post-job cleanup; what explains a failure is the failing step's last lines up to those errors.
 *
 * Lines stay bytes (views into the chunks read) until they are shown: decoding every line of a 120 MB log into
 * strings would make the garbage collector's young space, and the process, grow by tens of megabytes.
 */

/** Wide enough for a compiler message, narrow enough that a minified bundle on one line does not fill the mail. */
const MAX_LINE_CHARS = 300;
/** Bytes of a line kept as it is read: room for MAX_LINE_CHARS with colour codes and multi-byte characters. */
const MAX_LINE_BYTES = MAX_LINE_CHARS * 8;
/**
 * Bytes of lines per excerpt: a mail holds at most five failed jobs' excerpts and the log file's, so the whole
 * section stays under 64 KiB, far below Graph's 4 MB request.
 */
const MAX_EXCERPT_BYTES = 10 * 1024;
/** `2024-01-01T12:00:00.1234567Z ` opens every line of a job log. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
/** Each step's first line, and the first lines of the post-job steps, which follow the failed one. */
const STEP_STARTS = ['##[group]Run ', 'Post job cleanup.', 'Cleaning up orphan processes'].map((s) => Buffer.from(s));
const ERROR = Buffer.from('##[error]');
const END_GROUP = Buffer.from('##[endgroup]');
/** What the runner's markers read as in GitHub's log view. */
const MARKERS = [
    [/^##\[group\]/, ''],
    [/^##\[error\]/, 'Error: '],
    [/^##\[warning\]/, 'Warning: '],
    [/^##\[notice\]/, 'Notice: '],
    [/^##\[debug\]/, 'Debug: '],
    [/^##\[command\]/, ''],
];
/** Controls and bidirectional overrides left after the colours are gone: shown as their code, never obeyed. */
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
/** Keeps the last `size` lines. */
class Ring {
    items = [];
    size;
    constructor(size) {
        this.size = size;
    }
    push(item) {
        this.items.push(item);
        if (this.items.length > this.size)
            this.items.shift();
    }
    clear() {
        this.items = [];
    }
    get all() {
        return [...this.items];
    }
}
/**
 * Follows a job log: the current step's last `count` lines; in the first step that reports `##[error]`, the
 * last `count` lines up to and including its last error. That step is the cause; what runs after it (cleanup,
 * steps with `if: always()`) is left out, and `done` turns true when it starts, so the reader can stop.
 */
class JobLogTail {
    ring;
    step = '';
    caught;
    finished = false;
    constructor(count) {
        this.ring = new Ring(count);
    }
    get done() {
        return this.finished;
    }
    push(line) {
        if (this.finished)
            return;
        const bytes = typeof line === 'string' ? Buffer.from(line) : line;
        const from = timestampLength(bytes);
        if (STEP_STARTS.some((start) => startsAt(bytes, start, from))) {
            // The step that erred has ended: its excerpt is complete.
            if (this.caught) {
                this.finished = true;
                return;
            }
            this.ring.clear();
            this.step = cleanLine(bytes.toString('utf8', from));
        }
        if (startsAt(bytes, END_GROUP, from))
            return;
        this.ring.push(bytes);
        if (startsAt(bytes, ERROR, from))
            this.caught = { source: this.step, lines: this.ring.all };
    }
    /** The failed step's excerpt; undefined when no step reported an error (a cancelled job, a log cut short). */
    result() {
        return this.caught && capped(this.caught.source, this.caught.lines);
    }
}
/** The last `count` lines of a log with no steps to tell apart, such as a build's output saved with `tee`. */
class FileTail {
    ring;
    source;
    constructor(count, source) {
        this.ring = new Ring(count);
        this.source = source;
    }
    push(line) {
        this.ring.push(typeof line === 'string' ? Buffer.from(line) : line);
    }
    result() {
        return capped(this.source, this.ring.all);
    }
}
/** Colours and controls gone, markers read as words, cut to MAX_LINE_CHARS code points. */
function cleanLine(raw) {
    let line = (0,external_node_util_.stripVTControlCharacters)(raw.replace(TIMESTAMP, '')).replace(/\r$/, '');
    for (const [marker, word] of MARKERS)
        line = line.replace(marker, word);
    line = line.replace(INVISIBLE, (c) => c === '\t' ? '    ' : `<U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
    const chars = Array.from(line.trimEnd());
    return chars.length > MAX_LINE_CHARS ? `${chars.slice(0, MAX_LINE_CHARS - 1).join('')}…` : chars.join('');
}
/** The lines cleaned, dropping the oldest until the excerpt fits MAX_EXCERPT_BYTES. */
function capped(source, raw) {
    const lines = raw.map((line) => cleanLine(line.toString('utf8')));
    let bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    let start = 0;
    while (bytes > MAX_EXCERPT_BYTES && start < lines.length)
        bytes -= Buffer.byteLength(lines[start++]) + 1;
    return { source, lines: lines.slice(start) };
}
/** How many bytes the line's `2024-01-01T12:00:00.1234567Z ` takes; 0 when it has none. Checked byte by byte. */
function timestampLength(line) {
    const at = (i, c) => line[i] === c.charCodeAt(0);
    if (!(at(4, '-') && at(7, '-') && at(10, 'T') && at(13, ':') && at(16, ':')))
        return 0;
    const z = line.indexOf(0x5a /* Z */, 19);
    if (z === -1 || z > 40)
        return 0;
    return line[z + 1] === 0x20 ? z + 2 : z + 1;
}
function startsAt(line, prefix, from) {
    if (line.length - from < prefix.length)
        return false;
    for (let i = 0; i < prefix.length; i++)
        if (line[from + i] !== prefix[i])
            return false;
    return true;
}
/**
 * A stream's lines as byte views, each cut to MAX_LINE_BYTES as it arrives: a log with a line of hundreds of
 * megabytes (minified output, a binary) must not be gathered whole.
 */
async function* linesOf(stream) {
    let partial = [];
    let partialLength = 0;
    for await (const chunk of stream) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        let from = 0;
        for (let end = bytes.indexOf(0x0a, from); end !== -1; end = bytes.indexOf(0x0a, from)) {
            const piece = bytes.subarray(from, Math.min(end, from + MAX_LINE_BYTES - partialLength));
            yield partialLength === 0 ? piece : Buffer.concat([...partial, piece]);
            partial = [];
            partialLength = 0;
            from = end + 1;
        }
        const rest = bytes.subarray(from, from + Math.max(0, MAX_LINE_BYTES - partialLength));
        if (rest.length > 0) {
            partial.push(rest);
            partialLength += rest.length;
        }
    }
    if (partialLength > 0)
        yield Buffer.concat(partial);
}

;// CONCATENATED MODULE: ./src/github/logs.ts
/**
 * Log excerpts: the end of each failed job's failed step, read from GitHub, and the tail of the `log-file` input
 * for the job sending the mail, whose own log GitHub does not have yet. Both are read as streams, line by line,
 * keeping only the lines shown: a job log can run to hundreds of megabytes.
 */






/**
 * GitHub answers `GET …/actions/jobs/{id}/logs` with a 302 to a pre-signed URL on another host that expires
 * after a minute; `locate` asks for it without following it, and the download goes there without the GitHub
 * token: the URL carries its own signature, and the token must reach no host but GitHub's.
 */
async function readJobLog(locate, options) {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
        const url = await locate(signal);
        const { statusCode, body } = await (0,undici.request)(url, { dispatcher: (0,proxy/* dispatcher */.oh)(), signal, method: 'GET' });
        if (statusCode !== 200) {
            await body.dump();
            throw new Error(`the log download answered ${statusCode}`);
        }
        const tail = new JobLogTail(options.lines);
        try {
            for await (const line of linesOf(body)) {
                tail.push(line);
                // The failed step is over: the rest is cleanup, not worth downloading.
                if (tail.done)
                    break;
            }
        }
        finally {
            body.destroy();
        }
        return tail.result();
    }
    catch (error) {
        if (signal.aborted)
            throw new Error(`no complete answer within ${options.timeoutMs / 1000} s`, { cause: error });
        throw error;
    }
}
/**
 * The last lines of `log-file`, a path in the workspace (or RUNNER_TEMP) like body-file's; a path that leads
 * elsewhere throws the ActionFailure that names the input.
 */
async function readLogFile(path, lines, workspace = workspaceDir()) {
    const real = realPathWithin('log-file', (0,external_node_path_.resolve)(workspace, path), readableRoots(workspace));
    const tail = new FileTail(lines, (0,external_node_path_.basename)(path));
    for await (const line of linesOf((0,external_node_fs_.createReadStream)(real)))
        tail.push(line);
    return tail.result();
}

;// CONCATENATED MODULE: ./src/github/api.ts


/**
 * The GitHub REST calls behind RunApi, through @actions/github's Octokit at GITHUB_API_URL (GHES works). Octokit
 * is loaded only when a run needs it, so a send without enrichment does not pay for it.
 */
async function createRunApi(token, ctx, apiUrl, logs = { lines: 0, timeoutMs: 0 }) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(token, { baseUrl: apiUrl });
    const [owner, repo] = ctx.repository.split('/');
    const run_id = Number(ctx.runId);
    let run;
    return {
        // Asked once, whoever asks first: the run's details do not change while the mail is built.
        run: () => (run ??= octokit.rest.actions.getWorkflowRun({ owner, repo, run_id }).then((r) => r.data)),
        async jobs() {
            let total = 0;
            // Every page: a matrix can run hundreds of jobs, and the one that failed may be on the last.
            const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRunAttempt, { owner, repo, run_id, attempt_number: ctx.runAttempt, per_page: 100 }, (response) => {
                total = response.data.total_count;
                return response.data;
            });
            return { total, jobs };
        },
        async annotations(check_run_id) {
            // Actions keeps at most 50 annotations of a job's own steps; GitHub's own (`Process completed with exit code
            // 1`) come on top, so one page of 100 holds them all.
            const { data } = await octokit.rest.checks.listAnnotations({ owner, repo, check_run_id, per_page: 100 });
            return data;
        },
        async completedRuns(workflow_id, branch) {
            const { data } = await octokit.rest.actions.listWorkflowRuns({
                owner,
                repo,
                workflow_id,
                branch,
                status: 'completed',
                per_page: RUNS_READ,
            });
            return data.workflow_runs;
        },
        async compare(base, head) {
            const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
                owner,
                repo,
                basehead: `${base}...${head}`,
            });
            return data;
        },
        ...(logs.lines > 0 && {
            jobLog: (job_id) => readJobLog(async (signal) => {
                // Octokit would follow the redirect and buffer the whole log: only its target is wanted here.
                const response = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
                    owner,
                    repo,
                    job_id,
                    request: { redirect: 'manual', signal },
                });
                const location = response.headers.location;
                if (response.status !== 302 || !location) {
                    throw new Error(`GitHub answered ${response.status} without a log location`);
                }
                return location;
            }, logs),
        }),
    };
}

;// CONCATENATED MODULE: ./src/github/decision.ts
/**
 * Whether `notify-when` wants a mail for this result. `comparison` is the previous run's, for `change`; undefined
 * when it could not be read, and then the mail goes out: a notification too many beats a lost one.
 */
function decide(when, status, comparison) {
    switch (when) {
        case 'always':
            return { send: true, reason: 'notify-when: always' };
        case 'failure':
            return { send: status === 'failure', reason: `notify-when: failure, and the result is ${status}` };
        case 'not-success':
            return { send: status !== 'success', reason: `notify-when: not-success, and the result is ${status}` };
        case 'change':
            return decideChange(status, comparison);
    }
}
function decideChange(status, comparison) {
    if (status !== 'success' && status !== 'failure') {
        return { send: false, reason: `notify-when: change compares successes and failures, and this run is ${status}` };
    }
    if (comparison === undefined) {
        return { send: true, reason: 'notify-when: change, but the previous run could not be read' };
    }
    const previous = comparison.previousRunNumber === undefined ? '' : ` (as run #${comparison.previousRunNumber})`;
    switch (comparison.transition) {
        case 'first':
            return { send: true, reason: 'notify-when: change, and there is no earlier completed run to compare with' };
        case 'fixed':
        case 'broken':
            return { send: true, reason: `notify-when: change, and the workflow is ${comparison.transition}${previous}` };
        case 'still-failing':
            return { send: false, reason: `notify-when: change, and the workflow is still failing${previous}` };
        case 'still-passing':
            return { send: false, reason: `notify-when: change, and the workflow is still passing${previous}` };
    }
}

;// CONCATENATED MODULE: ./src/github/changes.ts

/**
 * The changes between the last successful run among those `readPreviousRun` read and this run. Undefined
 * when the runs could not be read or the run has no branch or commit to compare; `none` when none of the runs
 * read succeeded (a success older than one page of runs is too far back to be worth listing). Throws when the
 * compare read fails.
 */
async function readChanges(api, ctx, comparison) {
    const head = ctx.commit?.sha;
    const branch = ctx.refName;
    if (comparison?.runsRead === undefined || !head || !branch)
        return undefined;
    const last = comparison.lastSuccess;
    if (!last)
        return { kind: 'none', runsRead: comparison.runsRead, older: comparison.runsRead >= RUNS_READ, branch };
    if (!last.head_sha)
        return undefined;
    // Without paging parameters GitHub returns the most recent 250 commits of the range: the ones worth naming.
    return toChanges(await api.compare(last.head_sha, head), ctx, last);
}
function toChanges(answer, ctx, last) {
    const commits = answer.commits.flatMap((commit) => toChange(commit, ctx)).reverse();
    return {
        kind: 'since',
        run: { number: last.run_number, url: `${ctx.repositoryUrl}/actions/runs/${last.id}`, sha: last.head_sha },
        status: answer.status,
        commits,
        total: Math.max(answer.total_commits, commits.length),
        behind: answer.behind_by,
    };
}
/** A commit id goes into a link: anything but hex is no commit GitHub would name. */
function toChange(commit, ctx) {
    if (!/^[0-9a-f]{7,64}$/i.test(commit.sha))
        return [];
    const author = commit.commit.author ?? {};
    const login = commit.author && 'login' in commit.author ? commit.author.login : undefined;
    return [
        {
            sha: commit.sha,
            shortSha: commit.sha.slice(0, 7),
            url: `${ctx.repositoryUrl}/commit/${commit.sha}`,
            title: commit.commit.message.split(/\r\n|\r|\n/, 1)[0].trim(),
            author: author.name?.trim() || login || 'unknown author',
            ...(login && { login }),
            ...(author.email && { email: author.email }),
        },
    ];
}

;// CONCATENATED MODULE: ./src/github/assessment.ts








/**
 * Everything the action learns before it writes the mail: the run's jobs (when the token may read them), the
 * result (`status: auto` derives it), and whether `notify-when` wants a mail at all. Reading the API never
 * fails the step, except for `status: auto`, which has nothing else to go on.
 */
async function assess(inputs, base) {
    if (base.notifier) {
        core/* info */.pq(`Reporting on ${runLabel(base)}, the run that triggered this workflow_run (run ${base.notifier.runId}).`);
    }
    // The send's deadline runs from the sign-in, which starts beside these reads: a log that does not come may take
    // a quarter of it (30 s at most), so the mail still goes out in time without it.
    const logs = { lines: inputs.logLines, timeoutMs: Math.min(inputs.timeoutSeconds / 4, 30) * 1000 };
    const api = inputs.githubToken === '' ? undefined : await createRunApi(inputs.githubToken, base, apiUrl(), logs);
    const reader = new ApiReader();
    // RUNNER_NAME names this step's runner: no job of a run reported by a notifier is the one sending the mail.
    const runnerName = base.notifier ? '' : (process.env.RUNNER_NAME ?? '');
    // Asked alongside the jobs, before the result they give is known: one round trip instead of two in a row.
    const previous = api && inputs.status !== 'cancelled' && inputs.status !== 'skipped'
        ? settle(readPreviousRun(api, base, assessment_ownRun(base)))
        : undefined;
    // A failure given as such (not auto) needs only the previous runs to know whether the mail goes out and which
    // commits came since the last green run: that read then runs beside the annotations and logs, not after them.
    const early = api && previous && inputs.status === 'failure'
        ? previous.then((read) => read.ok ? changesFor(api, base, compareWith(read.value, 'failure'), inputs) : undefined)
        : undefined;
    const [details, logFile] = await Promise.all([
        api &&
            reader.read("the run's jobs", () => readRunDetails(api, base, runnerName, (error, part) => reader.failed(`${part} of failed jobs`, error))),
        logFileTail(inputs),
    ]);
    const status = resolveStatus(inputs, base, details && statusOfJobs(details, base), api !== undefined);
    const comparison = await previousResult(api !== undefined, previous, reader, status, inputs.notifyWhen);
    const verdict = decide(inputs.notifyWhen, status, comparison);
    // Read only for a failure mail that goes out: a mail notify-when holds back shows nothing.
    const changes = api && status === 'failure' && verdict.send
        ? await changesSince((await early) ?? settle(readChanges(api, base, comparison)))
        : undefined;
    return {
        ctx: {
            ...base,
            ...(details && { details }),
            ...(comparison && { transition: comparison.transition }),
            ...(changes && { changes }),
            ...(logFile && { logFile }),
        },
        status,
        verdict,
    };
}
/**
 * This run's workflow, id and number, known without a request: GITHUB_WORKFLOW_REF names the workflow's file
 * (`owner/repo/.github/workflows/ci.yml@refs/heads/main`, the caller's for a reusable workflow), and the runs
 * list takes a file name for the workflow id. Undefined for a notifier (the variables describe its own run), a
 * workflow with no file (dynamic ones, such as CodeQL's default setup) or no run number: the run is asked then.
 */
function assessment_ownRun(ctx, workflowRef = process.env.GITHUB_WORKFLOW_REF ?? '') {
    if (ctx.notifier || ctx.runNumber === 0)
        return undefined;
    const prefix = `${ctx.repository}/.github/workflows/`.toLowerCase();
    if (!workflowRef.toLowerCase().startsWith(prefix))
        return undefined;
    const file = /^([^/@]+)@/.exec(workflowRef.slice(prefix.length))?.[1];
    return file ? { workflow: file, id: Number(ctx.runId), run_number: ctx.runNumber } : undefined;
}
/** A log file that cannot be read costs the mail its tail, not the step; one outside the workspace is refused. */
async function logFileTail(inputs) {
    if (inputs.logFile === undefined || inputs.logLines === 0)
        return undefined;
    try {
        return await readLogFile(inputs.logFile, inputs.logLines);
    }
    catch (error) {
        if (error instanceof failure/* ActionFailure */.dR)
            throw error;
        const reason = error.code ?? (error instanceof Error ? error.message : String(error));
        core/* warning */.$e(`Input 'log-file': ${(0,failure/* shown */.SP)(inputs.logFile)} cannot be read (${reason}); the mail goes out without its tail.`);
        return undefined;
    }
}
function apiUrl() {
    return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}
/** `CI #42 (run 1658821493)`, for log lines about the reported run. */
function runLabel(ctx) {
    return `${runTitle(ctx) || 'the workflow'} (run ${ctx.runId})`;
}
/** A reported run that never started a job (a startup_failure) gives nothing to derive from: its conclusion will. */
function statusOfJobs(details, ctx) {
    return ctx.notifier && details.jobs.length === 0 ? undefined : deriveStatus(details);
}
function resolveStatus(inputs, ctx, derived, tried) {
    if (inputs.status !== 'auto') {
        warnOfOwnStatus(inputs.status, ctx);
        return inputs.status;
    }
    const whose = ctx.notifier ? `the jobs of ${runLabel(ctx)}` : "the run's other jobs";
    if (derived !== undefined) {
        core/* info */.pq(`Status auto: ${whose} make it ${derived}.`);
        return derived;
    }
    if (ctx.conclusion !== undefined) {
        core/* info */.pq(`Status auto: ${runLabel(ctx)} ended in ${ctx.conclusion}, as the workflow_run event says.`);
        return ctx.conclusion;
    }
    const why = tried ? 'they could not be read (see the warning above)' : "'github-token' is empty";
    // A notifier's own job.status says nothing of the run it reports, so it is no way out there.
    const otherwise = ctx.notifier ? '' : ', or pass status: ${{ job.status }}';
    throw new failure/* ActionFailure */.dR(`Input 'status' is auto (or empty), which derives the result from ${whose}, but ${why}. Give ` +
        `the job 'permissions: actions: read' and keep 'github-token'${otherwise}.`);
}
/**
 * In a notifier, `${{ job.status }}` (the input's default) is the notifier's own job, which succeeds however the
 * reported run ended: a status that contradicts the event is almost always that mistake.
 */
function warnOfOwnStatus(status, ctx) {
    if (!ctx.notifier || ctx.conclusion === undefined || ctx.conclusion === status)
        return;
    core/* warning */.$e(`Input 'status' is ${status}, but ${runLabel(ctx)} ended in ${ctx.conclusion}: in a workflow_run notifier ` +
        '${{ job.status }} is the status of the notifier itself. Pass status: auto to report the run that triggered it.');
}
/** A read started now whose failure is told when its answer is used, so warnings keep their order. */
function settle(read) {
    return read.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}
/**
 * How this result compares with the previous run, read whatever `notify-when` is: every success or failure mail
 * says FIXED, BROKEN or STILL FAILING when the token can tell. Only `change` needs it, so only `change` warns
 * when there is no token to read it with.
 */
async function previousResult(tokenGiven, previous, reader, status, when) {
    if (!tokenGiven) {
        if (when === 'change') {
            core/* warning */.$e("notify-when: change needs 'github-token' to read the previous run; sending anyway.");
        }
        return undefined;
    }
    if (previous === undefined || (status !== 'success' && status !== 'failure'))
        return undefined;
    const read = await previous;
    if (!read.ok) {
        reader.failed('the previous run of this workflow', read.error);
        return undefined;
    }
    return compareWith(read.value, status);
}
/** The commits since the last green run, for a failure. Compare needs a permission of its own, so a warning too. */
/** The changes read started early, for a failure mail that goes out whatever else GitHub says. */
function changesFor(api, ctx, comparison, inputs) {
    return decide(inputs.notifyWhen, 'failure', comparison).send ? settle(readChanges(api, ctx, comparison)) : undefined;
}
/** The commits since the last green run, for a failure, or one warning: compare needs a permission of its own. */
async function changesSince(read) {
    const answer = await read;
    if (answer.ok)
        return answer.value;
    // Runs were just read with this token, so a 404 is the commit, gone from the repository with a rewritten history.
    const fix = answer.error.status === 404
        ? "The last successful run's commit is no longer in the repository."
        : "Give the job 'permissions: contents: read'.";
    core/* warning */.$e(`Could not read the commits since the last successful run from the GitHub API (${apiReason(answer.error)}); ` +
        `the mail goes out without them. ${fix}`);
    return undefined;
}
/**
 * Runs API reads that may fail without failing the step. The first failure is a warning naming what could not
 * be read, why, and the permission to grant; later ones (usually the same cause) go to the debug log.
 */
class ApiReader {
    warned = false;
    async read(what, read) {
        try {
            return await read();
        }
        catch (error) {
            this.failed(what, error);
            return undefined;
        }
    }
    failed(what, error) {
        const line = `Could not read ${what} from the GitHub API (${apiReason(error)}); the mail goes out without it.`;
        if (this.warned) {
            core/* debug */.Yz(line);
            return;
        }
        this.warned = true;
        core/* warning */.$e(`${line} Give the job 'permissions: actions: read' (and checks: read for annotations).`);
    }
}
function apiReason(error) {
    const status = error.status;
    // Octokit appends the documentation URL to GitHub's message; the permission hint says more.
    const message = (error instanceof Error ? error.message.split('\n')[0] : String(error)).replace(/ - https?:\/\/\S+$/, '');
    return typeof status === 'number' && !message.startsWith(String(status)) ? `${status} ${message}` : message;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/entra/cloud.ts
var entra_cloud = __webpack_require__(8997);
// EXTERNAL MODULE: ./src/graph/attachments.ts
var graph_attachments = __webpack_require__(3442);
;// CONCATENATED MODULE: ./src/files/attachments.ts
/**
 * Turns the `attachments` input (glob patterns, one per line) into files with a name, a size and a content type,
 * and checks Graph's and Exchange Online's limits before any request: a mail that cannot go out whole must not go
 * out in part.
 */






/** Graph's limit for one attachment (through an upload session). */
const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;
const MB = 1024 * 1024;
/** A pattern with this prefix may match nothing (a report that only failing runs write, say). */
const OPTIONAL = '?';
const CONTENT_TYPES = {
    '.txt': 'text/plain',
    '.log': 'text/plain',
    '.csv': 'text/csv',
    '.md': 'text/markdown',
    '.html': 'text/html',
    '.htm': 'text/html',
    '.xml': 'application/xml',
    '.json': 'application/json',
    '.yaml': 'application/yaml',
    '.yml': 'application/yaml',
    '.pdf': 'application/pdf',
    '.zip': 'application/zip',
    '.gz': 'application/gzip',
    '.tgz': 'application/gzip',
    '.tar': 'application/x-tar',
    '.7z': 'application/x-7z-compressed',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.svg': 'image/svg+xml',
    '.webp': 'image/webp',
};
function contentTypeOf(name) {
    return CONTENT_TYPES[(0,external_node_path_.extname)(name).toLowerCase()] ?? 'application/octet-stream';
}
async function expandWithGlob(pattern) {
    const glob = await __webpack_require__.e(/* import() */ 377).then(__webpack_require__.bind(__webpack_require__, 2377));
    const globber = await glob.create(pattern, { matchDirectories: false, implicitDescendants: false });
    return (await globber.glob()).sort();
}
/**
 * The files the patterns name, relative patterns taken from `workspace`. A pattern that matches nothing is an
 * error naming it, unless it starts with `?`. A file matched twice is attached once; two files with one name get
 * `name (2).ext`, as a mail client would save them. @actions/glob follows links, so every match must lead into
 * the workspace or RUNNER_TEMP, and is attached from where it leads.
 */
async function resolveAttachments(patterns, workspace, expand = expandWithGlob) {
    const paths = [];
    for (const line of patterns) {
        const optional = line.startsWith(OPTIONAL);
        const pattern = optional ? line.slice(OPTIONAL.length).trim() : line;
        const matched = await expand((0,external_node_path_.isAbsolute)(pattern) ? pattern : (0,external_node_path_.join)(workspace, pattern));
        if (matched.length === 0 && !optional) {
            throw new failure/* ActionFailure */.dR(`Input 'attachments': the pattern "${pattern}" matches no file in ${workspace}. Fix the pattern, or mark ` +
                `it optional with a leading ? ("?${pattern}").`);
        }
        for (const path of matched)
            if (!paths.includes(path))
                paths.push(path);
    }
    const roots = readableRoots(workspace);
    const real = paths.map((path) => realPathWithin('attachments', path, roots));
    // Named before any await, so `report (2).xml` is always the second match, however the stats interleave.
    const seen = new Map();
    const names = paths.map((path) => uniqueName((0,external_node_path_.basename)(path), seen));
    return Promise.all(paths.map(async (_path, i) => {
        const { size } = await (0,promises_.stat)(real[i]);
        return { name: names[i], path: real[i], size, contentType: contentTypeOf(names[i]) };
    }));
}
function uniqueName(name, seen) {
    const count = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), count);
    if (count === 1)
        return name;
    const ext = (0,external_node_path_.extname)(name);
    return `${name.slice(0, name.length - ext.length)} (${count})${ext}`;
}
/**
 * Refuses, before any request, what Graph or Exchange Online would refuse after a partial upload: a file over
 * 150 MB, a file the cloud's Graph has no way to take, a mail over `max-message-size` as Exchange counts it.
 */
function checkLimits(mail, limits) {
    const huge = mail.attachments.find((a) => a.size > MAX_ATTACHMENT_BYTES);
    if (huge) {
        throw new failure/* ActionFailure */.dR(`Attachment ${huge.name} is ${megabytes(huge.size)}, over Graph's limit of 150 MB per attachment. ` +
            'Compress or split it, or publish it as a workflow artifact and link to it.');
    }
    checkCloud(mail.attachments, limits.cloud);
    checkMessageSize(mail, limits.maxMessageBytes);
}
/** Without upload sessions every file must fit one request once encoded: a little under 3 MB. */
function checkCloud(attachments, cloud) {
    if ((0,entra_cloud/* offers */.O5)(cloud, 'createUploadSession'))
        return;
    const large = attachments.find((a) => !(0,graph_attachments/* fitsOneRequest */.EN)(a));
    if (large) {
        throw new failure/* ActionFailure */.dR(`Attachment ${large.name} is ${megabytes(large.size)}; ${(0,entra_cloud/* graphOf */.cQ)(cloud)} has no upload sessions, so each ` +
            'attachment must be under 3 MB there (under 4 MB once base64-encoded): split or compress it, or link to a ' +
            'workflow artifact.');
    }
}
/**
 * Exchange Online measures a mail after encoding, when base64 has made each attachment about a third larger; so
 * the limit is held against the encoded attachments plus the encoded body, not the files' sizes on disk.
 */
function encodedMessageBytes(mail) {
    const attachments = mail.attachments.reduce((sum, a) => sum + (0,graph_attachments/* encodedBytes */.wV)(a.size), 0);
    return attachments + (0,graph_attachments/* encodedBytes */.wV)(Buffer.byteLength(mail.body.content));
}
function checkMessageSize(mail, maxMessageBytes) {
    const encoded = encodedMessageBytes(mail);
    if (encoded <= maxMessageBytes)
        return;
    const raw = mail.attachments.reduce((sum, a) => sum + a.size, 0);
    const [size, limit] = distinct(encoded, maxMessageBytes);
    throw new failure/* ActionFailure */.dR(`The attachments add up to ${megabytes(raw)}, which makes the mail ${size} once encoded (base64 adds about a ` +
        'third, and Exchange Online counts a mail after encoding), over the maximum message size of ' +
        `${limit} ('max-message-size'). Attach fewer or smaller files, or raise ` +
        "'max-message-size' if your Exchange Online organisation allows larger mails.");
}
/** Two sizes in MB, or in bytes where MB would show them equal. */
function distinct(a, b) {
    return megabytes(a) === megabytes(b) ? [`${a} bytes`, `${b} bytes`] : [megabytes(a), megabytes(b)];
}
function megabytes(bytes) {
    return `${(bytes / MB).toFixed(1)} MB`;
}

;// CONCATENATED MODULE: ./src/status.ts
/** How a job ended, as `${{ job.status }}` spells it. */
const STATUSES = ['success', 'failure', 'cancelled', 'skipped'];
function isStatus(value) {
    return STATUSES.includes(value);
}

;// CONCATENATED MODULE: ./src/inputs.ts








/** Inputs whose values are masked in the log the moment they are read. */
const SECRET_INPUTS = new Set(['client-secret', 'client-certificate', 'client-certificate-password', 'github-token']);
const BODY_FORMATS = ['html', 'text', 'markdown'];
const NOTIFY_WHEN = ['always', 'failure', 'not-success', 'change'];
const IMPORTANCES = ['low', 'normal', 'high'];
/** Graph's limit for to + cc + bcc in one sendMail. */
const inputs_MAX_RECIPIENTS = 500;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Reads the inputs from the runner's environment, masking secrets before anything else can log them. */
function readInputs() {
    return parseInputs((name) => {
        const value = core/* getInput */.V4(name);
        if (SECRET_INPUTS.has(name))
            maskSecret(value);
        return value;
    });
}
/**
 * Masks a secret, and each line of it on its own: the runner matches masks line by line, so a multi-line PEM
 * masked only whole would still show its key lines wherever one is printed alone.
 */
function maskSecret(value) {
    if (value.trim() === '')
        return;
    core/* setSecret */.Pq(value);
    const lines = value.split(/\r?\n/).map((line) => line.trim());
    if (lines.length > 1)
        for (const line of lines)
            if (line.length >= 8)
                core/* setSecret */.Pq(line);
}
/** Only a file that leads into the workspace or RUNNER_TEMP, read from where it leads (see workspace.ts). */
function readWorkspaceFile(path) {
    const workspace = workspaceDir();
    return (0,external_node_fs_.readFileSync)(realPathWithin('body-file', (0,external_node_path_.resolve)(workspace, path), readableRoots(workspace)), 'utf8');
}
function parseInputs(read, readFile = readWorkspaceFile) {
    const dryRun = parseBoolean(read, 'dry-run', false);
    // A dry run only renders, so it must work before the app registration exists.
    const identity = (name) => (dryRun ? read(name).trim() : required(read, name));
    const cloud = parseCloud(read('cloud'));
    return {
        tenantId: identity('tenant-id'),
        clientId: identity('client-id'),
        credential: parseCredential(read, cloud),
        cloud,
        authorityHost: parseOrigin('authority-host', read('authority-host'), entra_cloud/* CLOUDS */.JJ.usgov.authorityHost) ?? entra_cloud/* CLOUDS */.JJ[cloud].authorityHost,
        graphEndpoint: parseOrigin('graph-endpoint', read('graph-endpoint'), entra_cloud/* CLOUDS */.JJ.usgov.graphEndpoint) ?? entra_cloud/* CLOUDS */.JJ[cloud].graphEndpoint,
        sender: parseSender(required(read, 'sender')),
        from: parseSingleAddress('from', read('from')),
        ...parseRecipients(read),
        subject: optional(read('subject')),
        body: parseBody(read, readFile),
        bodyFormat: parseChoice('body-format', read('body-format'), BODY_FORMATS, 'html'),
        status: parseStatus(read('status')),
        notifyWhen: parseChoice('notify-when', read('notify-when'), NOTIFY_WHEN, 'always'),
        githubToken: read('github-token').trim(),
        importance: parseChoice('importance', read('importance'), IMPORTANCES, 'normal'),
        saveToSentItems: parseBoolean(read, 'save-to-sent-items', true),
        dryRun,
        jobSummary: parseBoolean(read, 'job-summary', true),
        timeoutSeconds: parseTimeout(read('timeout-seconds')),
        attachments: lines(read('attachments')),
        testResults: lines(read('test-results')),
        maxMessageBytes: parseMessageSize(read('max-message-size')),
        ...parseAuthors(read),
        logLines: parseLogLines(read('log-lines')),
        logFile: optional(read('log-file').trim()),
    };
}
/** One pattern a line, blank lines dropped. */
function lines(value) {
    return value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
/** More than a few hundred lines is no longer an excerpt; the mail caps each one's size anyway. */
const MAX_LOG_LINES = 500;
function parseLogLines(value) {
    const trimmed = value.trim();
    if (trimmed === '')
        return 30;
    const count = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
    if (!(count >= 0 && count <= MAX_LOG_LINES)) {
        throw new failure/* ActionFailure */.dR(`Input 'log-lines' must be a whole number from 0 (no log excerpts) to ${MAX_LOG_LINES}, got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return count;
}
function optional(value) {
    return value.trim() === '' ? undefined : value;
}
function required(read, name) {
    const value = read(name).trim();
    if (value === '')
        throw new Error(`Input '${name}' is required and was not supplied.`);
    return value;
}
function parseCredential(read, cloud) {
    const secret = read('client-secret').trim();
    const pem = read('client-certificate').trim();
    const password = read('client-certificate-password');
    if (secret !== '' && pem !== '') {
        throw new Error("Inputs 'client-secret' and 'client-certificate' are both set: give only one (or neither, to sign in with " +
            'GitHub OIDC).');
    }
    if (secret !== '')
        return { kind: 'secret', secret };
    if (pem !== '')
        return parseCertificate(pem, password);
    if (password !== '') {
        throw new Error("Input 'client-certificate-password' is set but 'client-certificate' is empty.");
    }
    return { kind: 'oidc', audience: read('oidc-audience').trim() || entra_cloud/* CLOUDS */.JJ[cloud].oidcAudience };
}
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/;
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/;
/** Checks the PEM's shape only: the identity library reads the key, and Entra judges the certificate. */
function parseCertificate(pem, password) {
    const hasKey = PRIVATE_KEY.test(pem) || ENCRYPTED_KEY.test(pem);
    if (!pem.includes('-----BEGIN CERTIFICATE-----') || !hasKey) {
        throw new Error("Input 'client-certificate' must be PEM text holding both the certificate (-----BEGIN CERTIFICATE-----) " +
            'and its private key (-----BEGIN PRIVATE KEY-----), e.g. cat cert.pem key.pem.');
    }
    if (ENCRYPTED_KEY.test(pem) && password === '') {
        throw new Error("Input 'client-certificate' holds an encrypted private key: pass its password in 'client-certificate-password'.");
    }
    return password === '' ? { kind: 'certificate', pem } : { kind: 'certificate', pem, password };
}
function parseRecipients(read) {
    const recipients = {
        to: parseAddressList('to', read('to')),
        cc: parseAddressList('cc', read('cc')),
        bcc: parseAddressList('bcc', read('bcc')),
        replyTo: parseAddressList('reply-to', read('reply-to')),
    };
    const count = recipients.to.length + recipients.cc.length + recipients.bcc.length;
    if (count === 0)
        throw new Error("No recipient: give at least one address in 'to', 'cc' or 'bcc'.");
    if (count > inputs_MAX_RECIPIENTS) {
        throw new Error(`'to', 'cc' and 'bcc' hold ${count} recipients; Graph accepts at most ${inputs_MAX_RECIPIENTS} in one mail. ` +
            'Send to a distribution list instead.');
    }
    return recipients;
}
function parseSender(value) {
    if (GUID.test(value))
        return value;
    const address = parseAddress(value);
    if (address === undefined || address.name !== undefined) {
        throw new Error(`Input 'sender' must be the sending mailbox's address (user@contoso.com) or its object id, got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return address.address;
}
function parseSingleAddress(name, value) {
    if (value.trim() === '')
        return undefined;
    const address = parseAddress(value.trim());
    if (address === undefined) {
        throw new Error(`Input '${name}' must be one e-mail address (Name <user@contoso.com> allowed), got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return address;
}
function parseCloud(value) {
    const cloud = value.trim().toLowerCase() || 'public';
    if (!(0,entra_cloud/* isCloudName */.fJ)(cloud)) {
        throw new Error(`Input 'cloud' must be one of ${Object.keys(entra_cloud/* CLOUDS */.JJ).join(', ')}; got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return cloud;
}
/** An override host must be a bare https origin: the libraries add the tenant and the API version themselves. */
function parseOrigin(name, value, example) {
    const trimmed = value.trim();
    if (trimmed === '')
        return undefined;
    let url;
    try {
        url = new URL(trimmed);
    }
    catch {
        url = undefined;
    }
    // `graph.microsoft.us:443` parses with the "scheme" graph.microsoft.us:, so anything not http(s) is no URL here.
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new Error(`Input '${name}' must be an https URL such as ${example}, got ${(0,failure/* shown */.SP)(value)}.`);
    }
    if (url.protocol !== 'https:') {
        throw new Error(`Input '${name}' must use https (tokens are never sent in clear text), got ${(0,failure/* shown */.SP)(value)}.`);
    }
    if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
        throw new Error(`Input '${name}' must be an origin without a path, such as ${url.origin} (no /v1.0 or tenant), got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return url.origin;
}
/** Empty means auto too: a workflow that passes `status: ${{ needs.x.result }}` of a job that never ran. */
function parseStatus(value) {
    const status = value.trim().toLowerCase() || 'auto';
    if (status !== 'auto' && !isStatus(status)) {
        throw new Error(`Input 'status' must be one of ${STATUSES.join(', ')} or auto (normally \${{ job.status }}), got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return status;
}
function parseBody(read, readFile) {
    const body = optional(read('body'));
    const file = read('body-file').trim();
    if (file === '')
        return body;
    if (body !== undefined)
        throw new Error("Inputs 'body' and 'body-file' are both set: give only one.");
    try {
        return readFile(file);
    }
    catch (error) {
        if (error instanceof failure/* ActionFailure */.dR)
            throw error;
        const reason = error.code ?? (error instanceof Error ? error.message : String(error));
        throw new Error(`Input 'body-file' names a file that cannot be read: ${(0,failure/* shown */.SP)(file)} (${reason}).`);
    }
}
function parseChoice(name, value, choices, fallback) {
    const choice = value.trim().toLowerCase() || fallback;
    if (!choices.includes(choice)) {
        throw new Error(`Input '${name}' must be one of ${choices.join(', ')}, got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return choice;
}
/** The same spellings core.getBooleanInput accepts (YAML 1.2 core schema), with an error that fits on one line. */
function parseBoolean(read, name, fallback) {
    const value = read(name).trim();
    if (value === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw new Error(`Input '${name}' must be true or false, got ${(0,failure/* shown */.SP)(value)}.`);
}
/** A DNS name in ASCII (punycode for international ones): labels of letters, digits and inner hyphens. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/**
 * Commit addresses are whatever a committer configured, so the domains are what keeps the mail inside the
 * organisation: without them `to-authors` is refused rather than mailing any address a commit names.
 */
function parseAuthors(read) {
    const toAuthors = parseBoolean(read, 'to-authors', false);
    const entries = read('author-domains')
        .split(/[\s,;]+/)
        .filter((entry) => entry !== '');
    const bad = entries.find((entry) => !DOMAIN.test(entry.toLowerCase()));
    if (bad !== undefined) {
        throw new Error(`Input 'author-domains' has an entry that is not a domain: ${(0,failure/* shown */.SP)(bad)}. Write domains such as contoso.com, ` +
            'separated by commas, without @ or wildcards (list each subdomain itself).');
    }
    if (toAuthors && entries.length === 0) {
        throw new Error("Input 'to-authors' is true but 'author-domains' is empty: list the domains whose commit authors may be " +
            'mailed (author-domains: contoso.com), since a commit can name any address.');
    }
    return { toAuthors, authorDomains: [...new Set(entries.map((entry) => entry.toLowerCase()))] };
}
/** In MB, as Exchange Online's admin centre states it: 35 by default, 150 at most. */
function parseMessageSize(value) {
    const trimmed = value.trim();
    const megabytes = trimmed === '' ? 35 : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
    if (!(megabytes >= 1 && megabytes <= 150)) {
        throw new Error(`Input 'max-message-size' must be a whole number of MB from 1 to 150, got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return megabytes * 1024 * 1024;
}
function parseTimeout(value) {
    const trimmed = value.trim();
    if (trimmed === '')
        return 120;
    const seconds = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
    if (!(seconds >= 1 && seconds <= 3600)) {
        throw new Error(`Input 'timeout-seconds' must be a whole number of seconds from 1 to 3600, got ${(0,failure/* shown */.SP)(value)}.`);
    }
    return seconds;
}

;// CONCATENATED MODULE: ./src/reports/case.ts

/** Enough to show a failure in full and still bound what a hostile report can make the action hold. */
const MAX_TEXT = 2_000;
const MAX_DETAIL_LINES = 20;
/**
 * Where a test belongs and what it is called. A name that repeats its suite (jest-junit's `math adds` in
 * `math`, TRX's `Calc.Tests.CalcTests.Adds` of class `Calc.Tests.CalcTests`) loses the repetition.
 */
function named(suite, name) {
    const cleanSuite = clean(suite).trim();
    const cleanName = clean(name).trim();
    for (const separator of [' ', '.']) {
        const lead = cleanSuite + separator;
        if (cleanSuite && cleanName.startsWith(lead) && cleanName.length > lead.length) {
            return { suite: cleanSuite, name: cleanName.slice(lead.length) };
        }
    }
    return { suite: cleanSuite, name: cleanName };
}
/**
 * The message and what follows it. Without a message (jest-junit, PHPUnit, Karma) the text's first line is the
 * message; a first line that only repeats it (Surefire's `Type: message`) is dropped from the details.
 */
function failureText(message, type, text) {
    const said = case_lines(message);
    const body = case_lines(text);
    const first = said.shift() ?? body.shift() ?? clean(type);
    if (body[0] !== undefined && (body[0] === first || body[0].endsWith(`: ${first}`)))
        body.shift();
    const details = [...said, ...body].slice(0, MAX_DETAIL_LINES).map((line) => line.slice(0, MAX_TEXT));
    return { message: first.slice(0, MAX_TEXT), details: details.join('\n') };
}
/** Seconds from `1.234` (JUnit), also written `1,234.5` by some Surefire versions; undefined when there are none. */
function seconds(value) {
    const number = value.trim() === '' ? NaN : Number(value.replace(/,/g, ''));
    return Number.isFinite(number) && number >= 0 ? number : undefined;
}
/** Terminal colours and control characters out (jest and go write them), line ends made `\n`, tabs spaces. */
function clean(text) {
    return ((0,external_node_util_.stripVTControlCharacters)(text)
        .replace(/\r\n?/g, '\n')
        .replace(/\t/g, '  ')
        // eslint-disable-next-line no-control-regex -- what is left of the control characters goes
        .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ''));
}
function case_lines(text) {
    return clean(text)
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line.trim() !== '');
}

// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 26 modules
var XMLParser = __webpack_require__(9658);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/fxp.js
var fxp = __webpack_require__(5824);
;// CONCATENATED MODULE: ./src/reports/xml.ts
/**
 * The one XML parser for test reports, set up for files anyone who can push may write. fast-xml-parser does no
 * I/O of its own, so nothing in a report can make it fetch a URL or open a file: a `SYSTEM` (external) entity
 * is an error, not a read. Entities a report's DOCTYPE declares are expanded once, never inside each other (a
 * value holding `&` is dropped), so the "billion laughs" has nothing to multiply; their number, their size and what they
 * add in all are capped below, and nesting is capped at the library's 100 levels. Tag names such as
 * `__proto__` are renamed by the library before they become keys.
 */

const parser = new XMLParser/* default */.A({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    // Namespaced reports (TRX declares a default namespace) are read by local names.
    removeNSPrefix: true,
    // Test names such as `1e3` or `0x10` stay text.
    parseTagValue: false,
    parseAttributeValue: false,
    // `&#10;` and `&#xD;` are common in messages (Surefire, TRX); numeric references need this switch.
    htmlEntities: true,
    processEntities: {
        enabled: true,
        maxEntityCount: 50,
        maxEntitySize: 1_000,
        // Counts only what entities add: `&lt;` and the like shrink the text, so a report may hold any number.
        maxExpandedLength: 100_000,
    },
});
/** The document, or an error saying where it is not well-formed. */
function parseXml(text) {
    if (text.trim() === '')
        throw new Error('the file is empty');
    const check = fxp/* XMLValidator */.iI.validate(text);
    if (check !== true)
        throw new Error(problem(check.err));
    return parser.parse(text);
}
/** The validator's finding as a reader can act on it: a cut-off file lists the elements left open. */
function problem({ msg, line }) {
    const open = /^Invalid '\[(.*)\]' found\.$/s.exec(msg);
    if (open) {
        const names = [...open[1].matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`);
        return `it ends before closing ${names.join(', ')}`;
    }
    return `line ${line}: ${msg.replace(/\.$/, '')}`;
}
/** The value as a list: the parser gives one child as itself and several as an array. */
function children(value) {
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return list.map((item) => (typeof item === 'object' && !Array.isArray(item) ? item : { '#text': item }));
}
function attribute(node, name) {
    const value = node?.[`@${name}`];
    return typeof value === 'string' ? value : '';
}
/** An element's text, CDATA included; empty for an element without any. */
function textOf(value) {
    if (typeof value === 'string')
        return value;
    if (Array.isArray(value))
        return value.map(textOf).join('\n');
    return value === undefined ? '' : textOf(value['#text']);
}

;// CONCATENATED MODULE: ./src/reports/junit.ts
/**
 * JUnit XML as the common producers write it: `<testsuites>` or a lone `<testsuite>` at the root, suites nested
 * in suites (PHPUnit), and per test case `<failure>`, `<error>` and `<skipped>` with the message in an attribute
 * or only in the text (jest-junit, PHPUnit, Karma). The counts the suites declare are not trusted: the test
 * cases are counted.
 */


const JUNIT_ROOTS = ['testsuites', 'testsuite'];
function junitCases(root) {
    const cases = [];
    collect(root, '', cases);
    return cases;
}
function collect(node, suite, into) {
    for (const testcase of children(node.testcase))
        into.push(testCase(testcase, suite));
    for (const child of children(node.testsuite))
        collect(child, attribute(child, 'name'), into);
    for (const child of children(node.testsuites))
        collect(child, suite, into);
}
/** Failed when it has a failure or an error (pytest can give both), else skipped when skipped, else passed. */
function testCase(node, suite) {
    const name = attribute(node, 'name');
    const className = attribute(node, 'classname') || attribute(node, 'class');
    // jest-junit repeats the name as the class name: the suite then says more.
    const group = className && className !== name ? className : suite;
    const problem = [...children(node.failure), ...children(node.error)][0];
    const time = seconds(attribute(node, 'time'));
    const base = { key: JSON.stringify([suite, className, name]), ...(time !== undefined && { seconds: time }) };
    if (problem) {
        const text = failureText(attribute(problem, 'message'), attribute(problem, 'type'), textOf(problem));
        return { ...base, outcome: 'failed', failure: { ...named(group, name), ...text } };
    }
    return { ...base, outcome: node.skipped === undefined ? 'passed' : 'skipped' };
}

;// CONCATENATED MODULE: ./src/reports/trx.ts
/**
 * Visual Studio's TRX (`dotnet test --logger trx`): one `Results/UnitTestResult` per test with an `outcome`, its
 * class in `TestDefinitions/UnitTest/TestMethod`, and a failure's text in `Output/ErrorInfo`.
 */


const TRX_ROOT = 'TestRun';
/**
 * vstest's TestOutcome values. Ones that say nothing about the code under test (not run, inconclusive, pending)
 * count as skipped; so does a value this list does not know, which can be called neither passed nor failed.
 */
const OUTCOMES = {
    Passed: 'passed',
    PassedButRunAborted: 'passed',
    Completed: 'passed',
    Warning: 'passed',
    Failed: 'failed',
    Error: 'failed',
    Timeout: 'failed',
    Aborted: 'failed',
    Disconnected: 'failed',
};
function trxCases(root) {
    const classes = new Map();
    for (const test of children(child(root, 'TestDefinitions').UnitTest)) {
        classes.set(attribute(test, 'id'), attribute(child(test, 'TestMethod'), 'className'));
    }
    return children(child(root, 'Results').UnitTestResult).map((result) => trx_testCase(result, classes));
}
function trx_testCase(result, classes) {
    const name = attribute(result, 'testName');
    const className = classes.get(attribute(result, 'testId')) ?? '';
    const outcome = OUTCOMES[attribute(result, 'outcome')] ?? 'skipped';
    const time = timespan(attribute(result, 'duration'));
    const base = { key: JSON.stringify([className, name]), outcome, ...(time !== undefined && { seconds: time }) };
    if (outcome !== 'failed')
        return base;
    const error = child(child(result, 'Output'), 'ErrorInfo');
    const text = failureText(textOf(error.Message), '', textOf(error.StackTrace));
    return { ...base, failure: { ...named(className, name), ...text } };
}
/** .NET's TimeSpan as TRX writes it: `00:00:01.2345678`, with `d.` in front past a day. */
function timespan(value) {
    const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value.trim());
    if (!match)
        return undefined;
    const [, days = '0', hours, minutes, rest] = match;
    return seconds(String(((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(rest)));
}
function child(node, name) {
    return children(node[name])[0] ?? {};
}

;// CONCATENATED MODULE: ./src/reports/results.ts
/**
 * The `test-results` input: the report files its patterns match, read and counted. The tests may not have run
 * (a build that failed first), so a pattern that matches nothing and a report that cannot be read are warnings,
 * not a failed step; the other reports still count. A match that leads out of the workspace is refused like an
 * attachment would be: the step fails, naming the input.
 */









const INPUT = 'test-results';
/** Far above any real report (4 000 tests of jest-junit are about 1 MB); the whole file is held to parse it. */
const MAX_REPORT_BYTES = 50 * 1024 * 1024;
/** A report that is there but says nothing countable: its one-line reason. */
class Unreadable extends Error {
}
async function readTestResults(patterns, workspace, expand = expandWithGlob) {
    const reading = { warnings: [], notes: [] };
    if (patterns.length === 0)
        return reading;
    const paths = await matches(patterns, workspace, expand, reading);
    // Every match is checked before any is read, so a refused one leaves nothing half-read behind.
    const roots = readableRoots(workspace);
    const files = paths.flatMap((path) => confined(path, roots, workspace, reading));
    const reports = [];
    for (const { path, real } of files) {
        try {
            reports.push(casesOf(await readReport(real)));
        }
        catch (error) {
            reading.warnings.push(`Input '${INPUT}': ${(0,failure/* shown */.SP)(display(path, workspace))} ${reason(error)}; its tests are not counted.`);
        }
    }
    if (reports.length > 0)
        reading.results = tally(reports);
    return reading;
}
async function matches(patterns, workspace, expand, reading) {
    const paths = [];
    for (const line of patterns) {
        const optional = line.startsWith(OPTIONAL);
        const pattern = optional ? line.slice(OPTIONAL.length).trim() : line;
        const matched = await expand((0,external_node_path_.isAbsolute)(pattern) ? pattern : (0,external_node_path_.join)(workspace, pattern));
        if (matched.length === 0) {
            const said = `Input '${INPUT}': the pattern ${(0,failure/* shown */.SP)(pattern)} matches no file in ${workspace}`;
            if (optional)
                reading.notes.push(`${said}.`);
            else
                reading.warnings.push(`${said}; no test results from it (did the tests run?).`);
        }
        for (const path of matched)
            if (!paths.includes(path))
                paths.push(path);
    }
    return paths;
}
function confined(path, roots, workspace, reading) {
    try {
        return [{ path, real: realPathWithin(INPUT, path, roots) }];
    }
    catch (error) {
        if (error instanceof failure/* ActionFailure */.dR)
            throw error;
        reading.warnings.push(`Input '${INPUT}': ${(0,failure/* shown */.SP)(display(path, workspace))} ${reason(error)}; its tests are not counted.`);
        return [];
    }
}
async function readReport(path) {
    const { size } = await (0,promises_.stat)(path);
    if (size > MAX_REPORT_BYTES) {
        throw new Unreadable(`is ${(size / 1024 / 1024).toFixed(0)} MB, over the ${MAX_REPORT_BYTES / 1024 / 1024} MB a report may have`);
    }
    // vstest writes TRX with a byte order mark.
    return (await (0,promises_.readFile)(path, 'utf8')).replace(/^\uFEFF/, '');
}
function casesOf(text) {
    let document;
    try {
        document = parseXml(text);
    }
    catch (error) {
        throw new Unreadable(`is not well-formed XML (${error instanceof Error ? error.message : String(error)})`);
    }
    const root = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('#'));
    const node = (name) => document[name] && typeof document[name] === 'object' ? document[name] : {};
    if (root !== undefined && JUNIT_ROOTS.includes(root))
        return junitCases(node(root));
    if (root === TRX_ROOT)
        return trxCases(node(root));
    throw new Unreadable(`is neither a JUnit XML nor a TRX report (its root element is ${root === undefined ? 'missing' : `<${root}>`})`);
}
function reason(error) {
    if (error instanceof Unreadable)
        return error.message;
    const code = error.code;
    return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}
function display(path, workspace) {
    const inside = (0,external_node_path_.relative)(workspace, path);
    return inside && !inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside) ? inside : path;
}
/**
 * Sums the reports. In one report a test case listed again (pytest-rerunfailures, gotestsum --rerun-fails, a
 * retried suite) is a rerun: it counts once, with the result of its last run, as the build itself does. The
 * same test in two reports (matrix legs, shards) ran twice, and counts twice.
 */
function tally(reports) {
    const results = { reports: reports.length, passed: 0, failed: 0, skipped: 0, failures: [] };
    let duration;
    for (const cases of reports) {
        const last = new Map();
        for (const testCase of cases)
            last.set(testCase.key, testCase);
        for (const testCase of last.values()) {
            results[testCase.outcome]++;
            if (testCase.failure && results.failures.length < MAX_FAILED_TESTS)
                results.failures.push(testCase.failure);
            if (testCase.seconds !== undefined)
                duration = (duration ?? 0) + testCase.seconds;
        }
    }
    return duration === undefined ? results : { ...results, durationSeconds: duration };
}

;// CONCATENATED MODULE: ./src/mail.ts
/**
 * The notification as plain data: what notification/ produces and graph/ sends. It knows nothing of GitHub or
 * HTTP, so either side can change without the other noticing.
 */
function recipientCount(mail) {
    return mail.to.length + mail.cc.length + mail.bcc.length;
}

;// CONCATENATED MODULE: ./src/notification/headers.ts
/** Longest value sent: the whole header line stays far below RFC 5322's 998 characters, whatever the ref is called. */
const MAX_HEADER_VALUE = 200;
/**
 * The headers Outlook rules and Exchange mail-flow rules sort notifications by. Graph takes at most five custom
 * headers on a message, each named `x-…`: these are the five, in the order a rule is most likely to test them.
 */
function notificationHeaders(ctx, status) {
    const headers = [
        ['X-GitHub-Result', status],
        ['X-GitHub-Repository', ctx.repository],
        ['X-GitHub-Workflow', ctx.workflow],
        ['X-GitHub-Ref', ctx.refName],
        ['X-GitHub-Run-Id', ctx.runId],
    ];
    return headers.flatMap(([name, value]) => {
        const safe = headerValue(value ?? '');
        return safe === '' ? [] : [{ name, value: safe }];
    });
}
/**
 * One line of printable ASCII, at most MAX_HEADER_VALUE characters. Branch and workflow names are chosen by
 * whoever pushes, so a newline must not start a header of its own (`main\r\nBcc: …`), and non-ASCII must survive.
 * Every byte outside printable ASCII, and `%` itself, is percent-encoded (UTF-8, as in a URL): an ASCII name —
 * nearly all of them — reads as it is, the encoding can be undone, and a rule's pattern sees the same text on
 * every server. RFC 2047 encoded-words were the other choice: whether Exchange's rules match the decoded or the
 * raw text is documented nowhere, and a rule written for one would silently miss the other.
 */
function headerValue(raw) {
    let value = '';
    for (const char of raw.trim()) {
        const piece = SAFE.test(char) ? char : percentEncoded(char);
        // Whole characters only: half of a UTF-8 sequence would decode to nothing sensible.
        if (value.length + piece.length > MAX_HEADER_VALUE)
            break;
        value += piece;
    }
    return value;
}
const SAFE = /^[\x20-\x24\x26-\x7e]$/;
function percentEncoded(char) {
    return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

;// CONCATENATED MODULE: ./src/notification/palette.ts
/** The mail's fonts and colours, shared by the default layout and converted markdown so both look alike. */
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, Consolas, 'Liberation Mono', Menlo, monospace";
const INK = '#1f2328';
const MUTED = '#656d76';
/** The page behind the card, and shaded blocks (code) inside it. */
const SHADE = '#f6f8fa';
const BORDER = '#d0d7de';
const RULE = '#eaeef2';
const LINK = '#0969da';
const FAILED_BOX = '#fff5f5';
/** What failed, and the edge of its box. */
const FAILED_TEXT = '#cf222e';

;// CONCATENATED MODULE: ./src/notification/status.ts
const STATUS_LOOKS = {
    success: { word: 'SUCCESS', mark: '✅', symbol: '✓', banner: '#1a7f37', text: '#ffffff' },
    failure: { word: 'FAILURE', mark: '❌', symbol: '✗', banner: '#cf222e', text: '#ffffff' },
    cancelled: { word: 'CANCELLED', mark: '🚫', symbol: '⊘', banner: '#59636e', text: '#ffffff' },
    skipped: { word: 'SKIPPED', mark: '⏭️', symbol: '↷', banner: '#4c6a85', text: '#ffffff' },
};
/** The words a transition puts in place of the status word, and the one status each goes with. */
const TRANSITION_WORDS = {
    fixed: { status: 'success', word: 'FIXED' },
    broken: { status: 'failure', word: 'BROKEN' },
    'still-failing': { status: 'failure', word: 'STILL FAILING' },
};
/**
 * The mark and word that open the subject and the banner: `❌ BROKEN` says more than `❌ FAILURE` when the
 * previous run passed. A transition that contradicts the status is ignored; the status is what happened.
 */
function headline(status, transition) {
    const look = STATUS_LOOKS[status];
    const change = transition && TRANSITION_WORDS[transition];
    return { mark: look.mark, word: change && change.status === status ? change.word : look.word };
}

;// CONCATENATED MODULE: ./src/notification/subject.ts


/** Long enough for any default subject; longer ones get cut by mail clients anyway, mid-word and without a mark. */
const MAX_SUBJECT = 255;
/**
 * `✅ SUCCESS · owner/repo · CI #42 · main`, or `✅ FIXED`, `❌ BROKEN`, `❌ STILL FAILING` when the run's
 * transition is known. A pull request is named `PR #12` instead of its head branch: the number is what reviewers
 * search their mail for, and it keeps author-chosen branch names short of the subject. Parts the run does not
 * have are left out.
 */
function defaultSubject(ctx, status) {
    const { mark, word } = headline(status, ctx.transition);
    const where = ctx.pullRequest ? `PR #${ctx.pullRequest.number}` : ctx.refName;
    return [`${mark} ${word}`, ctx.repository, runTitle(ctx), where].filter(Boolean).join(' · ');
}
/**
 * Every subject, default or user-given, goes through here: a header cannot carry line breaks, and control or
 * bidirectional characters in a branch name must not rearrange what the reader sees.
 */
function cleanSubject(subject) {
    return excerpt(subject, MAX_SUBJECT);
}
/** One line, at most `max` characters (code points, so no emoji is split), an ellipsis marking the cut. */
function excerpt(value, max) {
    const chars = Array.from(singleLine(value));
    return chars.length > max
        ? `${chars
            .slice(0, max - 1)
            .join('')
            .trimEnd()}…`
        : chars.join('');
}
/** Line breaks, tabs, control and bidi-override characters collapsed to single spaces, ends trimmed. */
function singleLine(value) {
    return value.replace(/[\s\p{Cc}\u202a-\u202e\u2066-\u2069]+/gu, ' ').trim();
}

;// CONCATENATED MODULE: ./src/notification/jobs.ts



/** Failed jobs whose steps and annotations are spelled out; more would bury the first failure. */
const MAX_FAILED_JOBS = 5;
const jobs_MAX_ANNOTATIONS = 3;
const MAX_WARNINGS = 2;
const MAX_NAME = 200;
const MAX_MESSAGE = 300;
const CONCLUSION_LOOKS = {
    success: { mark: '✅', word: 'Passed', failed: false, colour: '#1a7f37' },
    failure: { mark: '❌', word: 'Failed', failed: true, colour: FAILED_TEXT },
    timed_out: { mark: '⌛', word: 'Timed out', failed: true, colour: FAILED_TEXT },
    cancelled: { mark: '🚫', word: 'Cancelled', failed: false, colour: '#59636e' },
    skipped: { mark: '⏭️', word: 'Skipped', failed: false, colour: '#656d76' },
    neutral: { mark: '⚪', word: 'Neutral', failed: false, colour: '#656d76' },
    action_required: { mark: '⚠️', word: 'Action required', failed: false, colour: '#9a6700' },
    in_progress: { mark: '⏳', word: 'Running', failed: false, colour: '#9a6700' },
    queued: { mark: '⏳', word: 'Queued', failed: false, colour: '#9a6700' },
};
function jobList(details) {
    const shown = details.jobs.slice(0, MAX_JOBS);
    const longest = Math.max(0, ...shown.map((job) => (job.current ? 0 : (job.durationSeconds ?? 0))));
    const failed = details.jobs.filter(isFailed);
    return {
        jobs: shown.map((job) => jobRow(job, longest)),
        more: Math.max(0, details.moreJobs) + details.jobs.length - shown.length,
        failed: failed.slice(0, MAX_FAILED_JOBS).map(failedJob),
        moreFailed: Math.max(0, failed.length - MAX_FAILED_JOBS),
    };
}
function isFailed(job) {
    return isFailedConclusion(job.conclusion);
}
function jobRow(job, longest) {
    const row = {
        name: excerpt(job.name, MAX_NAME),
        url: job.url,
        look: CONCLUSION_LOOKS[job.conclusion] ?? CONCLUSION_LOOKS.neutral,
    };
    // Says why one job is still running in a mail about a finished run.
    if (job.current)
        return { ...row, duration: 'sending this mail' };
    const seconds = job.durationSeconds;
    if (seconds === undefined || !(seconds >= 0))
        return { ...row, duration: '' };
    const percent = longest > 0 ? Math.max(1, Math.round((seconds / longest) * 100)) : undefined;
    return { ...row, duration: formatDuration(seconds), ...(percent !== undefined && { barPercent: percent }) };
}
function failedJob(job) {
    const steps = job.failedSteps.map((step) => excerpt(step, MAX_NAME));
    const said = new Set([job.name, ...job.failedSteps].map(key));
    const shown = unique(job.annotations.filter((info) => !(steps.length > 0 && isExitCode(info))).map((info) => annotation(info, said)));
    return {
        name: excerpt(job.name, MAX_NAME),
        url: job.url,
        look: CONCLUSION_LOOKS[job.conclusion] ?? CONCLUSION_LOOKS.failure,
        steps,
        annotations: shown.filter((a) => a.level === 'failure').slice(0, jobs_MAX_ANNOTATIONS),
        warnings: shown.filter((a) => a.level !== 'failure').slice(0, MAX_WARNINGS),
        ...(job.log && job.log.lines.length > 0 && { log: job.log }),
    };
}
/** Said once wherever a mail shows log lines: GitHub masks the secrets it knows of, and nothing else. */
const LOGS_NOTE = 'Log excerpts are copied from the run as they are and may contain sensitive data.';
/** `Log · Run npm test · last 30 lines` */
function logCaption(log) {
    const count = `last ${log.lines.length} line${log.lines.length === 1 ? '' : 's'}`;
    return ['Log', excerpt(log.source, MAX_NAME), count].filter(Boolean).join(' · ');
}
/** Every excerpt a mail shows, the failed jobs' and the log file's, for the `log_excerpt` placeholder. */
function logExcerpts(ctx) {
    const jobs = ctx.details ? jobList(ctx.details).failed.flatMap((job) => (job.log ? [job.log] : [])) : [];
    return ctx.logFile && ctx.logFile.lines.length > 0 ? [...jobs, ctx.logFile] : jobs;
}
/**
 * GitHub's own line for a step that exited non-zero. It only says the step failed, which the step line already
 * does; it is kept when the step is not known, as then it is all there is.
 */
function isExitCode(info) {
    return info.level === 'failure' && /^Process completed with exit code \d+\.?$/.test(info.message.trim());
}
/**
 * A title that repeats the job's or a failed step's name (`::error title=Run tests::…`) says nothing the box does
 * not, so it is dropped; so is `.github`, the path GitHub gives the annotations it writes itself, which is no file
 * a reader could open.
 */
function annotation(info, said) {
    const path = info.path && info.path !== '.github' ? excerpt(info.path, MAX_NAME) : '';
    const where = path && info.line ? `${path}:${info.line}` : path;
    const title = info.title && !said.has(key(info.title)) && key(info.title) !== key(info.message) ? info.title : '';
    return {
        level: info.level,
        where,
        title: excerpt(title, MAX_NAME),
        message: excerpt(info.message, MAX_MESSAGE),
    };
}
function key(text) {
    return singleLine(text).toLowerCase();
}
/** A matrix or a retrying step can report the same line more than once. */
function unique(annotations) {
    const seen = new Set();
    return annotations.filter((a) => {
        const id = JSON.stringify([a.level, a.where, a.title, a.message]);
        if (seen.has(id))
            return false;
        seen.add(id);
        return true;
    });
}
/** `Warnings`, `Notices` or `Warnings and notices`, and whether each item must name its level itself. */
function warningsHeading(warnings) {
    const levels = new Set(warnings.map((a) => a.level));
    if (levels.size > 1)
        return { heading: 'Warnings and notices', levelEach: true };
    return { heading: levels.has('notice') ? 'Notices' : 'Warnings', levelEach: false };
}
/** `45s`, `1m 35s`, `2h 5m`: seconds only while they still matter. */
function formatDuration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60)
        return `${s}s`;
    if (s < 3600)
        return `${Math.floor(s / 60)}m ${s % 60}s`;
    return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
/** `and 12 more jobs`, or nothing. */
function moreNote(count, what) {
    return count > 0 ? `and ${count} more ${what}${count === 1 ? '' : 's'}` : '';
}

;// CONCATENATED MODULE: ./src/notification/changes.ts


const CHANGES_HEADING = 'Changes since the last successful run';
/** The most commits a mail lists; the rest are counted. */
const MAX_CHANGES = 20;
const MAX_TITLE = 200;
function changeList(changes) {
    if (changes.kind === 'none')
        return { lead: [{ text: noRun(changes) }], rows: [], more: '' };
    const run = { text: `#${changes.run.number}`, url: changes.run.url };
    const rows = changes.commits.slice(0, MAX_CHANGES).map((commit) => ({
        shortSha: commit.shortSha,
        url: commit.url,
        title: excerpt(commit.title, MAX_TITLE),
        author: commit.login ? `${commit.author} (@${commit.login})` : commit.author,
    }));
    return { lead: lead(changes, run), rows, more: moreNote(changes.total - rows.length, 'commit') };
}
/** A success older than the runs read is too long ago for its changes to say who broke the build. */
function noRun({ runsRead, older, branch }) {
    return older
        ? `No successful run among the last ${runsRead} completed runs on ${branch}: too long ago to list the changes.`
        : `No earlier successful run on ${branch}: nothing to compare with.`;
}
function lead(changes, run) {
    const commits = `${changes.total} commit${changes.total === 1 ? '' : 's'}`;
    if (changes.status === 'identical') {
        return [{ text: 'No change: this run tested the same commit as run ' }, run, { text: ' did.' }];
    }
    if (changes.status === 'behind') {
        const behind = `${changes.behind} commit${changes.behind === 1 ? '' : 's'}`;
        return [{ text: `No new commit: this run's commit is ${behind} behind that of run ` }, run, { text: '.' }];
    }
    if (changes.status === 'diverged') {
        return [
            { text: `${commits} since the history was rewritten after run ` },
            run,
            { text: ' (counted from the commit both histories share):' },
        ];
    }
    return [{ text: `${commits} since run ` }, run, { text: ':' }];
}

;// CONCATENATED MODULE: ./src/notification/facts.ts


/** Commit and PR titles are cut here: the rest is one click away, and a page-long title would bury the report. */
const facts_MAX_TITLE = 200;
/** The facts the run has, in reading order; a fact the run lacks is left out rather than shown empty. */
function runFacts(ctx) {
    const facts = [
        ['Repository', ctx.repository ? [{ text: ctx.repository, url: ctx.repositoryUrl }] : undefined],
        ['Workflow', ctx.workflow ? [{ text: ctx.workflow }] : undefined],
        ['Run', run(ctx)],
        [
            'Duration',
            ctx.details?.durationSeconds !== undefined ? [{ text: formatDuration(ctx.details.durationSeconds) }] : undefined,
        ],
        ['Event', ctx.eventName ? [{ text: ctx.eventName }] : undefined],
        ref(ctx),
        [
            'Commit',
            ctx.commit && [{ text: ctx.commit.shortSha, url: ctx.commit.url, code: true }, ...plain(title(ctx.commit.title))],
        ],
        ['Compare', compare(ctx.compareUrl)],
        [
            'Pull request',
            ctx.pullRequest && [
                { text: `#${ctx.pullRequest.number} ${title(ctx.pullRequest.title)}`.trim(), url: ctx.pullRequest.url },
            ],
        ],
        ['Release', ctx.release && release(ctx.release)],
        [
            'Actor',
            ctx.actor
                ? [{ text: ctx.actor }, ...plain(ctx.triggeringActor && `(triggered by ${ctx.triggeringActor})`)]
                : undefined,
        ],
    ];
    return facts.flatMap(([label, value]) => (value ? [{ label, value }] : []));
}
function run(ctx) {
    if (ctx.runNumber < 1)
        return undefined;
    return [
        { text: `#${ctx.runNumber}`, url: ctx.runUrl },
        ...plain(ctx.runAttempt > 1 && `(attempt ${ctx.runAttempt})`),
    ];
}
function ref(ctx) {
    const pr = ctx.pullRequest;
    if (pr?.headRef && pr.baseRef) {
        return ['Branch', [{ text: pr.headRef, code: true }, { text: '→' }, { text: pr.baseRef, code: true }]];
    }
    return [ctx.refType === 'tag' ? 'Tag' : 'Branch', ctx.refName ? [{ text: ctx.refName, code: true }] : undefined];
}
/** The link text is the range itself (`a10867b14bb7...6113728f27ae`), which says what the link will show. */
function compare(url) {
    const range = url?.split('/compare/')[1];
    return url && range ? [{ text: range, url, code: true }] : undefined;
}
function title(text) {
    return text && excerpt(text, facts_MAX_TITLE);
}
function release(info) {
    return [{ text: info.name, url: info.url }, ...plain(info.name !== info.tag && `(${info.tag})`)];
}
function plain(text) {
    return text ? [{ text }] : [];
}

;// CONCATENATED MODULE: ./src/notification/tests.ts


/** Enough of a failure to recognise it (a name, the assertion, where it was) while 20 still fit on a screen or two. */
const tests_MAX_NAME = 200;
const tests_MAX_MESSAGE = 300;
const tests_MAX_DETAIL_LINES = 5;
const MAX_DETAIL = 160;
function testSummary(results) {
    const { passed, failed, skipped, durationSeconds, failures } = results;
    return {
        total: passed + failed + skipped,
        passed,
        failed,
        skipped,
        duration: durationSeconds === undefined ? '' : testDuration(durationSeconds),
        failures: failures.map(shownFailure),
        more: moreNote(failed - failures.length, 'failed test'),
    };
}
/** `2 failed, 12 passed, 1 skipped`: the counts in words, failures first, as a test runner ends its output. */
function testCounts(summary) {
    return `${summary.failed} failed, ${summary.passed} passed, ${summary.skipped} skipped`;
}
/** `2 failed, 12 passed, 1 skipped (15 tests, 3.42s)`. */
function testTotals(summary) {
    const tests = `${summary.total} test${summary.total === 1 ? '' : 's'}`;
    return `${testCounts(summary)} (${[tests, summary.duration].filter(Boolean).join(', ')})`;
}
function shownFailure(failure) {
    const name = failure.name || '(unnamed test)';
    return {
        title: excerpt(failure.suite ? `${failure.suite} › ${name}` : name, tests_MAX_NAME),
        message: excerpt(failure.message, tests_MAX_MESSAGE),
        details: failure.details
            .split('\n')
            .slice(0, tests_MAX_DETAIL_LINES)
            .map((line) => excerpt(line, MAX_DETAIL))
            .filter(Boolean),
    };
}
/** Tests are quick: hundredths matter under ten seconds, which the jobs' durations round away. */
function testDuration(seconds) {
    if (seconds >= 60)
        return formatDuration(seconds);
    return `${seconds.toFixed(seconds < 10 ? 2 : 1)}s`;
}

;// CONCATENATED MODULE: ./src/notification/html.ts








/** Long unbroken values (a compare range, a branch name) wrap rather than push a phone's screen sideways. */
const WRAP = 'word-break:break-word;overflow-wrap:anywhere;';
/** More than any inbox shows beside the subject. */
const MAX_PREHEADER = 200;
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** The one escape for everything interpolated into the mail, text and attribute values alike. */
function escapeHtml(value) {
    return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
/**
 * The default mail body. Built for Outlook desktop, which renders with Word: tables for layout, every style
 * inline, bgcolor next to background-color, and a fixed-width wrapper only Outlook sees because it ignores
 * max-width.
 */
function renderHtml(ctx, status) {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(cleanSubject(defaultSubject(ctx, status)))}</title>
</head>
<body style="margin:0;padding:0;background-color:${SHADE};">
${hiddenPreheader(preheader(ctx, status))}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${SHADE}" style="background-color:${SHADE};">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
${reportHtml(ctx, status)}
${footer(ctx)}
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}
/**
 * The report card alone (banner, facts, jobs, failures, button), without the page around it: the default body's
 * content, and what a template's `default_body` inserts.
 */
function reportHtml(ctx, status) {
    const look = STATUS_LOOKS[status];
    const sections = [
        banner(ctx, status, look),
        `<tr><td style="padding:20px 24px 8px 24px;">\n${details(ctx)}\n</td></tr>`,
        ctx.details &&
            `<tr><td style="padding:16px 24px 0 24px;">\n${heading('Jobs')}\n${jobsHtml(ctx.details)}\n</td></tr>`,
        ctx.details && failures(ctx.details),
        ctx.logFile &&
            ctx.logFile.lines.length > 0 &&
            `<tr><td style="padding:16px 24px 0 24px;">\n${logHtml(ctx.logFile)}\n</td></tr>`,
        logExcerpts(ctx).length > 0 && `<tr><td style="padding:8px 24px 0 24px;">\n${logsNote()}\n</td></tr>`,
        ctx.tests && `<tr><td style="padding:16px 24px 0 24px;">\n${heading('Tests')}\n${testsHtml(ctx.tests)}\n</td></tr>`,
        ctx.changes &&
            `<tr><td style="padding:16px 24px 0 24px;">\n${heading(CHANGES_HEADING)}\n${changesHtml(ctx.changes)}\n</td></tr>`,
        `<tr><td style="padding:20px 24px 24px 24px;">\n${html_button(ctx.runUrl, look)}\n</td></tr>`,
    ];
    return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="max-width:600px;background-color:#ffffff;border:1px solid ${BORDER};">
${sections.filter(Boolean).join('\n')}
</table>`;
}
/**
 * The line inbox lists show under the subject: `Failure in test (ubuntu-latest): Run tests · owner/repo CI #42`.
 * It names the first failed job and step when the run's details are known, which the subject has no room for.
 */
function preheader(ctx, status) {
    const word = headline(status, ctx.transition).word;
    const sentence = word.charAt(0) + word.slice(1).toLowerCase();
    const failed = ctx.details?.jobs.find(isFailed);
    const step = failed?.failedSteps[0];
    const lead = failed ? `${sentence} in ${failed.name}${step ? `: ${step}` : ''}` : sentence;
    const about = [ctx.repository, runTitle(ctx)].filter(Boolean).join(' ');
    const topic = ctx.pullRequest ? `#${ctx.pullRequest.number} ${ctx.pullRequest.title}` : ctx.commit?.title;
    return excerpt([lead, about, topic].filter(Boolean).join(' · '), MAX_PREHEADER);
}
/**
 * Hidden in every client (mso-hide for Outlook, the rest for web and mobile); the trailing joiners keep inbox
 * previews from running on into the banner text after it.
 */
function hiddenPreheader(text) {
    const style = `display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:${SHADE};`;
    return `<div style="${style}">${escapeHtml(text)}${'&#8204;&nbsp;'.repeat(40)}</div>`;
}
function banner(ctx, status, look) {
    const { word } = headline(status, ctx.transition);
    const about = [ctx.repository, runTitle(ctx)].filter(Boolean).join(' · ');
    return `<tr><td bgcolor="${look.banner}" style="background-color:${look.banner};color:${look.text};padding:20px 24px;font-family:${FONT};">
<p style="margin:0;font-size:22px;line-height:28px;font-weight:bold;color:${look.text};">${look.symbol} ${word}</p>
<p style="margin:4px 0 0 0;font-size:15px;line-height:22px;${WRAP}color:${look.text};">${escapeHtml(about)}</p>
</td></tr>`;
}
function details(ctx) {
    const rows = runFacts(ctx)
        .map((fact) => row(fact.label, fact.value.map(segment).join(' ')))
        .join('\n');
    return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${rows}\n</table>`;
}
function segment({ text, url, code }) {
    const font = code ? `font-family:${MONO};font-size:13px;` : '';
    if (url)
        return html_link(url, text, font);
    return font ? `<span style="${font}">${escapeHtml(text)}</span>` : escapeHtml(text);
}
/** Only http(s) gets a link: the URLs are built from GITHUB_SERVER_URL, which a mail must not trust blindly. */
function html_link(url, text, style = '') {
    if (!isWebUrl(url))
        return escapeHtml(text);
    return `<a href="${escapeHtml(url)}" style="${style}color:${LINK};text-decoration:underline;">${escapeHtml(text)}</a>`;
}
/** The label column is as narrow as `Pull request` allows, leaving a phone's width to the value. */
function row(label, html) {
    const cell = `padding:6px 0;border-bottom:1px solid ${RULE};font-family:${FONT};font-size:14px;line-height:20px;vertical-align:top;`;
    return `<tr><td width="104" style="${cell}width:104px;padding-right:8px;color:${MUTED};">${escapeHtml(label)}</td><td style="${cell}${WRAP}color:${INK};">${html}</td></tr>`;
}
function isWebUrl(url) {
    return URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol);
}
function heading(text) {
    return `<p style="margin:0 0 6px 0;font-family:${FONT};font-size:12px;line-height:16px;font-weight:bold;letter-spacing:0.5px;color:${MUTED};">${escapeHtml(text.toUpperCase())}</p>`;
}
/**
 * One row per job: the linked name, the result in words and the duration on its right, and under them a bar as
 * long as the job took next to the longest one. The bar spans the row, so the name keeps the width of a phone
 * without media queries (which not every client honours). The bar is two table cells with percentage widths,
 * which every client including Outlook draws; the result is said in words, never by its colour alone.
 */
function jobsHtml(details) {
    const list = jobList(details);
    const rows = list.jobs.map(html_jobRow);
    const more = moreNote(list.more, 'job');
    if (more)
        rows.push(`<tr><td style="${jobCell}color:${MUTED};">${more}</td></tr>`);
    return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${rows.join('\n')}\n</table>`;
}
const jobCell = `padding:6px 0;border-bottom:1px solid ${RULE};font-family:${FONT};font-size:14px;line-height:20px;`;
const jobText = `font-family:${FONT};font-size:14px;line-height:20px;vertical-align:top;`;
function html_jobRow(job) {
    const duration = job.duration ? `<span style="color:${MUTED};"> · ${escapeHtml(job.duration)}</span>` : '';
    const barRow = job.barPercent
        ? `<tr><td colspan="2" style="padding:4px 0 2px 0;">${bar(job.barPercent, job.look.colour)}</td></tr>`
        : '';
    return [
        `<tr><td style="${jobCell}">`,
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>`,
        `<td style="${jobText}${WRAP}color:${INK};">${html_link(job.url, job.name)}</td>`,
        `<td align="right" style="${jobText}padding-left:12px;white-space:nowrap;">${result(job.look)}${duration}</td>`,
        `</tr>${barRow}</table></td></tr>`,
    ].join('');
}
/** The result in its colour, bold when it failed so it stands out in the list without the colour too. */
function result(look) {
    const weight = look.failed ? 'font-weight:bold;' : '';
    return `<span style="${weight}color:${look.colour};">${escapeHtml(look.word)}</span>`;
}
function bar(percent, colour) {
    const cell = (width, fill) => `<td width="${width}%" height="8" bgcolor="${fill}" style="width:${width}%;height:8px;background-color:${fill};font-size:1px;line-height:8px;">&nbsp;</td>`;
    const rest = 100 - percent;
    return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${cell(percent, colour)}${rest > 0 ? cell(rest, RULE) : ''}</tr></table>`;
}
/** A box per failed job: the steps that failed and the first annotations, so the cause is in the mail. */
function failures(details) {
    const list = jobList(details);
    if (list.failed.length === 0)
        return undefined;
    const boxes = list.failed.map(failedBox);
    const more = moreNote(list.moreFailed, 'failed job');
    if (more)
        boxes.push(`<p style="margin:8px 0 0 0;font-family:${FONT};font-size:13px;color:${MUTED};">${more}</p>`);
    return `<tr><td style="padding:16px 24px 0 24px;">\n${heading('Failures')}\n${boxes.join('\n')}\n</td></tr>`;
}
/**
 * The failed job, the steps that failed and the annotations that say why, in ink; then, under a small heading
 * and in grey, the warnings and notices, which did not fail the job.
 */
function failedBox(job) {
    const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};${WRAP}`;
    const lines = [`<p style="margin:0;${text}font-weight:bold;">${html_link(job.url, job.name)} · ${result(job.look)}</p>`];
    for (const step of job.steps) {
        lines.push(`<p style="margin:4px 0 0 0;${text}">Failed step: <b>${escapeHtml(step)}</b></p>`);
    }
    for (const a of job.annotations) {
        lines.push(`<p style="margin:6px 0 0 0;${text}font-size:13px;"><span style="font-weight:bold;color:${FAILED_TEXT};">${escapeHtml(a.level)}</span>${annotationLabel(a)}<br>` +
            `<span style="color:${INK};">${escapeHtml(a.message)}</span></p>`);
    }
    lines.push(...warningLines(job.warnings));
    return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;"><tr>
<td bgcolor="${FAILED_BOX}" style="background-color:${FAILED_BOX};border-left:4px solid ${FAILED_TEXT};padding:10px 12px;">
${lines.join('\n')}
</td></tr></table>${job.log ? `\n${logHtml(job.log)}` : ''}`;
}
/**
 * A caption and the lines in a `<pre>`, every character escaped. Outlook honours a `<pre>`'s inline font; the
 * lines are already cut short, so the block stays readable where `pre-wrap` is ignored.
 */
function logHtml(log) {
    const pre = `margin:4px 0 8px 0;padding:8px 10px;background-color:${SHADE};border:1px solid ${BORDER};font-family:${MONO};font-size:12px;line-height:16px;color:${INK};white-space:pre-wrap;${WRAP}`;
    return `<p style="margin:0;font-family:${FONT};font-size:12px;line-height:16px;color:${MUTED};${WRAP}">${escapeHtml(logCaption(log))}</p>
<pre style="${pre}">${log.lines.map(escapeHtml).join('\n')}</pre>`;
}
function logsNote() {
    return `<p style="margin:0;font-family:${FONT};font-size:12px;line-height:16px;color:${MUTED};">${escapeHtml(LOGS_NOTE)}</p>`;
}
/** Every excerpt with its caption, and the note, for a template's `log_excerpt`; empty when there are none. */
function logsHtml(ctx) {
    const logs = logExcerpts(ctx);
    return logs.length > 0 ? [...logs.map(logHtml), logsNote()].join('\n') : '';
}
function annotationLabel(a, lead = '') {
    const where = a.where ? ` <span style="font-family:${MONO};font-size:12px;">${escapeHtml(a.where)}</span>` : '';
    const title = a.title ? ` <b>${escapeHtml(a.title)}</b>` : '';
    return `${lead}${where}${title}`;
}
function warningLines(warnings) {
    if (warnings.length === 0)
        return [];
    const { heading, levelEach } = warningsHeading(warnings);
    const quiet = `font-family:${FONT};font-size:13px;line-height:18px;color:${MUTED};${WRAP}`;
    return [
        `<p style="margin:12px 0 0 0;${quiet}font-weight:bold;">${heading}</p>`,
        ...warnings.map((a) => {
            const label = annotationLabel(a, levelEach ? escapeHtml(a.level) : '').trim();
            return `<p style="margin:2px 0 0 0;${quiet}">${label ? `${label}<br>` : ''}${escapeHtml(a.message)}</p>`;
        }),
    ];
}
const COUNT_COLOURS = { failed: FAILED_TEXT, passed: CONCLUSION_LOOKS.success.colour, skipped: MUTED };
/**
 * The totals on one line, each count in words (`2 failed`) with its colour as a second cue, then a box per
 * failing test: its name, the message, and the first lines of the details in monospace.
 */
function testsHtml(results) {
    const summary = testSummary(results);
    const count = (key) => {
        const weight = key === 'failed' && summary.failed > 0 ? 'font-weight:bold;' : '';
        return `<span style="${weight}color:${COUNT_COLOURS[key]};">${summary[key]} ${key}</span>`;
    };
    const about = [`${summary.total} test${summary.total === 1 ? '' : 's'}`, summary.duration].filter(Boolean);
    const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};`;
    const lines = [
        `<p style="margin:0 0 8px 0;${text}">${count('failed')}, ${count('passed')}, ${count('skipped')} <span style="color:${MUTED};">(${escapeHtml(about.join(', '))})</span></p>`,
        ...summary.failures.map(failedTest),
    ];
    if (summary.more) {
        lines.push(`<p style="margin:8px 0 0 0;font-family:${FONT};font-size:13px;color:${MUTED};">${summary.more}</p>`);
    }
    return lines.join('\n');
}
function failedTest(test) {
    const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};${WRAP}`;
    const mono = `font-family:${MONO};font-size:12px;line-height:17px;color:${MUTED};${WRAP}`;
    const lines = [
        `<p style="margin:0;${text}"><span style="font-weight:bold;color:${FAILED_TEXT};">Failed</span> <b>${escapeHtml(test.title)}</b></p>`,
    ];
    if (test.message)
        lines.push(`<p style="margin:4px 0 0 0;${text}font-size:13px;">${escapeHtml(test.message)}</p>`);
    if (test.details.length > 0) {
        lines.push(`<p style="margin:4px 0 0 0;${mono}">${test.details.map(escapeHtml).join('<br>')}</p>`);
    }
    return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;"><tr>
<td bgcolor="${FAILED_BOX}" style="background-color:${FAILED_BOX};border-left:4px solid ${FAILED_TEXT};padding:10px 12px;">
${lines.join('\n')}
</td></tr></table>`;
}
/**
 * The sentence saying what the commits are counted from, then one row per commit: the short SHA linked in
 * monospace, the message's first line, and under it the author in grey. Messages and names are the committers'
 * text, escaped like every other value.
 */
function changesHtml(changes) {
    const list = changeList(changes);
    const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};${WRAP}`;
    const lead = `<p style="margin:0 0 6px 0;${text}">${list.lead.map((s) => segment(s)).join('')}</p>`;
    if (list.rows.length === 0)
        return lead;
    const rows = list.rows.map(changeRow);
    if (list.more)
        rows.push(`<tr><td colspan="2" style="${jobCell}color:${MUTED};">${list.more}</td></tr>`);
    return `${lead}\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${rows.join('\n')}\n</table>`;
}
function changeRow(row) {
    const sha = `font-family:${MONO};font-size:13px;`;
    return [
        `<tr><td width="72" style="${jobCell}${jobText}width:72px;padding-right:8px;">${html_link(row.url, row.shortSha, sha)}</td>`,
        `<td style="${jobCell}${jobText}${WRAP}color:${INK};">${escapeHtml(row.title)}<br>`,
        `<span style="font-size:13px;color:${MUTED};">${escapeHtml(row.author)}</span></td></tr>`,
    ].join('');
}
/** A table cell carries the colour because Outlook ignores padding and backgrounds on links. */
function html_button(url, look) {
    if (!isWebUrl(url))
        return '';
    const text = `font-family:${FONT};font-size:15px;line-height:20px;font-weight:bold;color:${look.text};text-decoration:none;`;
    return `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="center" bgcolor="${look.banner}" style="background-color:${look.banner};border-radius:6px;padding:10px 22px;">
<a href="${escapeHtml(url)}" style="${text}display:inline-block;">View run</a>
</td></tr></table>`;
}
function footer(ctx) {
    const source = ctx.repository ? ` in ${escapeHtml(ctx.repository)}` : '';
    return `<p style="margin:12px 0 0 0;max-width:600px;font-family:${FONT};font-size:12px;line-height:18px;color:${MUTED};text-align:center;">Sent by a GitHub Actions workflow${source}.</p>`;
}

// EXTERNAL MODULE: ./node_modules/marked/lib/marked.esm.js
var marked_esm = __webpack_require__(8022);
;// CONCATENATED MODULE: ./src/notification/markdown.ts








const LINK_SCHEMES = ['http:', 'https:', 'mailto:'];
/** Inline styles for every tag marked writes, since mail clients drop style sheets and Outlook drops classes. */
const TAG_STYLES = {
    p: 'margin:0 0 12px 0;',
    h1: 'margin:0 0 12px 0;font-size:22px;line-height:28px;',
    h2: 'margin:0 0 12px 0;font-size:19px;line-height:26px;',
    h3: 'margin:0 0 10px 0;font-size:16px;line-height:22px;',
    h4: 'margin:0 0 8px 0;font-size:15px;line-height:22px;',
    h5: 'margin:0 0 8px 0;font-size:14px;line-height:20px;',
    h6: 'margin:0 0 8px 0;font-size:13px;line-height:20px;color:#656d76;',
    ul: 'margin:0 0 12px 0;padding:0 0 0 24px;',
    ol: 'margin:0 0 12px 0;padding:0 0 0 24px;',
    li: 'margin:0 0 4px 0;',
    blockquote: `margin:0 0 12px 0;padding:0 0 0 12px;border-left:4px solid ${BORDER};color:${MUTED};`,
    pre: `margin:0 0 12px 0;padding:12px;background-color:${SHADE};font-size:13px;line-height:18px;white-space:pre-wrap;`,
    code: `font-family:${MONO};font-size:13px;background-color:${SHADE};`,
    table: 'border-collapse:collapse;margin:0 0 12px 0;',
    th: `border:1px solid ${BORDER};padding:6px 10px;background-color:${SHADE};`,
    td: `border:1px solid ${BORDER};padding:6px 10px;`,
    hr: `border:0;border-top:1px solid ${BORDER};margin:16px 0;`,
};
const STYLED_TAG = new RegExp(`<(${Object.keys(TAG_STYLES).join('|')})(?=[\\s>])`, 'g');
/**
 * A body written in markdown, as an HTML mail. The markdown is the workflow's, but values from the run were put
 * into it, so it is treated as untrusted: raw HTML is shown as text, links are kept only for http, https and
 * mailto, and images become links (remote images are blocked by Outlook and tell the sender who opened the mail).
 */
function renderMarkdown(markdown) {
    let html;
    try {
        html = markdownParser().parse(markdown, { async: false });
    }
    catch (error) {
        // marked recurses once per nesting level: ten thousand `>` overflow the stack.
        if (error instanceof RangeError) {
            throw new Error("Input 'body' is markdown nested too deeply to convert (quotes or lists thousands of levels deep).");
        }
        throw error;
    }
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body style="margin:0;padding:0;background-color:#ffffff;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:680px;">
<tr><td style="padding:16px 20px;font-family:${FONT};font-size:15px;line-height:22px;color:${INK};">
${addStyles(html).trim()}
</td></tr>
</table>
</body>
</html>
`;
}
/**
 * A fresh parser per mail: the renderer keeps whether it is inside a link, and marked's shared instance would
 * carry options between callers.
 */
function markdownParser() {
    let linkDepth = 0;
    const renderer = {
        html: ({ text, block }) => block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text),
        code: ({ text }) => `<pre><code>${escapeHtml(text.replace(/\n$/, ''))}\n</code></pre>\n`,
        // After an inline <pre>, <code>, <kbd> or <script>, marked marks the text that follows as already escaped and
        // passes it through raw. Raw HTML is shown as text here, so that text is escaped like any other.
        text(token) {
            return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : escapeHtml(token.text);
        },
        checkbox: ({ checked }) => (checked ? '☑ ' : '☐ '),
        link(token) {
            linkDepth++;
            const inner = this.parser.parseInline(token.tokens);
            linkDepth--;
            return markdown_anchor(token.href, token.title, inner) ?? inner;
        },
        image({ href, title, text }) {
            const words = escapeHtml(text || 'image');
            if (linkDepth > 0 || !isWebUrl(cleanHref(href) ?? ''))
                return words;
            return markdown_anchor(href, title, words) ?? words;
        },
    };
    return new marked_esm/* Marked */.Dz({ gfm: true, breaks: true, renderer });
}
function markdown_anchor(href, title, inner) {
    const url = cleanHref(href);
    if (!url)
        return undefined;
    const titled = title ? ` title="${escapeHtml(title)}"` : '';
    return `<a href="${escapeHtml(url)}"${titled} style="color:${LINK};text-decoration:underline;">${inner}</a>`;
}
/** The URL as the browser would follow it, or undefined when its scheme is not one a mail may link to. */
function cleanHref(href) {
    let encoded;
    try {
        encoded = encodeURI(href).replace(/%25/g, '%');
    }
    catch {
        return undefined;
    }
    if (!URL.canParse(encoded))
        return undefined;
    return LINK_SCHEMES.includes(new URL(encoded).protocol) ? encoded : undefined;
}
/** Every tag in marked's output is marked's own (raw HTML was escaped), so matching tag names is enough. */
function addStyles(html) {
    return html.replace(STYLED_TAG, (_, tag) => `<${tag} style="${TAG_STYLES[tag]}"`);
}
/**
 * A run value made safe to put into markdown: one line (so it cannot start a heading, list or table row) with
 * every ASCII punctuation character backslash-escaped (so it cannot open a link, emphasis, code or HTML).
 */
function escapeMarkdown(value) {
    return singleLine(value).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
/** The default report in markdown, for a markdown template's `default_body`. */
function reportMarkdown(ctx, status) {
    const facts = runFacts(ctx).map((fact) => `- **${escapeMarkdown(fact.label)}:** ${fact.value.map(markdown_segment).join(' ')}`);
    const parts = [`**${escapeMarkdown(singleLine(defaultSubject(ctx, status)))}**`, facts.join('\n')];
    if (ctx.details)
        parts.push('**Jobs**', jobsMarkdown(ctx.details), ...jobList(ctx.details).failed.map(markdown_failure));
    if (ctx.logFile && ctx.logFile.lines.length > 0)
        parts.push(logMarkdown(ctx.logFile));
    if (logExcerpts(ctx).length > 0)
        parts.push(escapeMarkdown(LOGS_NOTE));
    if (ctx.tests)
        parts.push('**Tests**', testsMarkdown(ctx.tests));
    if (ctx.changes)
        parts.push(`**${CHANGES_HEADING}**`, changesMarkdown(ctx.changes));
    if (isWebUrl(ctx.runUrl))
        parts.push(`[View run](${destination(ctx.runUrl)})`);
    return `${parts.join('\n\n')}\n`;
}
/** The jobs as a markdown list: `- ✅ [build](…) · 1m 35s`. */
function jobsMarkdown(details) {
    const list = jobList(details);
    const more = moreNote(list.more, 'job');
    return [...list.jobs.map(jobLine), ...(more ? [`- ${more}`] : [])].join('\n');
}
/** What the commits are counted from, then `- [`abc1234`](…) Fix the login · Jane Doe (@jane)`, one a line. */
function changesMarkdown(changes) {
    const list = changeList(changes);
    const rows = list.rows.map((row) => `- ${linkedCode(row.shortSha, row.url)} ${escapeMarkdown(row.title)} · ${escapeMarkdown(row.author)}`);
    // Escaping makes each segment one trimmed line; the spaces between them are the sentence's own.
    const lead = list.lead
        .map((s) => `${s.text.startsWith(' ') ? ' ' : ''}${markdown_segment(s)}${s.text.endsWith(' ') ? ' ' : ''}`)
        .join('');
    return [lead, ...rows, ...(list.more ? [`- ${list.more}`] : [])].join('\n');
}
function linkedCode(sha, url) {
    return isWebUrl(url) ? `[\`${sha}\`](${destination(url)})` : `\`${sha}\``;
}
function jobLine(job) {
    const duration = job.duration ? ` · ${escapeMarkdown(job.duration)}` : '';
    return `- ${job.look.mark} ${linked(job.name, job.url)} · ${job.look.word}${duration}`;
}
function markdown_failure(job) {
    const lines = [
        ...job.steps.map((step) => `- Failed step: **${escapeMarkdown(step)}**`),
        ...job.annotations.map((a) => `- ${annotationLine([a.level, a.where, a.title], a.message)}`),
        ...warnings(job.warnings),
    ];
    const head = [`**${job.look.mark} ${linked(job.name, job.url)} · ${job.look.word}**`, ...lines].join('\n');
    return job.log ? `${head}\n\n${logMarkdown(job.log)}` : head;
}
/** A caption and a fenced block, its fence longer than any run of backticks in the lines, so none can close it. */
function logMarkdown(log) {
    const longest = Math.max(0, ...log.lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${escapeMarkdown(logCaption(log))}\n\n${fence}text\n${log.lines.join('\n')}\n${fence}`;
}
/** Every excerpt and the note, for a markdown template's `log_excerpt`; empty when there are none. */
function logsMarkdown(ctx) {
    const logs = logExcerpts(ctx);
    return logs.length > 0 ? [...logs.map(logMarkdown), escapeMarkdown(LOGS_NOTE)].join('\n\n') : '';
}
/** A nested list under its own heading, so warnings never read as the cause. */
function warnings(list) {
    if (list.length === 0)
        return [];
    const { heading, levelEach } = warningsHeading(list);
    return [
        `- ${heading}:`,
        ...list.map((a) => `  - ${annotationLine([levelEach && a.level, a.where, a.title], a.message)}`),
    ];
}
function annotationLine(parts, message) {
    const label = parts
        .filter((part) => Boolean(part))
        .map(escapeMarkdown)
        .join(' · ');
    return `${label ? `${label}: ` : ''}${escapeMarkdown(message)}`;
}
function markdown_segment({ text, url }) {
    return url ? linked(text, url) : escapeMarkdown(text);
}
function linked(text, url) {
    return isWebUrl(url) ? `[${escapeMarkdown(text)}](${destination(url)})` : escapeMarkdown(text);
}
/** `<…>` takes any URL the parser has normalised (no spaces or angle brackets left), parentheses included. */
function destination(url) {
    return `<${new URL(url).href}>`;
}
/** The totals, then a list item per failing test with its details nested under it, every value escaped. */
function testsMarkdown(results) {
    const summary = testSummary(results);
    const items = summary.failures.map((test) => [
        `- ❌ **Failed:** ${escapeMarkdown(test.title)}`,
        ...(test.message ? [`  - ${escapeMarkdown(test.message)}`] : []),
        ...test.details.map((line) => `  - ${escapeMarkdown(line)}`),
    ].join('\n'));
    if (summary.more)
        items.push(`- ${summary.more}`);
    return [escapeMarkdown(testTotals(summary)), ...(items.length > 0 ? [items.join('\n')] : [])].join('\n\n');
}

// EXTERNAL MODULE: ./node_modules/mustache/mustache.mjs
var mustache = __webpack_require__(562);
;// CONCATENATED MODULE: ./src/notification/text.ts





/**
 * The plain-text body: a headline, `Label: value` lines, the jobs and what failed in them, and the run URL.
 * Values are flattened to one line so a PR title cannot start a line of its own that looks like one of ours.
 */
function renderText(ctx, status) {
    const jobs = ctx.details ? ['', 'Jobs:', jobLines(ctx.details), ...text_failures(ctx.details)] : [];
    const changes = ctx.changes ? ['', `${CHANGES_HEADING}:`, changeLines(ctx.changes)] : [];
    return [
        singleLine(defaultSubject(ctx, status)),
        '',
        ...runFacts(ctx).map(line),
        ...jobs,
        ...(ctx.logFile && ctx.logFile.lines.length > 0 ? ['', ...logLines(ctx.logFile)] : []),
        ...(logExcerpts(ctx).length > 0 ? ['', LOGS_NOTE] : []),
        ...(ctx.tests ? ['', ...testLines(ctx.tests)] : []),
        ...changes,
        '',
        `View run: ${ctx.runUrl}`,
        '',
    ].join('\n');
}
/** Links follow the words in angle brackets, the plain-text convention clients turn back into links. */
function line(fact) {
    const words = fact.value.map((segment) => singleLine(segment.text)).join(' ');
    const urls = fact.value.flatMap((segment) => (segment.url ? [` <${segment.url}>`] : [])).join('');
    return `${fact.label}: ${words}${urls}`;
}
/**
 * `✅ build · Passed · 1m 35s`, one job a line, and `… and 12 more jobs` when some were left out. The word says
 * the result: the mark is decoration, an empty box where no emoji font exists.
 */
function jobLines(details) {
    const list = jobList(details);
    const more = moreNote(list.more, 'job');
    return [...list.jobs.map(text_jobLine), ...(more ? [`… ${more}`] : [])].join('\n');
}
/**
 * What the commits are counted from (its link after it), then `- abc1234 Fix the login · Jane Doe (@jane) <url>`,
 * one commit a line: the dash keeps a commit message from opening a line that looks like one of ours.
 */
function changeLines(changes) {
    const list = changeList(changes);
    const urls = list.lead.flatMap((segment) => (segment.url ? [` <${segment.url}>`] : [])).join('');
    const lead = singleLine(list.lead.map((segment) => segment.text).join('')) + urls;
    const rows = list.rows.map((row) => `- ${row.shortSha} ${row.title} · ${singleLine(row.author)} <${row.url}>`);
    return [lead, ...rows, ...(list.more ? [`… ${list.more}`] : [])].join('\n');
}
function text_jobLine(job) {
    return [`${job.look.mark} ${job.name}`, job.look.word, job.duration].filter(Boolean).join(' · ');
}
function text_failures(details) {
    const list = jobList(details);
    const more = moreNote(list.moreFailed, 'failed job');
    return [...list.failed.flatMap(text_failure), ...(more ? ['', `… ${more}`] : [])];
}
function text_failure(job) {
    return [
        '',
        `${job.look.mark} ${job.name} · ${job.look.word} <${job.url}>`,
        ...job.steps.map((step) => `  Failed step: ${step}`),
        ...job.annotations.map((a) => `  ${[a.level, a.where, a.title].filter(Boolean).join(' · ')}: ${a.message}`),
        ...text_warnings(job.warnings),
        ...(job.log ? logLines(job.log, '  ') : []),
    ];
}
/** Each log line behind a bar, so none can pass for a line of the mail's own (`View run: …`). */
function logLines(log, indent = '') {
    return [`${indent}${logCaption(log)}:`, ...log.lines.map((line) => `${indent}  | ${line}`)];
}
/** Every excerpt and the note, for a template's `log_excerpt`; empty when there are none. */
function logsText(ctx) {
    const logs = logExcerpts(ctx);
    return logs.length > 0 ? [...logs.flatMap((log) => [...logLines(log), '']), LOGS_NOTE].join('\n') : '';
}
/**
 * Apart from the cause, as a list under their own heading, so no one reads them as what failed. The dash also
 * keeps a run value from opening the line.
 */
function text_warnings(list) {
    if (list.length === 0)
        return [];
    const { heading, levelEach } = warningsHeading(list);
    return [
        `  ${heading}:`,
        ...list.map((a) => {
            const label = [levelEach && a.level, a.where, a.title].filter(Boolean).join(' · ');
            return `  - ${label ? `${label}: ` : ''}${a.message}`;
        }),
    ];
}
/**
 * `Tests: 2 failed, 12 passed, 1 skipped (15 tests, 3.42s)`, then each failing test indented under it, so no test
 * name or message (one line each) can pass for a line of the report.
 */
function testLines(results) {
    const summary = testSummary(results);
    return [
        `Tests: ${testTotals(summary)}`,
        ...summary.failures.flatMap((test) => [
            `  ❌ Failed: ${test.title}`,
            ...(test.message ? [`     ${test.message}`] : []),
            ...test.details.map((line) => `     | ${line}`),
        ]),
        ...(summary.more ? [`  … ${summary.more}`] : []),
    ];
}

;// CONCATENATED MODULE: ./src/notification/template.ts








/** Same cut as the report's, so a template and the default mail agree on what a title is. */
const template_MAX_TITLE = 200;
/**
 * Markup the action built itself with every run value escaped inside (`job_table`, `default_body`): inserted as
 * it is even by `{{x}}`, where escaping it again would show its tags as text.
 */
class Built {
    content;
    constructor(content) {
        this.content = content;
    }
    toString() {
        return this.content;
    }
}
/**
 * The values a template can use, every one a string (empty when the run lacks it, so `{{#pr_number}}…{{/pr_number}}`
 * works as "if"). URLs are left empty unless http(s), like the links of the default mail.
 */
function placeholders(ctx, status, flavour) {
    const look = STATUS_LOOKS[status];
    const web = (url) => (url && isWebUrl(url) ? url : '');
    const details = ctx.details;
    const changes = ctx.changes;
    const failed = details?.jobs.filter(isFailed).map((job) => excerpt(job.name, template_MAX_TITLE)) ?? [];
    const values = {
        repository: ctx.repository,
        repository_url: ctx.repository ? web(ctx.repositoryUrl) : '',
        workflow: ctx.workflow,
        run_number: ctx.runNumber > 0 ? String(ctx.runNumber) : '',
        run_attempt: String(ctx.runAttempt),
        run_url: web(ctx.runUrl),
        status,
        status_word: look.word,
        status_mark: look.mark,
        event: ctx.eventName,
        branch: ctx.refName ?? '',
        sha: ctx.commit?.sha ?? '',
        short_sha: ctx.commit?.shortSha ?? '',
        commit_url: web(ctx.commit?.url),
        commit_message: excerpt(ctx.commit?.title ?? '', template_MAX_TITLE),
        actor: ctx.actor,
        triggering_actor: ctx.triggeringActor ?? ctx.actor,
        pr_number: ctx.pullRequest ? String(ctx.pullRequest.number) : '',
        pr_title: excerpt(ctx.pullRequest?.title ?? '', template_MAX_TITLE),
        pr_url: web(ctx.pullRequest?.url),
        release_tag: ctx.release?.tag ?? '',
        release_url: web(ctx.release?.url),
        compare_url: web(ctx.compareUrl),
        duration: details?.durationSeconds !== undefined ? formatDuration(details.durationSeconds) : '',
        transition: ctx.transition ?? '',
        failed_jobs: failed.join(', '),
        ...testValues(ctx),
        job_table: details
            ? built(flavour, () => jobsHtml(details), () => jobLines(details), () => jobsMarkdown(details))
            : '',
        changes: changes
            ? built(flavour, () => changesHtml(changes), () => changeLines(changes), () => changesMarkdown(changes))
            : '',
        changes_count: changes?.kind === 'since' ? String(changes.total) : '',
        change_authors: changes?.kind === 'since' ? authorNames(changes.commits) : '',
        // Empty, not an empty block, when there is none, so `{{#log_excerpt}}…{{/log_excerpt}}` works as "if".
        log_excerpt: logExcerpts(ctx).length > 0
            ? built(flavour, () => logsHtml(ctx), () => logsText(ctx), () => logsMarkdown(ctx))
            : '',
        default_body: built(flavour, () => reportHtml(ctx, status), () => renderText(ctx, status), () => reportMarkdown(ctx, status)),
    };
    // No prototype: `{{constructor}}` or `{{toString}}` must find nothing rather than Object's functions.
    return Object.assign(Object.create(null), values);
}
/** Empty when no report was read, so `{{#tests_total}}…{{/tests_total}}` shows only with results. */
function testValues(ctx) {
    const summary = ctx.tests && testSummary(ctx.tests);
    return {
        tests_total: summary ? String(summary.total) : '',
        tests_passed: summary ? String(summary.passed) : '',
        tests_failed: summary ? String(summary.failed) : '',
        tests_skipped: summary ? String(summary.skipped) : '',
        failed_tests: summary?.failures.map((test) => test.title).join(', ') ?? '',
    };
}
/** Each author once, newest first, as the commits name them. */
function authorNames(commits) {
    return [...new Set(commits.map((commit) => excerpt(commit.author, template_MAX_TITLE)))].join(', ');
}
function built(flavour, html, text, markdown) {
    if (flavour === 'html')
        return new Built(html());
    return flavour === 'markdown' ? new Built(markdown()) : text();
}
/** How `{{x}}` treats a value: HTML-escaped in HTML bodies, markdown-escaped in markdown, as it is in text. */
const template_ESCAPES = {
    html: escapeHtml,
    markdown: escapeMarkdown,
    text: (value) => value,
};
/**
 * Fills in a subject or body. Mustache is logic-less: a template can only look values up, and a value is
 * inserted as text, never read as a template itself, so a PR title holding `{{` stays a PR title. Each call
 * parses with a writer of its own, so no template is cached past the call.
 */
function renderTemplate(input, template, values, flavour) {
    const escape = template_ESCAPES[flavour];
    try {
        return new mustache/* default */.A.Writer().render(template, values, () => undefined, {
            tags: ['{{', '}}'],
            escape: (value) => value instanceof Built ? value.content : typeof value === 'string' ? escape(value) : '',
        });
    }
    catch (err) {
        throw new Error(`Input '${input}' is not a valid template: ${err instanceof Error ? err.message : String(err)}`);
    }
}

;// CONCATENATED MODULE: ./src/notification/index.ts






/**
 * The mail for a run. A custom subject or body is the workflow author's template: its placeholders are filled
 * with the run's values, escaped for the format it is written in, and the rest goes out as written. Without
 * one, the generated subject and report are used. Throws when a template does not parse, naming the input.
 * Attachments are files, not content: the pipeline adds them.
 */
function composeMail(ctx, options) {
    const { status, subject, body, bodyFormat, from, importance, to, cc, bcc, replyTo } = options;
    const custom = subject
        ? cleanSubject(renderTemplate('subject', subject, placeholders(ctx, status, 'text'), 'text'))
        : '';
    return {
        to,
        cc,
        bcc,
        replyTo,
        // A subject that cleans down to nothing (only whitespace) would send a blank one; the default says more.
        subject: custom || cleanSubject(defaultSubject(ctx, status)),
        body: {
            format: bodyFormat === 'text' ? 'text' : 'html',
            content: body ? customBody(ctx, status, body, bodyFormat) : defaultBody(ctx, status, bodyFormat),
        },
        ...(from && { from }),
        importance,
        headers: notificationHeaders(ctx, status),
    };
}
function customBody(ctx, status, body, format) {
    const filled = renderTemplate('body', body, placeholders(ctx, status, format), format);
    return format === 'markdown' ? renderMarkdown(filled) : filled;
}
/** Markdown is for writing a body; without one, the HTML report is the better mail. */
function defaultBody(ctx, status, format) {
    return format === 'text' ? renderText(ctx, status) : renderHtml(ctx, status);
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/report.ts








/** Sets the step's outputs; every output is set on every path so later steps can test them without guards. */
function setOutputs(outcome) {
    core/* setOutput */.uH('sent', String(outcome.sent));
    core/* setOutput */.uH('status-code', outcome.statusCode === undefined ? '' : String(outcome.statusCode));
    core/* setOutput */.uH('request-id', outcome.requestId ?? '');
    core/* setOutput */.uH('recipients', outcome.recipients === undefined ? '' : String(outcome.recipients));
    core/* setOutput */.uH('subject', outcome.subject ?? '');
    core/* setOutput */.uH('html-file', outcome.preview?.file ?? '');
    const tests = outcome.tests;
    const count = (n) => (n === undefined ? '' : String(n));
    core/* setOutput */.uH('tests-total', count(tests && tests.passed + tests.failed + tests.skipped));
    core/* setOutput */.uH('tests-passed', count(tests?.passed));
    core/* setOutput */.uH('tests-failed', count(tests?.failed));
    core/* setOutput */.uH('tests-skipped', count(tests?.skipped));
}
/**
 * Writes a dry run's mail under RUNNER_TEMP, where a later step (upload-artifact, say) can pick it up. A text
 * body is wrapped in an HTML page too, so `html-file` always opens in a browser.
 */
function writePreview(mail) {
    const html = mail.body.format === 'html' ? mail.body.content : `<pre>${escapeHtml(mail.body.content)}</pre>`;
    const dir = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = (0,external_node_path_.join)(dir, `mail-preview-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.pid}.html`);
    (0,external_node_fs_.writeFileSync)(file, html);
    return { file, html };
}
/** A short job summary. The subject can carry a branch name or a commit title, so it is escaped. */
/** A short job summary; `ctx` adds the evidence of a failure (log excerpts, changes), folded, for a sent mail. */
async function writeSummary(outcome, ctx) {
    const rows = [
        ['Subject', escapeHtml(outcome.subject ?? '')],
        ['Recipients', String(outcome.recipients ?? '')],
    ];
    if (outcome.statusCode !== undefined)
        rows.push(['Graph status', String(outcome.statusCode)]);
    if (outcome.requestId)
        rows.push(['Request id', `<code>${escapeHtml(outcome.requestId)}</code>`]);
    if (outcome.skipped)
        rows.push(['Not sent because', escapeHtml(outcome.skipped)]);
    const heading = outcome.sent
        ? '📧 Notification sent'
        : outcome.skipped
            ? '📧 Notification not sent'
            : '📧 Dry run: notification not sent';
    core/* summary */.z.addHeading(heading, 3).addTable(rows.map(([label, value]) => [{ data: label, header: true }, value]));
    if (outcome.tests)
        addTests(outcome.tests);
    // A dry run shows the whole mail below, evidence included.
    if (ctx && !outcome.preview)
        addEvidence(ctx);
    if (outcome.preview)
        core/* summary */.z.addDetails('Rendered mail', outcome.preview.html);
    // The mail is out by now: a runner without job summaries (older GHES) must not turn that into a failed step.
    if (!process.env.GITHUB_STEP_SUMMARY) {
        core/* debug */.Yz('No GITHUB_STEP_SUMMARY on this runner: job summary skipped.');
        core/* summary */.z.emptyBuffer();
        return;
    }
    await core/* summary */.z.write();
}
/** The totals and a row per failing test; test names and messages come from the reports, so all is escaped. */
function addTests(results) {
    const summary = testSummary(results);
    core/* summary */.z.addHeading('Tests', 4).addRaw(`<p>${escapeHtml(testTotals(summary))}</p>`, true);
    if (summary.failures.length === 0)
        return;
    const rows = summary.failures.map((test) => [
        `❌ ${escapeHtml(test.title)}`,
        [test.message, ...test.details].map(escapeHtml).join('<br>'),
    ]);
    core/* summary */.z.addTable([
        [
            { data: 'Failed test', header: true },
            { data: 'Message', header: true },
        ],
        ...rows,
    ]);
    if (summary.more)
        core/* summary */.z.addRaw(`<p>${escapeHtml(summary.more)}</p>`, true);
}
/** Why it failed, for whoever opens the run rather than the mail: the same blocks the mail shows. */
function addEvidence(ctx) {
    if (logExcerpts(ctx).length > 0)
        core/* summary */.z.addDetails('Log excerpts', logsHtml(ctx));
    if (ctx.changes)
        core/* summary */.z.addDetails(CHANGES_HEADING, changesHtml(ctx.changes));
}

;// CONCATENATED MODULE: ./src/main.ts














/**
 * The entry point (the actions/typescript-action convention, which `@github/local-action` calls): reads the
 * inputs, runs the pipeline, and is the one place that turns an error into a failed step. Every output is set on
 * every path, with what was known when it ended.
 */
async function main_run() {
    const outcome = { sent: false };
    try {
        (0,proxy/* maskProxyPasswords */.Rl)();
        await notify(readInputs(), outcome);
    }
    catch (error) {
        // Graph's status and request id of a refused mail are worth as much to a later step as those of a sent one.
        if (error instanceof failure/* ActionFailure */.dR && error.answer)
            Object.assign(outcome, error.answer);
        fail(error);
    }
    finally {
        setOutputs(outcome);
    }
}
function fail(error) {
    if (!(error instanceof Error)) {
        core/* setFailed */.C1(`${error}`);
        return;
    }
    if (!(error instanceof failure/* ActionFailure */.dR))
        core/* debug */.Yz(error.stack ?? '');
    if (error.cause !== undefined)
        core/* debug */.Yz(`Caused by: ${String(error.cause)}`);
    core/* setFailed */.C1(error.message);
}
/**
 * The pipeline: the run as data, what the API adds, the mail, the send, the report. Fills `outcome` as it learns
 * (recipients from the inputs, the subject once the mail is written) and throws; `run` reports.
 */
async function notify(inputs, outcome) {
    logSettings(inputs);
    outcome.recipients = recipientCount(inputs);
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const [attachments, tests] = await Promise.all([
        resolveAttachments(inputs.attachments, workspace),
        readTestResults(inputs.testResults, workspace),
    ]);
    outcome.tests = tests.results;
    logTests(tests);
    const limits = { maxMessageBytes: inputs.maxMessageBytes, cloud: inputs.cloud };
    const event = process.env.GITHUB_EVENT_NAME ?? '';
    const base = readRunContext(process.env, event, readEventPayload(process.env.GITHUB_EVENT_PATH));
    // Signing in takes two round trips and needs nothing GitHub says: started first, it runs beside the reads.
    const early = sendsWhateverGitHubSays(inputs) && fits(attachments, limits) ? startSignIn(inputs, base) : undefined;
    const { ctx, status, verdict } = await assess(inputs, base);
    const to = toWithAuthors(inputs, ctx.changes, status);
    const reported = tests.results ? { ...ctx, tests: tests.results } : ctx;
    const mail = { ...composeMail(reported, { ...inputs, to, status }), attachments };
    outcome.subject = mail.subject;
    outcome.recipients = recipientCount(mail);
    checkLimits(mail, limits);
    core/* info */.pq(`Subject: ${mail.subject}`);
    core/* info */.pq(`Recipients: ${recipientCount(mail)} (to ${mail.to.length}, cc ${mail.cc.length}, bcc ${mail.bcc.length})`);
    for (const file of attachments)
        core/* info */.pq(`Attachment: ${file.name} (${file.size} bytes, ${file.contentType})`);
    if (!verdict.send) {
        outcome.skipped = verdict.reason;
        core/* info */.pq(`Not sent: ${verdict.reason}.`);
    }
    else if (inputs.dryRun) {
        outcome.preview = writePreview(mail);
        showRendered(mail);
        core/* info */.pq(`Dry run: the mail was rendered to ${outcome.preview.file} and not sent.`);
    }
    else {
        const result = await (await (early ?? startSignIn(inputs, ctx))).send(mail);
        Object.assign(outcome, { sent: true, ...result });
        core/* info */.pq(`Sent through ${inputs.sender}: Graph answered ${result.statusCode} (request-id ${result.requestId}).`);
    }
    if (inputs.jobSummary)
        await writeSummary(outcome, reported);
}
/**
 * Whether the inputs alone say the mail goes out, so signing in may start before GitHub is read: a dry run or a
 * mail notify-when holds back must make no sign-in request at all. `notify-when: change`, and `failure` or
 * `not-success` with `status: auto`, wait for GitHub's answer and then sign in: the two sign-in round trips come
 * after the reads instead of beside them (at 100 ms latency, 5 in a row for a failure mail with its annotations
 * against 3), paid only by those who chose fewer mails, rather than a token asked for on every run that sends
 * nothing.
 */
function sendsWhateverGitHubSays(inputs) {
    if (inputs.dryRun)
        return false;
    if (inputs.notifyWhen === 'always')
        return true;
    if (inputs.status === 'auto' || inputs.notifyWhen === 'change')
        return false;
    return decide(inputs.notifyWhen, inputs.status).send;
}
/**
 * Whether the files alone are within the limits. When they are not, the mail is refused once written (its
 * subject then known for the outputs) and no sign-in is started for it; only a body that tips files just under
 * the limit over it is refused after a token was asked for.
 */
function fits(attachments, limits) {
    try {
        checkLimits({ attachments, body: { format: 'text', content: '' } }, limits);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Starts signing in: the token requests go out now, and the returned send waits for them. Its failures (a
 * credential that cannot be made, a sign-in Entra refuses) surface when the mail is sent, as they did before.
 */
function startSignIn(inputs, ctx) {
    core/* info */.pq(`Signing in to ${inputs.authorityHost} as app ${inputs.clientId} with ${credentialLabel(inputs)}.`);
    // Loaded only to send: the identity and Graph libraries are most of the bundle, and a dry run or a mail
    // notify-when holds back needs neither.
    const sending = Promise.all([Promise.all(/* import() */[__webpack_require__.e(491), __webpack_require__.e(359)]).then(__webpack_require__.bind(__webpack_require__, 2359)), Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(171)]).then(__webpack_require__.bind(__webpack_require__, 4171))]).then(([{ createCredential }, { startSending }]) => startSending({
        saveToSentItems: inputs.saveToSentItems,
        credential: () => createCredential(inputs, ctx),
        facts: factsOf(inputs),
        timeoutSeconds: inputs.timeoutSeconds,
    }));
    // Heard when the mail is sent; a step that fails before then (a template that does not parse) says why itself.
    sending.catch(() => { });
    return sending;
}
function factsOf(inputs) {
    return {
        tenantId: inputs.tenantId,
        clientId: inputs.clientId,
        sender: inputs.sender,
        from: inputs.from?.address,
        authorityHost: inputs.authorityHost,
        graphEndpoint: inputs.graphEndpoint,
    };
}
function logSettings(inputs) {
    core/* debug */.Yz(`cloud: ${inputs.cloud}`);
    core/* debug */.Yz(`authority-host: ${inputs.authorityHost}`);
    core/* debug */.Yz(`graph-endpoint: ${inputs.graphEndpoint}`);
    core/* debug */.Yz(`tenant-id: ${inputs.tenantId}, client-id: ${inputs.clientId}`);
    core/* debug */.Yz(`sender: ${inputs.sender}${inputs.from ? `, from: ${inputs.from.address}` : ''}`);
    core/* debug */.Yz(`status: ${inputs.status}, notify-when: ${inputs.notifyWhen}, github-token: ${inputs.githubToken ? 'set' : 'empty'}`);
    core/* debug */.Yz(`body-format: ${inputs.bodyFormat}, importance: ${inputs.importance}`);
    core/* debug */.Yz(`save-to-sent-items: ${inputs.saveToSentItems}, timeout-seconds: ${inputs.timeoutSeconds}`);
}
/** Read before anything slow, so a report that cannot be read is said early, and never fails the step. */
function logTests({ results, warnings, notes }) {
    for (const line of warnings)
        core/* warning */.$e(line);
    for (const line of notes)
        core/* info */.pq(line);
    if (!results)
        return;
    const { reports, passed, failed, skipped } = results;
    core/* info */.pq(`Tests: ${failed} failed, ${passed} passed, ${skipped} skipped (${reports} report${reports === 1 ? '' : 's'}).`);
}
function credentialLabel(inputs) {
    const { credential } = inputs;
    if (credential.kind === 'oidc')
        return `GitHub OIDC (audience ${credential.audience})`;
    return credential.kind === 'secret' ? 'client secret' : 'client certificate';
}
/** The body is printed with workflow commands off: a line of a commit message must not become `::error::`. */
function showRendered(mail) {
    const token = (0,external_node_crypto_.randomUUID)();
    core/* startGroup */.Oh(`Rendered ${mail.body.format} body`);
    core/* info */.pq(`::stop-commands::${token}`);
    core/* info */.pq(mail.body.content);
    core/* info */.pq(`::${token}::`);
    core/* endGroup */.N4();
}


/***/ }),

/***/ 1987:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rl: () => (/* binding */ maskProxyPasswords),
/* harmony export */   SR: () => (/* binding */ refusedByProxy),
/* harmony export */   oh: () => (/* binding */ dispatcher),
/* harmony export */   xh: () => (/* binding */ proxyFailure)
/* harmony export */ });
/* unused harmony exports configuredProxy, shownProxy, unreachableProxy */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6421);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6752);
/**
 * The proxy of self-hosted runners that reach the internet only through one: `https_proxy` / `HTTPS_PROXY`
 * (else `http_proxy` / `HTTP_PROXY`), except the hosts `no_proxy` / `NO_PROXY` lists, as undici reads them.
 * Node's own fetch and node:https ignore these variables; every request this action makes itself goes through
 * the dispatcher here. (Sign-in, GitHub's OIDC token and Octokit read the same variables through their libraries.)
 */




/** The proxy https requests go through, read as undici reads the variables; undefined when none is set. */
function configuredProxy(env = process.env) {
    const variable = env.https_proxy !== undefined ? 'https_proxy' : env.HTTPS_PROXY !== undefined ? 'HTTPS_PROXY' : undefined;
    if (variable && env[variable])
        return { variable, url: parse(env[variable]) };
    const fallback = env.http_proxy !== undefined ? 'http_proxy' : env.HTTP_PROXY !== undefined ? 'HTTP_PROXY' : undefined;
    return fallback && env[fallback] ? { variable: fallback, url: parse(env[fallback]) } : undefined;
}
/** A value without a scheme (`proxy.corp:8080`) is read as http, as @actions/http-client reads it. */
function parse(value) {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
}
/**
 * Registers the password of every proxy variable with the runner, before anything is sent: the identity library's
 * verbose log (AZURE_LOG_LEVEL) prints its proxy agent, URL and password included, and the runner masks only what
 * it was told.
 */
function maskProxyPasswords(env = process.env) {
    for (const variable of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
        const value = env[variable];
        if (!value)
            continue;
        const { password } = parse(value);
        if (!password)
            continue;
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(password);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(decodeURIComponent(password));
    }
}
let shared;
/**
 * One dispatcher per run, made on first use, so connections are kept alive across requests. A plain Agent when
 * no proxy is set: EnvHttpProxyAgent would route the same way, but prints an "experimental" warning into every
 * run's log.
 */
function dispatcher() {
    return (shared ??= configuredProxy() ? new undici__WEBPACK_IMPORTED_MODULE_3__.EnvHttpProxyAgent() : new undici__WEBPACK_IMPORTED_MODULE_3__.Agent());
}
/** The proxy as a log line may show it: scheme, host and port, never its user name or password. */
function shownProxy(url) {
    return `${url.protocol}//${url.host}`;
}
/**
 * What the proxy has to do with a request to `target` that failed without an answer (`reason` is what the
 * failure said): the one line that names the proxy and the fix when it refused the tunnel or takes no
 * connections; undefined when there is no proxy or the failure lies elsewhere.
 */
async function proxyFailure(reason, target) {
    return refusedByProxy(reason, target) ?? (await unreachableProxy());
}
/** undici's words when the proxy answers CONNECT with anything but 200. */
const REFUSED = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;
/** The line for a proxy that answered the tunnel with a refusal (407, 403, 502 ...); undefined for anything else. */
function refusedByProxy(reason, target) {
    const proxy = configuredProxy();
    const status = Number(REFUSED.exec(reason)?.[1]);
    if (!proxy || !status)
        return undefined;
    const host = new URL(target).host;
    const fix = status === 407
        ? `It wants credentials: give them in ${proxy.variable} as http://user:password@host:port, or check the ones there.`
        : `Ask for ${host} to be let through, or list it in NO_PROXY if the runner may reach it directly.`;
    const answer = [status, node_http__WEBPACK_IMPORTED_MODULE_0__.STATUS_CODES[status]].filter(Boolean).join(' ');
    return `The proxy ${shownProxy(proxy.url)} that ${proxy.variable} names refused a connection to ${host} (${answer}). ${fix}`;
}
/** How long the diagnosis waits for the proxy to take a connection. */
const PROBE_MS = 5000;
/**
 * After a request failed without an answer: when a proxy is set and takes no connection, the one line that says
 * so and names it; undefined when there is no proxy or it is reachable (the failure lies elsewhere).
 */
async function unreachableProxy() {
    const proxy = configuredProxy();
    if (!proxy)
        return undefined;
    const reason = await connectionError(proxy.url);
    if (reason === undefined)
        return undefined;
    return (`Could not reach the proxy ${shownProxy(proxy.url)} that ${proxy.variable} names (${reason}). Check ` +
        `${proxy.variable}, or list the hosts this runner reaches directly in NO_PROXY.`);
}
/** Why a TCP connection to the proxy failed, or undefined when it was accepted. */
function connectionError(url) {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    return new Promise((resolve) => {
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_1__.connect)({ host: url.hostname.replace(/^\[|\]$/g, ''), port, timeout: PROBE_MS });
        const done = (reason) => (socket.destroy(), resolve(reason));
        socket.once('connect', () => done());
        socket.once('timeout', () => done(`no connection within ${PROBE_MS / 1000} seconds`));
        socket.once('error', (error) => done(error.message));
    });
}


/***/ })

};
