/**
 * The token errors Entra ID answers, with its OAuth error names, HTTP statuses and description texts, so a
 * client's error handling meets the strings it will meet in production.
 */
import { randomUUID } from 'node:crypto';

export interface Aadsts {
  code: number;
  error: string;
  status: number;
  text: string;
}

const aadsts = (code: number, error: string, status: number, text: string): Aadsts => ({ code, error, status, text });

export const tenantNotFound = (tenant: string, error = 'invalid_request'): Aadsts =>
  aadsts(
    90002,
    error,
    400,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
      'correct cloud. Check with your subscription administrator, this may happen if there are no active ' +
      'subscriptions for the tenant.',
  );

export const missingParameter = (name: string): Aadsts =>
  aadsts(900144, 'invalid_request', 400, `The request body must contain the following parameter: '${name}'.`);

export const postOnly = (method: string): Aadsts =>
  aadsts(900561, 'invalid_request', 400, `The endpoint only accepts POST requests. Received a ${method} request.`);

export const unsupportedGrant = (grant: string): Aadsts =>
  aadsts(70003, 'unsupported_grant_type', 400, `The app requested an unsupported grant type '${grant}'.`);

export const appNotFound = (appId: string, tenantName: string): Aadsts =>
  aadsts(
    700016,
    'unauthorized_client',
    400,
    `Application with identifier '${appId}' was not found in the directory '${tenantName}'. This can happen if ` +
      'the application has not been installed by the administrator of the tenant or consented to by any user in ' +
      'the tenant. You may have sent your authentication request to the wrong tenant.',
  );

export const missingCredential = (): Aadsts =>
  aadsts(
    7000218,
    'invalid_client',
    401,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );

export const invalidSecret = (appId: string): Aadsts =>
  aadsts(
    7000215,
    'invalid_client',
    401,
    'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
      `not the client secret ID, for a secret added to app '${appId}'.`,
  );

export const expiredSecret = (appId: string): Aadsts =>
  aadsts(
    7000222,
    'invalid_client',
    401,
    `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys ` +
      'for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added ' +
      'security: https://aka.ms/certCreds.',
  );

export const missingAssertionType = (): Aadsts =>
  aadsts(
    90014,
    'invalid_request',
    400,
    "The required field 'client_assertion_type' is missing from the credential. Ensure that you have all the " +
      'necessary parameters for the login request.',
  );

export const malformedAssertion = (): Aadsts =>
  aadsts(50027, 'invalid_request', 400, 'JWT token is invalid or malformed.');

const CERTIFICATE_DOCS = 'https://learn.microsoft.com/entra/identity-platform/certificate-credentials';

// Entra points at Graph's application API, where the registered keys can be listed.
const keysHint = (appId: string): string =>
  `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. ` +
  'Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding ' +
  'service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http ' +
  `to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${appId}'`;

export const unknownAssertionKey = (appId: string, thumbprint: string): Aadsts =>
  aadsts(
    700027,
    'invalid_client',
    401,
    'The certificate with identifier used to sign the client assertion is not registered on application. ' +
      `[Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', ${keysHint(appId)}]`,
  );

export const expiredAssertionKey = (thumbprint: string, start: string, end: string): Aadsts =>
  aadsts(
    700027,
    'invalid_client',
    401,
    'Client assertion contains an invalid signature. [Reason - Key was found, but the key is expired., ' +
      `Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${dotnetTime(start)}, End=${dotnetTime(end)}']`,
  );

export const invalidAssertionSignature = (thumbprint: string): Aadsts =>
  aadsts(
    700027,
    'invalid_client',
    401,
    'Client assertion contains an invalid signature. [Reason - Key was found, but the signature could not be ' +
      `verified with it., Thumbprint of key used by client: '${thumbprint}']`,
  );

export const assertionClientMismatch = (): Aadsts =>
  aadsts(
    700021,
    'invalid_client',
    401,
    "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at " +
      `${CERTIFICATE_DOCS} .`,
  );

export const assertionAudienceMismatch = (): Aadsts =>
  aadsts(50012, 'invalid_client', 401, 'Client assertion audience claim does not match Realm issuer.');

export const assertionOutOfTime = (now: number, nbf: number, exp: number): Aadsts =>
  aadsts(
    700024,
    'invalid_client',
    401,
    `Client assertion is not within its valid time range. Current time: ${ticksTime(now)}, assertion valid from ` +
      `${ticksTime(nbf * 1000)}, expiry time of assertion ${ticksTime(exp * 1000)}. Review the documentation at ` +
      `${CERTIFICATE_DOCS} .`,
  );

export const untrustedAssertionSignature = (issuer: string): Aadsts =>
  aadsts(
    50027,
    'invalid_request',
    400,
    `Invalid JWT token. The token signature could not be verified with the signing keys of issuer '${issuer}'.`,
  );

const FEDERATION_DOCS = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

export const noFederatedIssuer = (issuer: string): Aadsts =>
  aadsts(
    700211,
    'invalid_client',
    401,
    `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your ` +
      `federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`,
  );

export const noFederatedSubject = (subject: string): Aadsts =>
  aadsts(
    700213,
    'invalid_client',
    401,
    `No matching federated identity record found for presented assertion subject '${subject}'. Check your ` +
      `federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`,
  );

export const federatedSubjectCase = (subject: string): Aadsts =>
  aadsts(
    7002138,
    'invalid_client',
    401,
    `No matching federated identity record found for presented assertion subject '${subject}'. The subject ` +
      'matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated ' +
      `identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`,
  );

export const noFederatedAudience = (audience: string): Aadsts =>
  aadsts(
    700212,
    'invalid_client',
    401,
    `No matching federated identity record found for presented assertion audience '${audience}'. Please check your ` +
      `federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`,
  );

/** .NET's round-trip format with 100 ns ticks, as Entra writes instants into 700024. */
const ticksTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '0000Z');

/** .NET's invariant date format (MM/dd/yyyy HH:mm:ss), as Entra writes a key's validity. */
function dotnetTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  );
}

export const scopeWithoutDefault = (scope: string): Aadsts =>
  aadsts(
    1002012,
    'invalid_scope',
    400,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with ` +
      '/.default suffixed to the resource identifier (application ID URI).',
  );

export const resourceNotFound = (resource: string, tenantName: string): Aadsts =>
  aadsts(
    500011,
    'invalid_resource',
    400,
    `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen ` +
      'if the application has not been installed by the administrator of the tenant or consented to by any user ' +
      'in the tenant. You might have sent your authentication request to the wrong tenant.',
  );

/** Entra's error body: the description ends with the trace lines support asks for. */
export function errorBody(failure: Aadsts, authorityHost: string, correlationId: string, traceId = randomUUID()) {
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error: failure.error,
    error_description:
      `AADSTS${failure.code}: ${failure.text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}` +
      `\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityHost}/error?code=${failure.code}`,
  };
}
