export const id = 359;
export const ids = [359];
export const modules = {

/***/ 2359:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ID_TOKEN_MARGIN_SECONDS: () => (/* binding */ ID_TOKEN_MARGIN_SECONDS),
/* harmony export */   cachedIdToken: () => (/* binding */ cachedIdToken),
/* harmony export */   createCredential: () => (/* binding */ createCredential),
/* harmony export */   noIdTokenMessage: () => (/* binding */ noIdTokenMessage)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _azure_identity__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1491);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1633);



/**
 * The app-only credential the inputs ask for. Instance discovery is off: it would ask login.microsoftonline.com
 * about the authority even for a national cloud or an overridden host, which fails where that host is not
 * reachable and adds a request everywhere else; the tenant's openid-configuration still validates the authority.
 */
function createCredential(settings, run) {
    const options = { authorityHost: settings.authorityHost, disableInstanceDiscovery: true };
    const { tenantId, clientId, credential } = settings;
    switch (credential.kind) {
        case 'secret':
            return new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ClientSecretCredential */ .HC(tenantId, clientId, credential.secret, options);
        case 'certificate':
            return new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ClientCertificateCredential */ .m0(tenantId, clientId, { certificate: credential.pem, certificatePassword: credential.password }, options);
        case 'oidc':
            assertIdTokenAvailable(run);
            return new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ClientAssertionCredential */ .XI(tenantId, clientId, idTokenFor(credential.audience), options);
    }
}
/** Fails before any request when GitHub will not hand this job an OIDC token, saying why. */
function assertIdTokenAvailable(run) {
    if (process.env.ACTIONS_ID_TOKEN_REQUEST_URL)
        return;
    throw new _failure_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionFailure */ .dR(noIdTokenMessage(run));
}
/**
 * Events whose runs for a pull request from a fork get no secrets and a read-only token. pull_request_target and
 * workflow_run are not among them: they run in the base repository, with its secrets, even for a fork.
 */
const FORK_RESTRICTED_EVENTS = ['pull_request', 'pull_request_review', 'pull_request_review_comment'];
/** Events whose runs Dependabot starts get Dependabot's secrets only (not the Actions secrets) and a read-only token. */
const DEPENDABOT_RESTRICTED_EVENTS = [...FORK_RESTRICTED_EVENTS, 'push', 'create', 'deployment', 'deployment_status'];
const DEPENDABOT = 'dependabot[bot]';
/**
 * Why this job holds neither a secret nor an OIDC token, for the event that started it (GitHub's "Events that
 * trigger workflows" and "Troubleshooting Dependabot on GitHub Actions").
 */
function noIdTokenMessage(run) {
    const fork = run.pullRequest?.fork;
    if (run.actor === DEPENDABOT && DEPENDABOT_RESTRICTED_EVENTS.includes(run.eventName)) {
        return (`No credential: this ${run.eventName} run was started by Dependabot, and GitHub gives such runs only the ` +
            "Dependabot secrets (so 'client-secret' is empty unless the secret is stored there too) and a read-only " +
            "token. Add the secret under Settings → Secrets and variables → Dependabot, add 'permissions: id-token: " +
            "write' to the job, or skip the step with if: github.actor != 'dependabot[bot]'.");
    }
    if (run.actor === DEPENDABOT && run.eventName === 'pull_request_target') {
        return ('No credential: this pull_request_target run was started by Dependabot, and GitHub gives such runs no ' +
            "secrets (so 'client-secret' is empty) and a read-only token. Skip the step with " +
            "if: github.actor != 'dependabot[bot]'.");
    }
    if (fork !== undefined && FORK_RESTRICTED_EVENTS.includes(run.eventName)) {
        return (`No credential: this ${run.eventName} run is for a pull request from the fork ${fork}, and GitHub gives ` +
            "such runs no secrets (so 'client-secret' is empty) and no OIDC token. Skip the step for forks, e.g. " +
            'if: github.event.pull_request.head.repo.full_name == github.repository, or mail from a workflow_run ' +
            "workflow, which runs with this repository's secrets.");
    }
    return ("No credential: 'client-secret' and 'client-certificate' are empty, so the action signs in with GitHub OIDC, " +
        "but this job may not request an OIDC token. Add 'permissions: id-token: write' to the job (or the " +
        "workflow), or pass 'client-secret' or 'client-certificate'.");
}
/**
 * A token this close to its expiry is fetched again: Entra must receive it still valid, and one fetched at the
 * start can expire during a long upload.
 */
const ID_TOKEN_MARGIN_SECONDS = 60;
/**
 * The identity library calls its assertion callback on every getToken, twice, even when it then answers from its
 * own cache, and the Graph client calls getToken before every request. One source per audience for the whole run,
 * so a credential made afresh (after Graph rejected an access token) still reuses the ID token.
 */
const idTokenSources = new Map();
function idTokenFor(audience) {
    let source = idTokenSources.get(audience);
    if (source === undefined) {
        let fetched = 0;
        source = cachedIdToken(async () => {
            const token = await requestIdToken(audience);
            // The claims stay the same from one token to the next: once is enough to match a federated credential.
            if (fetched++ === 0)
                logClaims(token);
            else
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`Renewed the GitHub OIDC token: the one held was within ${ID_TOKEN_MARGIN_SECONDS} s of expiry.`);
            return token;
        });
        idTokenSources.set(audience, source);
    }
    return source;
}
/**
 * Wraps `fetch` so that its token is reused until it comes within the margin of its `exp`, and callers that ask
 * at the same time share one request. A token without a readable `exp` is never reused: nothing says how long it
 * lasts. A failed fetch is not remembered: the next call asks again.
 */
function cachedIdToken(fetch, now = Date.now) {
    let held;
    let pending;
    const refresh = async () => {
        try {
            const token = await fetch();
            held = { token, expiresAt: expiryOf(token) };
            return token;
        }
        finally {
            pending = undefined;
        }
    };
    return () => {
        if (held !== undefined && isFresh(held.expiresAt, now()))
            return Promise.resolve(held.token);
        pending ??= refresh();
        return pending;
    };
}
function isFresh(expiresAt, now) {
    return expiresAt !== undefined && expiresAt - now > ID_TOKEN_MARGIN_SECONDS * 1000;
}
/** Asks GitHub for an OIDC token for `audience`, masked at once. */
async function requestIdToken(audience) {
    let token;
    try {
        token = await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience);
    }
    catch (error) {
        // @actions/core spreads GitHub's status and message over several lines; the error line has only one.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
        throw new Error(`${_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .ID_TOKEN_FAILURE */ .tJ}: ${reason}`);
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token);
    return token;
}
/** The claims a federated credential must match (never the token itself), so a mismatch can be fixed from the log. */
function logClaims(token) {
    const claims = decodeClaims(token);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub OIDC token: issuer ${String(claims.iss)}, subject ${String(claims.sub)}, audience ${String(claims.aud)}`);
}
/** `exp` in milliseconds since the epoch, when the token has a numeric one. */
function expiryOf(token) {
    const { exp } = decodeClaims(token);
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
function decodeClaims(token) {
    try {
        const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return claims !== null && typeof claims === 'object' ? claims : {};
    }
    catch {
        return {};
    }
}


/***/ })

};
