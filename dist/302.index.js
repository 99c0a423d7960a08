export const id = 302;
export const ids = [302];
export const modules = {

/***/ 3302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createCredential: () => (/* binding */ createCredential)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
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
            return new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ClientAssertionCredential */ .XI(tenantId, clientId, () => idToken(credential.audience), options);
    }
}
/** Fails before any request when GitHub will not hand this job an OIDC token, saying why. */
function assertIdTokenAvailable(run) {
    if (process.env.ACTIONS_ID_TOKEN_REQUEST_URL)
        return;
    const fork = run.pullRequest?.fork;
    if (fork !== undefined) {
        throw new _failure_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionFailure */ .d(`No credential: this run is a pull request from the fork ${fork}, and GitHub gives such runs neither ` +
            "secrets (so 'client-secret' is empty) nor OIDC tokens. Skip the step for forks, e.g. " +
            'if: github.event.pull_request.head.repo.full_name == github.repository.');
    }
    throw new _failure_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionFailure */ .d("No credential: 'client-secret' and 'client-certificate' are empty, so the action signs in with GitHub OIDC, " +
        "but this job may not request an OIDC token. Add 'permissions: id-token: write' to the job (or the " +
        "workflow), or pass 'client-secret' or 'client-certificate'.");
}
/**
 * Fetches GitHub's OIDC token for `audience` and logs the claims a federated credential must match (never the
 * token itself), so a mismatch can be fixed from the log alone.
 */
async function idToken(audience) {
    let token;
    try {
        token = await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience);
    }
    catch (error) {
        throw new Error(`${_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .ID_TOKEN_FAILURE */ .t}: ${error instanceof Error ? error.message : String(error)}`);
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token);
    const claims = decodeClaims(token);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub OIDC token: issuer ${String(claims.iss)}, subject ${String(claims.sub)}, audience ${String(claims.aud)}`);
    return token;
}
function decodeClaims(token) {
    try {
        return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
}


/***/ })

};
