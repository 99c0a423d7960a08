import { describe, expect, it } from 'vitest';
import {
  describeGraphFailure,
  describeSignInFailure,
  type Facts,
  type GraphAnswer,
} from '../../src/graph/diagnosis.js';
import { ID_TOKEN_FAILURE } from '../../src/failure.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CORRELATION = 'c0ffee00-1234-4abc-9def-0123456789ab';
const TRACE = 'a7e1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a5b';
const REQUEST = '5d6c7b8a-9f0e-4d1c-b2a3-948576abcdef';

const facts: Facts = {
  tenantId: TENANT,
  clientId: CLIENT,
  sender: 'ci@contoso.com',
  authorityHost: 'https://login.microsoftonline.us',
  graphEndpoint: 'https://graph.microsoft.us',
};

/**
 * The text @azure/identity throws for an Entra error: MSAL's ServerError message, which wraps Entra's
 * error_description (itself ending in CRLF-separated trace lines) between its own ` - ` fields.
 */
function entraError(code: number, error: string, text: string): string {
  const timestamp = '2025-06-01 12:00:00Z';
  const description = `AADSTS${code}: ${text}\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: ${timestamp}`;
  return (
    `${error}: Error(s): ${code} - Timestamp: ${timestamp} - Description: ${description} - ` +
    `Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`
  );
}

const CLOUD_HINT = "and that 'cloud' (or 'authority-host') matches the cloud the tenant lives in";

const SUBJECT = 'repo:Contoso/api:ref:refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const FIC_HELP =
  'Check your federated identity credential Subject, Audience and Issuer against the presented assertion.';
const failed = (code: number, what: string) =>
  `Sign-in to Entra ID failed (AADSTS${code}): ${what} (correlation id: ${CORRELATION})`;

describe('describeSignInFailure: certificates, OIDC and clouds', () => {
  it('AADSTS700027: a certificate the app does not know', () => {
    const detail = entraError(
      700027,
      'invalid_client',
      'The certificate with identifier used to sign the client assertion is not registered on application.',
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        700027,
        `the certificate in 'client-certificate' is not registered on app ${CLIENT}, or has expired. Upload its ` +
          'public part (the .cer/.pem without the key) under Certificates & secrets → Certificates.',
      ),
    );
  });

  it('AADSTS700024: an assertion outside its time range', () => {
    const detail = entraError(700024, 'invalid_client', 'Client assertion is not within its valid time range.');
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        700024,
        "the client assertion is outside its valid time range. Check the runner's clock; with OIDC, re-run the job.",
      ),
    );
  });

  it('AADSTS700213: shows the subject to register', () => {
    const detail = entraError(
      700213,
      'invalid_client',
      `No matching federated identity record found for presented assertion subject '${SUBJECT}'. ${FIC_HELP}`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        700213,
        `no federated credential has the subject ${SUBJECT}. Add a federated credential with exactly this subject ` +
          '(issuer https://token.actions.githubusercontent.com, audience as logged above).',
      ),
    );
  });

  it('AADSTS7002138: a subject that differs only in case', () => {
    const detail = entraError(
      7002138,
      'invalid_client',
      `No matching federated identity record found for presented assertion subject '${SUBJECT}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        7002138,
        `a federated credential has the subject ${SUBJECT} only in other letter case, and Entra compares subjects ` +
          "case-sensitively. Change the credential's subject to exactly this text.",
      ),
    );
  });

  it('AADSTS700211: an issuer no credential has', () => {
    const detail = entraError(
      700211,
      'invalid_client',
      `No matching federated identity record found for presented assertion issuer '${ISSUER}'. ${FIC_HELP}`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        700211,
        `no federated credential has the OIDC token's issuer ${ISSUER}. Add a federated credential to the app ` +
          "(Certificates & secrets → Federated credentials) whose issuer, subject and audience equal the token's, " +
          'as logged above; for github.com the issuer is https://token.actions.githubusercontent.com.',
      ),
    );
  });

  it('AADSTS700212: an audience no credential accepts', () => {
    const detail = entraError(
      700212,
      'invalid_client',
      `No matching federated identity record found for presented assertion audience 'api://AzureADTokenExchangeUSGov'. ${FIC_HELP}`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        700212,
        "no federated credential accepts the OIDC token's audience api://AzureADTokenExchangeUSGov. Set " +
          "'oidc-audience' to the credential's audience, or add this one to it.",
      ),
    );
  });

  it('AADSTS70021: names all three claims', () => {
    const detail = entraError(
      70021,
      'invalid_request',
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${ISSUER}'. Assertion Subject: '${SUBJECT}'. Assertion Audience: 'api://AzureADTokenExchange'.`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        70021,
        `no federated credential matches the OIDC token (issuer ${ISSUER}, subject ${SUBJECT}, audience ` +
          'api://AzureADTokenExchange). Add a federated credential to the app (Certificates & secrets → Federated ' +
          "credentials) whose issuer, subject and audience equal the token's, as logged above.",
      ),
    );
  });

  it.each([
    ["belongs to the National Cloud 'China'", 'china'],
    ["belongs to the National Cloud 'USGovernment'", 'usgov'],
    ["belongs to the National Cloud 'USGovDoD'", 'usgov-dod'],
  ])('AADSTS90038 (%s) suggests cloud: %s', (text, cloud) => {
    const detail = entraError(
      90038,
      'invalid_request',
      `Tenant '${TENANT}' ${text}. Current cloud instance 'Prod' does not federate with it.`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        90038,
        `tenant ${TENANT} lives in another Microsoft cloud than https://login.microsoftonline.us. Set 'cloud: ${cloud}'.`,
      ),
    );
  });

  it('AADSTS900432: a cross-cloud request', () => {
    const detail = entraError(
      900432,
      'invalid_request',
      'Confidential Client is not supported in Cross Cloud request.',
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      failed(
        900432,
        "the request crossed Microsoft clouds, which confidential clients may not do. Set 'cloud' to the cloud the " +
          'tenant lives in (public, usgov, usgov-dod or china), and drop authority-host / graph-endpoint overrides.',
      ),
    );
  });

  it('an OIDC token GitHub would not give', () => {
    const detail = `${ID_TOKEN_FAILURE}: Failed to get ID Token. Error Code : 500 Error Message: boom`;
    expect(describeSignInFailure(detail, facts)).toBe(
      'Could not get an OIDC token from GitHub (Failed to get ID Token. Error Code : 500 Error Message: boom). ' +
        "Check that the job has 'permissions: id-token: write'.",
    );
  });
});

describe('describeGraphFailure: a token for another cloud', () => {
  it("401 'Invalid audience' suggests the cloud", () => {
    const answer = {
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token validation failure. Invalid audience.',
      requestId: REQUEST,
      attempts: 1,
    };
    expect(describeGraphFailure(answer, facts)).toBe(
      'Graph sendMail failed (401 InvalidAuthenticationToken): Graph did not accept the access token (Access token ' +
        "validation failure. Invalid audience.): the token is for https://graph.microsoft.us, another cloud's Graph. " +
        "Set 'cloud' to the tenant's cloud (public, usgov, usgov-dod or china) and make 'authority-host' and " +
        `'graph-endpoint', if set, belong to that same cloud. (request-id: ${REQUEST})`,
    );
  });
});

describe('describeSignInFailure', () => {
  it('AADSTS7000215: the secret ID was given instead of its value', () => {
    const detail = entraError(
      7000215,
      'invalid_client',
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
        `not the client secret ID, for a secret added to app '${CLIENT}'.`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      "Sign-in to Entra ID failed (AADSTS7000215): the client secret is wrong. Put the secret's Value in " +
        "'client-secret' (shown once, when the secret is created), not its Secret ID. " +
        `(correlation id: ${CORRELATION})`,
    );
  });

  it('AADSTS7000222: the secret has expired', () => {
    const detail = entraError(
      7000222,
      'invalid_client',
      `The provided client secret keys for app '${CLIENT}' are expired.`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      `Sign-in to Entra ID failed (AADSTS7000222): the client secret of app ${CLIENT} has expired. Create a new ` +
        "one under Certificates & secrets and update the secret passed as 'client-secret'. " +
        `(correlation id: ${CORRELATION})`,
    );
  });

  it('AADSTS700016: the app is not in the tenant', () => {
    const detail = entraError(
      700016,
      'unauthorized_client',
      `Application with identifier '${CLIENT}' was not found in the directory 'Contoso'.`,
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      `Sign-in to Entra ID failed (AADSTS700016): app ${CLIENT} is not registered in tenant ${TENANT}. Check that ` +
        "'client-id' is the Application (client) ID and 'tenant-id' the Directory (tenant) ID of the same app " +
        `registration. (correlation id: ${CORRELATION})`,
    );
  });

  it('AADSTS90002: the tenant does not exist in this cloud', () => {
    const detail = entraError(90002, 'invalid_request', `Tenant '${TENANT}' not found.`);
    expect(describeSignInFailure(detail, facts)).toBe(
      `Sign-in to Entra ID failed (AADSTS90002): tenant ${TENANT} was not found. Check that 'tenant-id' is the ` +
        `Directory (tenant) ID ${CLOUD_HINT}. (correlation id: ${CORRELATION})`,
    );
  });

  it('AADSTS500011: Graph of another cloud was asked for', () => {
    const detail = entraError(
      500011,
      'invalid_resource',
      'The resource principal named https://graph.microsoft.us was not found in the tenant named Contoso.',
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      `Sign-in to Entra ID failed (AADSTS500011): the resource https://graph.microsoft.us is not known in tenant ` +
        `${TENANT}. Check 'graph-endpoint' ${CLOUD_HINT}. (correlation id: ${CORRELATION})`,
    );
  });

  it('an unknown AADSTS code shows the first line of Entra’s own description, not the trace lines', () => {
    const detail = entraError(
      50011,
      'invalid_request',
      "The redirect URI 'x' specified in the request does not match the redirect URIs configured for the application.",
    );
    expect(describeSignInFailure(detail, facts)).toBe(
      "Sign-in to Entra ID failed (AADSTS50011): The redirect URI 'x' specified in the request does not match the " +
        `redirect URIs configured for the application. (correlation id: ${CORRELATION})`,
    );
  });

  it('AADSTS900023: a tenant-id that is neither a GUID nor a domain', () => {
    const detail = entraError(
      900023,
      'invalid_request',
      "Specified tenant identifier 'contoso' is neither a valid DNS name, nor a valid external domain.",
    );
    expect(describeSignInFailure(detail, { ...facts, tenantId: 'contoso' })).toBe(
      'Sign-in to Entra ID failed (AADSTS900023): "contoso" is not a tenant. Set \'tenant-id\' to the Directory ' +
        `(tenant) ID (a GUID) or a verified domain of the tenant. (correlation id: ${CORRELATION})`,
    );
  });

  it('cuts a description recovered from JSON at its escaped line breaks', () => {
    const detail =
      'endpoints_resolution_error\nhttps://login/x/v2.0/.well-known/openid-configuration answered 400: ' +
      'AADSTS90099: The application has not been authorized in the tenant.\\r\\nTrace ID: x';
    expect(describeSignInFailure(detail, facts)).toBe(
      'Sign-in to Entra ID failed (AADSTS90099): The application has not been authorized in the tenant.',
    );
  });

  it('reads the code and correlation id from the description identity appends on its own line', () => {
    const detail =
      'invalid_client Status code: 401\nMore details:\nAADSTS7000215: Invalid client secret provided.\r\n' +
      `Trace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION.toUpperCase()}\r\nTimestamp: 2025-06-01 12:00:00Z,`;
    expect(describeSignInFailure(detail, facts)).toMatch(
      new RegExp(
        `^Sign-in to Entra ID failed \\(AADSTS7000215\\): the client secret is wrong\\. .* \\(correlation id: ${CORRELATION.toUpperCase()}\\)$`,
      ),
    );
  });

  it('leaves the correlation id out when Entra gave none', () => {
    expect(describeSignInFailure('AADSTS90002: Tenant not found.', facts)).toBe(
      `Sign-in to Entra ID failed (AADSTS90002): tenant ${TENANT} was not found. Check that 'tenant-id' is the ` +
        `Directory (tenant) ID ${CLOUD_HINT}.`,
    );
  });

  const METADATA = `https://login.microsoftonline.us/${TENANT}/v2.0/.well-known/openid-configuration`;
  const UNRESOLVED = 'endpoints_resolution_error: Endpoints cannot be resolved';

  it('endpoints_resolution_error with Entra’s answer from the metadata probe: the AADSTS code inside wins', () => {
    const body = JSON.stringify({
      error: 'invalid_tenant',
      error_description: `AADSTS90002: Tenant '${TENANT}' not found.\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}`,
      error_codes: [90002],
      correlation_id: CORRELATION,
    });
    expect(describeSignInFailure(`${UNRESOLVED}\n${METADATA} answered 400: ${body}`, facts)).toBe(
      `Sign-in to Entra ID failed (AADSTS90002): tenant ${TENANT} was not found. Check that 'tenant-id' is the ` +
        `Directory (tenant) ID ${CLOUD_HINT}. (correlation id: ${CORRELATION})`,
    );
  });

  it('endpoints_resolution_error with a metadata answer that is not Entra’s: the HTTP status', () => {
    const detail = `${UNRESOLVED}\n${METADATA} answered 404: <html><body>Not Found</body></html>`;
    expect(describeSignInFailure(detail, facts)).toBe(
      `Sign-in to Entra ID failed: https://login.microsoftonline.us has no sign-in metadata for tenant ${TENANT} ` +
        `(HTTP 404). Check 'tenant-id' ${CLOUD_HINT}.`,
    );
  });

  it('endpoints_resolution_error with a network error from the metadata probe: the host and the reason', () => {
    const detail = `${UNRESOLVED}\n${METADATA}: fetch failed: getaddrinfo ENOTFOUND login.microsoftonline.us`;
    expect(describeSignInFailure(detail, facts)).toBe(
      'Sign-in to Entra ID failed: could not reach https://login.microsoftonline.us (fetch failed: getaddrinfo ' +
        "ENOTFOUND login.microsoftonline.us). Check 'authority-host' and 'cloud', and that the runner can reach " +
        'that host.',
    );
  });

  it('endpoints_resolution_error without a probe result: the host and the first line', () => {
    expect(describeSignInFailure(UNRESOLVED, facts)).toBe(
      `Sign-in to Entra ID at https://login.microsoftonline.us failed: ${UNRESOLVED}`,
    );
  });

  it('anything else: the host and the first non-blank line of the error', () => {
    const detail = '\n  getaddrinfo ENOTFOUND login.microsoftonline.us  \nat GetAddrInfoReqWrap.onlookup';
    expect(describeSignInFailure(detail, facts)).toBe(
      'Sign-in to Entra ID at https://login.microsoftonline.us failed: getaddrinfo ENOTFOUND login.microsoftonline.us',
    );
  });
});

describe('describeGraphFailure', () => {
  const answer = (status: number, code: string, message = '', extra: Partial<GraphAnswer> = {}): GraphAnswer => ({
    status,
    code,
    message,
    requestId: REQUEST,
    attempts: 1,
    ...extra,
  });
  const TAIL = ` (request-id: ${REQUEST})`;

  it('403 ErrorAccessDenied: Mail.Send missing or not consented', () => {
    expect(
      describeGraphFailure(
        answer(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
        facts,
      ),
    ).toBe(
      `Graph sendMail failed (403 ErrorAccessDenied): app ${CLIENT} may not send mail. Add Mail.Send as an ` +
        '*Application* permission (not Delegated) and grant admin consent; if an application access policy or ' +
        `RBAC for Applications scopes the app, include mailbox ci@contoso.com.${TAIL}`,
    );
  });

  const POLICY =
    `Graph sendMail failed (403 ErrorAccessDenied): an application access policy (or RBAC for Applications) keeps ` +
    `app ${CLIENT} out of mailbox ci@contoso.com. Add the mailbox to the group the policy names, or scope the ` +
    `app's role to include it.${TAIL}`;

  it.each([
    'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
    'The app is not authorized by RBAC for Applications to access this mailbox.',
    // The text Microsoft documents for a blocking application access policy, without the reason the emulator adds.
    'Access to OData is disabled.',
  ])('403 ErrorAccessDenied: a policy keeps the app out (%s)', (message) => {
    expect(describeGraphFailure(answer(403, 'ErrorAccessDenied', message), facts)).toBe(POLICY);
  });

  it('ErrorSendAsDenied names the From address', () => {
    expect(
      describeGraphFailure(
        answer(
          403,
          'ErrorSendAsDenied',
          'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
        ),
        {
          ...facts,
          from: 'builds@contoso.com',
        },
      ),
    ).toBe(
      'Graph sendMail failed (403 ErrorSendAsDenied): mailbox ci@contoso.com may not send as builds@contoso.com. ' +
        "Grant it Send As (or Send on Behalf) on that mailbox in Exchange, or remove the 'from' input." +
        TAIL,
    );
  });

  it('ErrorSendAsDenied without from says "the From address"', () => {
    expect(describeGraphFailure(answer(403, 'ErrorSendAsDenied'), facts)).toBe(
      'Graph sendMail failed (403 ErrorSendAsDenied): mailbox ci@contoso.com may not send as the From address. ' +
        "Grant it Send As (or Send on Behalf) on that mailbox in Exchange, or remove the 'from' input." +
        TAIL,
    );
  });

  it.each(['ErrorInvalidUser', 'ResourceNotFound'])('404 %s: no such mailbox', (code) => {
    expect(describeGraphFailure(answer(404, code, "The requested user 'ci@contoso.com' is invalid."), facts)).toBe(
      `Graph sendMail failed (404 ${code}): there is no mailbox ci@contoso.com in tenant ${TENANT}. Set 'sender' ` +
        `to the user principal name, primary SMTP address or object id of an existing mailbox.${TAIL}`,
    );
  });

  it.each(['MailboxNotEnabledForRESTAPI', 'ErrorMailboxNotEnabledForRESTAPI'])('%s: unlicensed mailbox', (code) => {
    expect(
      describeGraphFailure(
        answer(404, code, 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'),
        facts,
      ),
    ).toBe(
      `Graph sendMail failed (404 ${code}): mailbox ci@contoso.com cannot be used through Graph: it has no ` +
        'Exchange Online licence, is inactive, or is hosted on-premises. License the user, or send from a shared ' +
        `mailbox (no licence needed).${TAIL}`,
    );
  });

  it("400 ErrorInvalidRecipients quotes Graph's message", () => {
    expect(
      describeGraphFailure(answer(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.'), facts),
    ).toBe(
      'Graph sendMail failed (400 ErrorInvalidRecipients): Graph refused the recipients (At least one recipient ' +
        `is not valid.). Check the addresses in 'to', 'cc' and 'bcc'.${TAIL}`,
    );
  });

  it('413 ErrorMessageSizeExceeded', () => {
    expect(
      describeGraphFailure(
        answer(413, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size.'),
        facts,
      ),
    ).toBe(
      'Graph sendMail failed (413 ErrorMessageSizeExceeded): the message is larger than Graph accepts in one ' +
        `sendMail request (4 MB). Shorten the body.${TAIL}`,
    );
  });

  it('413 without a code (the gateway refused it)', () => {
    expect(describeGraphFailure(answer(413, '', 'Request Entity Too Large'), facts)).toBe(
      'Graph sendMail failed (413): the message is larger than Graph accepts in one sendMail request (4 MB). ' +
        `Shorten the body.${TAIL}`,
    );
  });

  it('400 with the 4 MB request message (as users see it instead of a 413)', () => {
    expect(describeGraphFailure(answer(400, 'BadRequest', 'The maximum request length supported is 4MB.'), facts)).toBe(
      'Graph sendMail failed (400 BadRequest): the message is larger than Graph accepts in one sendMail request ' +
        `(4 MB). Shorten the body.${TAIL}`,
    );
  });

  it('401 InvalidAuthenticationToken points at the endpoint and the clock', () => {
    expect(
      describeGraphFailure(
        answer(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.'),
        facts,
      ),
    ).toBe(
      'Graph sendMail failed (401 InvalidAuthenticationToken): Graph did not accept the access token (Lifetime ' +
        'validation failed, the token is expired.). The token was requested for https://graph.microsoft.us: check ' +
        "that 'graph-endpoint' (or 'cloud') matches the tenant's cloud and that the system clock is right." +
        TAIL,
    );
  });

  it.each([
    ['ApplicationThrottled', ' ApplicationThrottled'],
    ['', ''],
  ])('429 %j counts the attempts made', (code, shown) => {
    expect(
      describeGraphFailure(
        answer(429, code, 'Application is over its MailboxConcurrency limit.', { attempts: 4 }),
        facts,
      ),
    ).toBe(
      `Graph sendMail failed (429${shown}): Exchange Online is throttling mailbox ci@contoso.com and 4 attempts did ` +
        "not get through. Send fewer mails from it at a time, or raise 'timeout-seconds' so throttled sends can " +
        `wait.${TAIL}`,
    );
  });

  it("an unknown code shows Graph's code and message", () => {
    expect(describeGraphFailure(answer(400, 'ErrorInvalidInternetMessageHeader', 'Header too long.'), facts)).toBe(
      `Graph sendMail failed (400 ErrorInvalidInternetMessageHeader): Header too long.${TAIL}`,
    );
  });

  it('no code and no message: the status alone', () => {
    expect(describeGraphFailure(answer(502, ''), facts)).toBe(`Graph sendMail failed (502)${TAIL}`);
  });

  it('leaves the request id out when there is none', () => {
    expect(describeGraphFailure(answer(503, 'ServiceUnavailable', 'Try again later.', { requestId: '' }), facts)).toBe(
      'Graph sendMail failed (503 ServiceUnavailable): Try again later.',
    );
    expect(describeGraphFailure(answer(404, 'ErrorInvalidUser', '', { requestId: '' }), facts)).toBe(
      `Graph sendMail failed (404 ErrorInvalidUser): there is no mailbox ci@contoso.com in tenant ${TENANT}. Set ` +
        "'sender' to the user principal name, primary SMTP address or object id of an existing mailbox.",
    );
  });

  it('matches codes, not statuses: a mapped code wins over the 413 and 429 fallbacks', () => {
    expect(describeGraphFailure(answer(429, 'ErrorAccessDenied', 'Access is denied.'), facts)).toMatch(
      /^Graph sendMail failed \(429 ErrorAccessDenied\): app .* may not send mail\./,
    );
  });

  describe('size errors name the limit the operation met', () => {
    const MAILBOX_LIMIT =
      'the mail is larger than mailbox ci@contoso.com may send. Exchange Online holds each mail, measured after ' +
      "encoding (attachments grow by about a third), against the mailbox's MaxSendSize (35 MB unless an admin " +
      "changed it). Attach fewer or smaller files, set 'max-message-size' to that limit so the action refuses such " +
      'mails before sending, or have an Exchange admin raise MaxSendSize on the mailbox (Set-Mailbox -MaxSendSize).';

    // Which status Graph gives ErrorMessageSizeExceeded is undocumented: the line follows the code either way.
    it.each([413, 400])(
      '%s ErrorMessageSizeExceeded on the draft send: the mailbox, not the 4 MB request',
      (status) => {
        const size = answer(status, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size.', {
          operation: 'send',
        });
        expect(describeGraphFailure(size, facts)).toBe(
          `Graph send failed (${status} ErrorMessageSizeExceeded): ${MAILBOX_LIMIT}${TAIL}`,
        );
      },
    );

    it.each(['addAttachment', 'createUploadSession'])('on %s too: the draft grew past the mailbox limit', (op) => {
      const size = answer(413, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size.', {
        operation: op,
      });
      expect(describeGraphFailure(size, facts)).toBe(
        `Graph ${op} failed (413 ErrorMessageSizeExceeded): ${MAILBOX_LIMIT}${TAIL}`,
      );
    });

    it.each(['sendMail', 'createDraft'])('on %s, which carries the body, it stays the 4 MB request', (op) => {
      const size = answer(413, 'ErrorMessageSizeExceeded', 'Too large.', { operation: op });
      expect(describeGraphFailure(size, facts)).toBe(
        `Graph ${op} failed (413 ErrorMessageSizeExceeded): the message is larger than Graph accepts in one ` +
          `sendMail request (4 MB). Shorten the body.${TAIL}`,
      );
    });

    it('an upload session refused for a file under its floor says what to do with the file', () => {
      const small = answer(
        400,
        'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
        'Attachment size must be greater than the minimum size.',
        { operation: 'createUploadSession' },
      );
      expect(describeGraphFailure(small, facts)).toBe(
        'Graph createUploadSession failed (400 ErrorAttachmentSizeShouldNotBeLessThanMinimumSize): Outlook would ' +
          'not open an upload session for an attachment under its minimum size (3 MB), and that file is too large ' +
          `to go in one 4 MB request once base64-encoded. Compress it, or zip it together with another file.${TAIL}`,
      );
    });

    it('a Graph without upload sessions points at the cloud', () => {
      const missing = answer(400, 'BadRequest', "Resource not found for the segment 'createUploadSession'.", {
        operation: 'createUploadSession',
      });
      expect(describeGraphFailure(missing, facts)).toBe(
        'Graph createUploadSession failed (400 BadRequest): https://graph.microsoft.us did not open an upload ' +
          "session (Resource not found for the segment 'createUploadSession'.). Graph in the US Government clouds " +
          "has none: if the tenant is in one, set 'cloud' to usgov or usgov-dod, which keeps each attachment under " +
          `3 MB.${TAIL}`,
      );
    });

    it('any other BadRequest is shown as Graph worded it', () => {
      expect(describeGraphFailure(answer(400, 'BadRequest', 'Bad JSON.', { operation: 'send' }), facts)).toBe(
        `Graph send failed (400 BadRequest): Bad JSON.${TAIL}`,
      );
    });
  });
});
